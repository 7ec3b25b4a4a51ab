import type { TypeInfo } from "../../analysis/ir/type-info.js";

/** Whether a typed array or buffer is visible to another thread. */
export type Sharing = "shared" | "private" | "unknown";

export interface TypedArrayValue {
  kind: "typed-array";
  /** The key's stem: `flags`, `RingBuffer.state`, `ring.head` (message path), `?.flags`; absent for a fresh `new X()`. */
  base?: string;
  confidence: "exact" | "owner-unknown";
  type?: TypeInfo;
  sharing: Sharing;
}

/** What the front-end knows of the value of an expression: a small abstract domain, no more. */
export type Value =
  | TypedArrayValue
  | { kind: "buffer"; sharing: Sharing }
  /** Something another thread sent: `workerData`, `event.data`, and paths below them. */
  | { kind: "message"; path: string[] }
  /** A MessageEvent: its `data` is a message. */
  | { kind: "message-event" }
  | { kind: "instance"; className: string }
  | { kind: "number" }
  | { kind: "bigint" }
  | { kind: "unknown" };

export const UNKNOWN: Value = { kind: "unknown" };

const SHARING_RANK: Record<Sharing, number> = { private: 0, unknown: 1, shared: 2 };

export function strongerSharing(a: Sharing, b: Sharing): Sharing {
  return SHARING_RANK[a] >= SHARING_RANK[b] ? a : b;
}

/**
 * Combines what an annotation says (`: Int32Array`) with what the initialiser says (`workerData.ring`):
 * the type comes from the annotation when it has one, the key stem from the value's origin.
 */
export function mergeValues(declared: Value, derived: Value): Value {
  if (declared.kind === "unknown") return derived;
  if (derived.kind === "unknown") return declared;
  if (declared.kind === "typed-array" && derived.kind === "typed-array") {
    const type = declared.type ?? derived.type;
    const base = derived.base ?? declared.base;
    return {
      kind: "typed-array",
      ...(base !== undefined ? { base } : {}),
      confidence: derived.base !== undefined ? derived.confidence : declared.confidence,
      ...(type ? { type } : {}),
      sharing: strongerSharing(declared.sharing, derived.sharing),
    };
  }
  if (declared.kind === "typed-array" && derived.kind === "message") {
    return { ...declared, base: messageBase(derived.path), confidence: "exact", sharing: "shared" };
  }
  return declared;
}

/** The key stem of an array that arrived in a message at `path` (`workerData.ring.head` -> `ring.head`). */
export function messageBase(path: readonly string[]): string {
  return path.length > 0 ? path.join(".") : "message";
}

export function elementValueOf(type: TypeInfo | undefined): Value {
  if (!type) return UNKNOWN;
  if (type.name === "BigInt64Array" || type.name === "BigUint64Array") return { kind: "bigint" };
  if (type.name === "DataView") return UNKNOWN;
  return { kind: "number" };
}
