import { fieldKeysMatch, isExternalMemoryKey, type FieldKey } from "../ir/field-key.js";
import { fieldNameOf, KeyBuckets } from "./key-buckets.js";
import type { OrderedSides, OrderingPoint, SideAccess } from "./ordering-point.js";
import { isSequencedInOneFunction } from "./sequenced-points.js";

/** Two accesses, one on each end of an edge, that touch the same shared field. */
export interface KeyMatch {
  from: SideAccess;
  to: SideAccess;
  /** False when the match relies on an owner-unknown key (`?.f` against `T.f`). */
  exact: boolean;
}

export type EdgeKind = "message-passing" | "store-buffering" | "reversed";

/**
 * How a `reversed` candidate pair is misordered:
 * - `reversed`: the reader loads the writer's data before its barrier and the flag after it;
 * - `early-data`: the flag matches, but the reader loads the data before its barrier too;
 * - `late-flag`: the data matches, but the reader loads the flag after its barrier too.
 */
export type Misorder = "reversed" | "early-data" | "late-flag";

/**
 * A relation between two ordering points.
 * - `message-passing`: `from` is the writer, `to` the reader; `first` matches the writer's stores
 *   after its point with the reader's loads before its point (the flag), `second` the writer's stores
 *   before with the reader's loads after (the data).
 * - `store-buffering`: `first` matches `from`'s stores with `to`'s loads, `second` `from`'s loads with
 *   `to`'s stores.
 * - `reversed`: a writer and a reader that share fields but do not pair, because some of the
 *   reader's loads sit on the wrong side of its barrier (see `Misorder`). `first` holds the matches
 *   that are right, `second` those on the wrong side (both wrong for `misorder: "reversed"`).
 */
export interface PairEdge {
  id: string;
  kind: EdgeKind;
  from: OrderingPoint;
  to: OrderingPoint;
  first: KeyMatch[];
  second: KeyMatch[];
  confidence: "exact" | "owner-unknown";
  /** For `reversed` edges. */
  misorder?: Misorder;
}

/** `fieldKeysMatch`, with the common cases (same id; two exact keys) decided without splitting ids. */
function keysMatch(a: FieldKey, b: FieldKey): boolean {
  if (a.id === b.id) return true;
  return (a.id.startsWith("?.") || b.id.startsWith("?.")) && fieldKeysMatch(a, b);
}

/**
 * Sides of at most this many accesses are scanned rather than filed by key: a long function has
 * many points with short sides, and three maps per side cost more than they save.
 */
const SMALL_SIDE = 16;

/** Whether a side access can match another point's (see `bucketsOf`). */
function isMatchable(entry: SideAccess): boolean {
  return !entry.crossesIteration && !isExternalMemoryKey(entry.access.key.id);
}

/** What `bucketsOf(side).bucketsFor(key)` finds, in the same order, by scanning the side. */
function scannedBuckets(side: readonly SideAccess[], key: FieldKey): SideAccess[][] {
  const name = fieldNameOf(key);
  if (key.id.startsWith("?.")) return [side.filter((entry) => isMatchable(entry) && fieldNameOf(entry.access.key) === name)];
  return [
    side.filter((entry) => isMatchable(entry) && entry.access.key.id === key.id),
    side.filter((entry) => isMatchable(entry) && entry.access.key.id.startsWith("?.") && fieldNameOf(entry.access.key) === name),
  ];
}

/** A side's accesses filed by key, built once per side. */
const sideBuckets = new WeakMap<readonly SideAccess[], KeyBuckets<SideAccess>>();

function bucketsOf(side: readonly SideAccess[]): KeyBuckets<SideAccess> {
  let buckets = sideBuckets.get(side);
  if (!buckets) {
    buckets = new KeyBuckets();
    // Memory outside the program pairs with its outside holder, never with another point of the project.
    for (const entry of side) if (isMatchable(entry)) buckets.add(entry.access.key, entry);
    sideBuckets.set(side, buckets);
  }
  return buckets;
}

/**
 * Accesses of the two ends that touch the same field. Accesses reached only around a loop belong to
 * another iteration than the point and are left out.
 */
