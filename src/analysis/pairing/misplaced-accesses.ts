import { fieldKeysMatch } from "../ir/field-key.js";
import { isLoad, isStore, type OrderingPoint, type SideAccess } from "./ordering-point.js";
import { matchAccesses, type PairEdge } from "./pair-edge.js";

/**
 * An access on the wrong side of a paired point: a reader's data load before its barrier (the
 * writer stores that field before its own barrier, so the load may see an old value), or a writer's
 * data store after its barrier (the reader loads that field after its barrier).
 */
export interface MisplacedAccess {
  access: SideAccess;
  kind: "load-before" | "store-after";
  edge: PairEdge;
  /** The partner's access that the misplaced one should have been ordered against (the flag). */
  flag: SideAccess;
}

const sameKey = (a: SideAccess, b: SideAccess) => a.access.key.id === b.access.key.id && a.access.key.confidence === "exact";
const matches = (a: SideAccess, b: SideAccess) => fieldKeysMatch(a.access.key, b.access.key);

/**
 * Only accesses the point's own function makes in the same iteration. Callers vary, and on QEMU an
 * access reached through a callee was most often an incidental one (a helper's bookkeeping) matched to
 * an unrelated barrier, so such accesses never make a wrong-side report on their own.
 */
function isCertain(side: SideAccess): boolean {
  return side.position !== "self" && side.context === "local" && !side.crossesIteration;
}

/** Whether the pair's flag is matched by accesses both functions make themselves. */
function hasLocalFlag(edge: PairEdge): boolean {
  return edge.first.some((match) => match.from.context === "local" && match.to.context === "local");
}

/**
 * `edges` are pairs of two threads: the caller leaves out partners one thread runs in sequence (a
 * consumer reading back its own index), which pass no message.
 */
export function misplacedAccesses(point: OrderingPoint, edges: readonly PairEdge[]): MisplacedAccess[] {
  const messagePassing = edges.filter((edge) => edge.kind === "message-passing" && edge.from !== edge.to);
  // An access that already serves as the flag of some pair is where it belongs.
  const flags = new Set(messagePassing.flatMap((edge) => edge.first.flatMap((match) => [match.from.access, match.to.access])));
  const found = new Map<SideAccess["access"], MisplacedAccess>();
  for (const edge of messagePassing) {
    if (edge.confidence !== "exact" || !hasLocalFlag(edge)) continue;
    if (edge.to === point && point.read) {
      const writer = edge.from.write!;
      for (const load of [...point.read.before, ...(point.unordered?.before ?? []).filter(isLoad)]) {
        if (!isCertain(load) || flags.has(load.access) || found.has(load.access)) continue;
        if (point.read.after.some((other) => sameKey(other, load))) continue;
        if (!writer.before.some((store) => store.access.op !== "load" && sameKey(store, load))) continue;
        if (writer.after.some((store) => matches(store, load))) continue;
        found.set(load.access, { access: load, kind: "load-before", edge, flag: edge.first[0]!.from });
      }
    }
    if (edge.from === point && point.write) {
      const reader = edge.to.read!;
      for (const store of [...point.write.after, ...(point.unordered?.after ?? []).filter(isStore)]) {
        if (!isCertain(store) || flags.has(store.access) || found.has(store.access)) continue;
        if (point.write.before.some((other) => sameKey(other, store))) continue;
        if (!reader.after.some((load) => load.access.op !== "store" && sameKey(load, store))) continue;
        if (reader.before.some((load) => matches(load, store))) continue;
        found.set(store.access, { access: store, kind: "store-after", edge, flag: edge.first[0]!.to });
      }
    }
  }
  return [...found.values()];
}

/**
 * The pair a writer and a reader would make on their shared flag alone, when no data matches (so no
 * message-passing edge exists): enough to find data left on the wrong side of either.
 */
export function flagOnlyEdge(writer: OrderingPoint, reader: OrderingPoint): PairEdge | undefined {
  if (!writer.write || !reader.read) return undefined;
  const first = matchAccesses(writer.write.after, reader.read.before);
  if (first.length === 0) return undefined;
  return {
    id: `flag-only:${writer.id}->${reader.id}`, kind: "message-passing", from: writer, to: reader, first, second: [],
    confidence: first.some((match) => match.exact) ? "exact" : "owner-unknown",
  };
}
