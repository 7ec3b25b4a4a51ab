import type { AccessOp } from "../../analysis/ir/events.js";
import type { FieldKey } from "../../analysis/ir/field-key.js";
import type { Site } from "../../analysis/ir/site.js";
import type { TypeInfo } from "../../analysis/ir/type-info.js";
import type { Sharing } from "./values.js";

/** A value an operation writes into (or compares against) an element, with what is known of its kind. */
export interface OperandFact {
  kind: "number" | "bigint" | "unknown";
  text: string;
  /** The literal as written (`1`, `0x10`, `5n`) when the operand is a numeric or bigint literal. */
  literal?: string;
  site: Site;
}

/**
 * One use of a typed array that the JS-only checks judge: an `Atomics.*` call (on any array) or a plain
 * element store (on an array of known type). The IR keeps what pairing needs; these keep what type
 * checks need besides (the kinds of the values written).
 */
export interface TypedArrayOperation {
  /** `Atomics.store`, ..., or `plain` for `view[i] = v`. */
  api: string;
  op: AccessOp;
  key: FieldKey;
  /** The array argument as written: `this.state`, `flags`. */
  arrayText: string;
  type?: TypeInfo;
  /** Whether the array is over shared memory, as far as its declarations tell. */
  sharing: Sharing;
  values: OperandFact[];
  functionName: string;
  site: Site;
}

/** Arguments of each `Atomics` method that are element values (not the array, index, count or timeout). */
export const ATOMICS_VALUE_ARGUMENTS: Readonly<Record<string, readonly number[]>> = {
  "Atomics.store": [2],
  "Atomics.add": [2],
  "Atomics.sub": [2],
  "Atomics.and": [2],
  "Atomics.or": [2],
  "Atomics.xor": [2],
  "Atomics.exchange": [2],
  "Atomics.compareExchange": [2, 3],
  "Atomics.wait": [2],
  "Atomics.waitAsync": [2],
};