export function matchAccesses(from: readonly SideAccess[], to: readonly SideAccess[], conflictingOnly = false): KeyMatch[] {
  const matches: KeyMatch[] = [];
  someMatch(from, to, conflictingOnly, (a, b) => {
    const exact = a.access.key.id === b.access.key.id && a.access.key.confidence === "exact" && b.access.key.confidence === "exact";
    matches.push({ from: a, to: b, exact });
    return false;
  });
  return matches;
}

/** Visits the matches `matchAccesses` lists, in its order, until `found` returns true; returns whether it did. */
function someMatch(
  from: readonly SideAccess[], to: readonly SideAccess[], conflictingOnly: boolean, found: (a: SideAccess, b: SideAccess) => boolean,
): boolean {
  const targets = to.length > SMALL_SIDE ? bucketsOf(to) : undefined;
  for (const a of from) {
    if (a.crossesIteration || isExternalMemoryKey(a.access.key.id)) continue;
    for (const bucket of targets ? targets.bucketsFor(a.access.key) : scannedBuckets(to, a.access.key)) {
      for (const b of bucket) {
        if (!keysMatch(a.access.key, b.access.key)) continue;
        if (conflictingOnly && a.access.op === "load" && b.access.op === "load") continue;
        if (found(a, b)) return true;
      }
    }
  }
  return false;
}

/**
 * Whether a match of `first` and a match of `from` x `to` (the second list, not built) use different
 * accesses on each end: `combines(first, matchAccesses(from, to, conflictingOnly))`.
 */
function combinesWith(first: readonly KeyMatch[], from: readonly SideAccess[], to: readonly SideAccess[], conflictingOnly = false): boolean {
  return first.length > 0
    && someMatch(from, to, conflictingOnly, (a, b) => first.some((match) => match.from.access !== a.access && match.to.access !== b.access));
}

const sameFrom = (a: KeyMatch, b: KeyMatch) => a.from.access === b.from.access;
const sameTo = (a: KeyMatch, b: KeyMatch) => a.to.access === b.to.access;

/** Two matches that can be the two halves of one pair: they use different accesses on each end (one access cannot be both the flag and the data). */
function compatible(a: KeyMatch, b: KeyMatch): boolean {
  return !sameFrom(a, b) && !sameTo(a, b);
}

/** Whether some match of `first` and some match of `second` make a pair (`combine` keeps something). */
function combines(first: readonly KeyMatch[], second: readonly KeyMatch[]): boolean {
  return first.some((a) => second.some((b) => compatible(a, b)));
}

/** The matches that take part in a valid pair of matches, and whether one such pair is exact. */
function combine(first: readonly KeyMatch[], second: readonly KeyMatch[]): Matched {
  const keptFirst = first.filter((a) => second.some((b) => compatible(a, b)));
  const keptSecond = second.filter((b) => keptFirst.some((a) => compatible(a, b)));
  const exact = keptFirst.some((a) => a.exact && keptSecond.some((b) => b.exact && compatible(a, b)));
  return { first: keptFirst, second: keptSecond, confidence: exact ? "exact" : "owner-unknown" };
}

interface Matched {
  first: KeyMatch[];
  second: KeyMatch[];
  confidence: PairEdge["confidence"];
}

/** The two match lists an edge is made of, from its ends' sides (what `combine` then keeps). */
function matchLists(kind: EdgeKind, from: OrderingPoint, to: OrderingPoint, misorder: Misorder | undefined): [KeyMatch[], KeyMatch[]] {
  if (kind === "store-buffering") {
    return [matchAccesses(from.storeBuffering!.stores, to.storeBuffering!.loads), matchAccesses(from.storeBuffering!.loads, to.storeBuffering!.stores)];
  }
  const write = from.write!;
  const read = to.read!;
  switch (misorder) {
    case undefined: return [matchAccesses(write.after, read.before), matchAccesses(write.before, read.after, true)];
    case "reversed": return [earlyDataOf(write, read), lateFlagOf(write, read)];
    case "early-data": return [matchAccesses(write.after, read.before), earlyDataOf(write, read)];
    case "late-flag": return [matchAccesses(write.before, read.after, true), lateFlagOf(write, read)];
  }
}

function earlyDataOf(write: OrderedSides, read: OrderedSides): KeyMatch[] {
  return matchAccesses(write.before.filter((side) => side.access.op !== "load"), read.before);
}

function lateFlagOf(write: OrderedSides, read: OrderedSides): KeyMatch[] {
  return matchAccesses(write.after, read.after.filter((side) => side.access.op !== "store"));
}

/**
 * An edge whose matches are computed when first read: a point keeps up to `MAX_PARTNERS` edges of
 * each kind, and most are only counted or sorted, never described, so holding every edge's match
 * lists made a large file's memory grow with its partners times their shared fields.
 */
class LazyPairEdge implements PairEdge {
  declare readonly misorder?: Misorder;
  private matched?: Matched;
  private edgeId?: string;

  constructor(readonly kind: EdgeKind, readonly from: OrderingPoint, readonly to: OrderingPoint, misorder?: Misorder) {
    if (misorder) this.misorder = misorder;
  }

  get id(): string {
    this.edgeId ??= `${this.kind}:${this.from.id}->${this.to.id}`;
    return this.edgeId;
  }

  get first(): KeyMatch[] {
    return this.resolved().first;
  }

  get second(): KeyMatch[] {
    return this.resolved().second;
  }

  get confidence(): PairEdge["confidence"] {
    return this.resolved().confidence;
  }

  private resolved(): Matched {
    this.matched ??= combine(...matchLists(this.kind, this.from, this.to, this.misorder));
    return this.matched;
  }
}

/** The edge as a plain object, its matches computed (for callers that copy or serialise edges). */
export function plainEdge(edge: PairEdge): PairEdge {
  const { id, kind, from, to, first, second, confidence, misorder } = edge;
  return { id, kind, from, to, first, second, confidence, ...(misorder ? { misorder } : {}) };
}

export function messagePassingEdge(writer: OrderingPoint, reader: OrderingPoint): PairEdge | undefined {
  if (!writer.write || !reader.read) return undefined;
  // The flag, then the data: one of the data's two accesses must be a store, or there is nothing to order.
  const first = matchAccesses(writer.write.after, reader.read.before);
  return combinesWith(first, writer.write.before, reader.read.after, true) ? new LazyPairEdge("message-passing", writer, reader) : undefined;
}

/**
 * A writer and a reader that would pair if the reader's loads sat on the right sides of its barrier.
 * Call only for two points that do not pair.
 */
export function misorderedEdge(writer: OrderingPoint, reader: OrderingPoint): PairEdge | undefined {
  if (!writer.write || !reader.read) return undefined;
  const flag = matchAccesses(writer.write.after, reader.read.before);
  const data = matchAccesses(writer.write.before, reader.read.after, true);
  const earlyData = earlyDataOf(writer.write, reader.read);
  const lateFlag = lateFlagOf(writer.write, reader.read);
  const shaped = (misorder: Misorder, first: KeyMatch[], second: KeyMatch[]) =>
    (combines(first, second) ? new LazyPairEdge("reversed", writer, reader, misorder) : undefined);
  if (flag.length === 0 && data.length === 0) return earlyData.length > 0 && lateFlag.length > 0 ? shaped("reversed", earlyData, lateFlag) : undefined;
  if (flag.length > 0 && data.length === 0 && earlyData.length > 0) return shaped("early-data", flag, earlyData);
  if (data.length > 0 && flag.length === 0 && lateFlag.length > 0) return shaped("late-flag", data, lateFlag);
  return undefined;
}

/**
 * Store buffering needs a full barrier somewhere: two weaker sides are not treated as an intended pair.
 * Nor are two points one thread runs in sequence: store buffering is between two threads.
 */
export function storeBufferingEdge(a: OrderingPoint, b: OrderingPoint): PairEdge | undefined {
  const [from, to] = a.id <= b.id ? [a, b] : [b, a];
  if (!from.storeBuffering || !to.storeBuffering) return undefined;
  if (from.storeBuffering.strength !== "full" && to.storeBuffering.strength !== "full") return undefined;
  if (isSequencedInOneFunction(from, to)) return undefined;
  const first = matchAccesses(from.storeBuffering.stores, to.storeBuffering.loads);
  // `first.from` is a store of `from` and the second list's a load of `from`: an RMW may be both, but not in one pair.
  return combinesWith(first, from.storeBuffering.loads, to.storeBuffering.stores) ? new LazyPairEdge("store-buffering", from, to) : undefined;
}

export function otherEnd(edge: PairEdge, point: OrderingPoint): OrderingPoint {
  return edge.from === point ? edge.to : edge.from;
}

export function compareEdges(a: PairEdge, b: PairEdge): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
