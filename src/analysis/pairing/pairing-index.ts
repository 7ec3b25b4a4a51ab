import { isExternalMemoryKey } from "../ir/field-key.js";
import { getOrCreate } from "../memo.js";
import { KeyBuckets } from "./key-buckets.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";

type FieldBuckets = KeyBuckets<OrderingPoint>;

/** The sides a point is filed under: each names the side of the point whose keys file it there. */
export type IndexedSide =
  | "writeAfter" | "writeBefore" | "readBefore" | "readAfter"
  | "storeBufferingLoads" | "storeBufferingStores" | "fullBarrierLoads" | "fullBarrierStores";

/** One lookup: the points whose `side` may touch what `accesses` touch. */
export type SideQuery = readonly [side: IndexedSide, accesses: readonly SideAccess[]];

/** The side of `point` that files it under `side`, or undefined when the point is not filed there. */
function sideOf(point: OrderingPoint, side: IndexedSide): readonly SideAccess[] | undefined {
  switch (side) {
    case "writeAfter": return point.write?.after;
    case "writeBefore": return point.write?.before;
    case "readBefore": return point.read?.before;
    case "readAfter": return point.read?.after;
    case "storeBufferingLoads": return meantStoreBuffering(point) ? point.storeBuffering!.loads : undefined;
    case "storeBufferingStores": return meantStoreBuffering(point) ? point.storeBuffering!.stores : undefined;
    case "fullBarrierLoads": return point.storeBuffering?.strength === "full" ? point.storeBuffering.loads : undefined;
    case "fullBarrierStores": return point.storeBuffering?.strength === "full" ? point.storeBuffering.stores : undefined;
  }
}

/** Whether a point's store-buffering side can be meant as one (full barriers, RMWs, explicit barriers). */
function meantStoreBuffering(point: OrderingPoint): boolean {
  const side = point.storeBuffering;
  return side !== undefined && (side.strength !== "weak" || point.explicit);
}

/**
 * Ordering points by the shared fields on each of their sides, so that finding the partners of one
 * point looks only at points touching the same fields (see `KeyBuckets`).
 */
export class PairingIndex {
  private readonly buckets = new Map<IndexedSide, FieldBuckets>();
  /** Each point's place in `points`: results of a two-sided lookup come in this order. */
  private readonly ordinals = new Map<OrderingPoint, number>();

  constructor(readonly points: readonly OrderingPoint[]) {
    const sides: IndexedSide[] = [
      "writeAfter", "writeBefore", "readBefore", "readAfter",
      "storeBufferingLoads", "storeBufferingStores", "fullBarrierLoads", "fullBarrierStores",
    ];
    for (const side of sides) this.buckets.set(side, new KeyBuckets());
    points.forEach((point, ordinal) => {
      this.ordinals.set(point, ordinal);
      for (const side of sides) {
        const accesses = sideOf(point, side);
        if (accesses) addTo(this.buckets.get(side)!, accesses, point);
      }
    });
  }

  /** Readers that may load, before their point, what these accesses store. */
  readersLoadingBefore(accesses: readonly SideAccess[]): OrderingPoint[] {
    return this.lookup(["readBefore", accesses]);
  }

  /** Readers that may access, after their point, what these accesses touch. */
  readersAccessingAfter(accesses: readonly SideAccess[]): OrderingPoint[] {
    return this.lookup(["readAfter", accesses]);
  }

  /** Writers that may store, after their point, what these accesses load. */
  writersStoringAfter(accesses: readonly SideAccess[]): OrderingPoint[] {
    return this.lookup(["writeAfter", accesses]);
  }

  /** Writers that may store, before their point, what these accesses load. */
  writersStoringBefore(accesses: readonly SideAccess[]): OrderingPoint[] {
    return this.lookup(["writeBefore", accesses]);
  }

  /** Store-buffering sides that may load, after their point, what these accesses store (full barriers only if asked). */
  storeBufferingLoading(accesses: readonly SideAccess[], fullOnly = false): OrderingPoint[] {
    return this.lookup([fullOnly ? "fullBarrierLoads" : "storeBufferingLoads", accesses]);
  }

  /** Store-buffering sides that may store, before their point, what these accesses load. */
  storeBufferingStoring(accesses: readonly SideAccess[], fullOnly = false): OrderingPoint[] {
    return this.lookup([fullOnly ? "fullBarrierStores" : "storeBufferingStores", accesses]);
  }

  /** The points one lookup finds, in the order its buckets hold them. */
  lookup([side, accesses]: SideQuery): OrderingPoint[] {
    const found = new Set<OrderingPoint>();
    for (const bucket of this.bucketsOf(side, accesses)) for (const point of bucket) found.add(point);
    return [...found];
  }

  /**
   * Points found by both lookups (a pair needs a match on each of its two sides), in the order of the
   * larger lookup. When one lookup is surely the smaller (its buckets hold fewer entries than the
   * largest bucket of the other holds distinct points), only it is listed, and its points are looked up in the other's
   * buckets: a struct type every function shares would otherwise list every point of the project for
   * every point asked about.
   */
  both(first: SideQuery, second: SideQuery): OrderingPoint[] {
    const firstBuckets = this.bucketsOf(...first);
    const secondBuckets = this.bucketsOf(...second);
    const firstTotal = bucketTotal(firstBuckets);
    const secondTotal = bucketTotal(secondBuckets);
    if (firstTotal < largestBucket(secondBuckets)) return this.listedAndTested(firstBuckets, secondBuckets);
    if (secondTotal < largestBucket(firstBuckets)) return this.listedAndTested(secondBuckets, firstBuckets);
    return bothSides(this.lookup(first), this.lookup(second));
  }

  /**
   * `both`, as a sequence a caller may stop early. When both lookups hold more than `SATURATED`
   * distinct points (a field on both sides of nearly every point of the project), listing either
   * whole for every point asked about would make the work quadratic: the points of the lookup that is
   * larger (the second when the bucket sizes cannot tell) then come lazily in its own order, each
   * tested against the other's buckets, so a caller that keeps a few partners reads a few.
   */
  eachOfBoth(first: SideQuery, second: SideQuery): Iterable<OrderingPoint> {
    const firstBuckets = this.bucketsOf(...first);
    const secondBuckets = this.bucketsOf(...second);
    const firstLargest = largestBucket(firstBuckets);
    if (firstLargest <= SATURATED || largestBucket(secondBuckets) <= SATURATED) return this.both(first, second);
    return bucketTotal(secondBuckets) < firstLargest
      ? inOrderOf(firstBuckets, secondBuckets)
      : inOrderOf(secondBuckets, firstBuckets);
  }

  /** `small`'s points that `large` also finds, in the order `large` finds them. */
  private listedAndTested(small: readonly OrderingPoint[][], large: readonly OrderingPoint[][]): OrderingPoint[] {
    const listed = new Set<OrderingPoint>();
    for (const bucket of small) for (const point of bucket) listed.add(point);
    const members = large.map(membersOf);
    const ranked: { point: OrderingPoint; bucket: number; ordinal: number }[] = [];
    for (const point of listed) {
      const bucket = members.findIndex((set) => set.has(point));
      if (bucket >= 0) ranked.push({ point, bucket, ordinal: this.ordinals.get(point)! });
    }
    // A lookup lists its buckets in turn, each in index order: a point comes where its first bucket lists it.
    return ranked.sort((a, b) => a.bucket - b.bucket || a.ordinal - b.ordinal).map((entry) => entry.point);
  }

  /** The buckets holding every point whose `side` may touch a key of `accesses` (each key once), in lookup order. */
  private bucketsOf(side: IndexedSide, accesses: readonly SideAccess[]): OrderingPoint[][] {
    const buckets = this.buckets.get(side)!;
    const found: OrderingPoint[][] = [];
    const seen = new Set<string>();
    for (const entry of accesses) {
      if (seen.has(entry.access.key.id)) continue;
      seen.add(entry.access.key.id);
      for (const bucket of buckets.bucketsFor(entry.access.key)) if (bucket.length > 0) found.push(bucket);
    }
    return found;
  }
}

/** Distinct points on both sides of a two-sided lookup beyond which it is read lazily: far more than the partners kept (`MAX_PARTNERS`). */
const SATURATED = 1024;

/** A bucket's points as a set, made once per bucket: buckets are complete once the index is built. */
const bucketMembers = new WeakMap<readonly OrderingPoint[], ReadonlySet<OrderingPoint>>();

function membersOf(bucket: readonly OrderingPoint[]): ReadonlySet<OrderingPoint> {
  return getOrCreate(bucketMembers, bucket, () => new Set(bucket));
}

/** The points `ordered`'s buckets list, in their order and each once, that `tested`'s buckets also hold. */
function* inOrderOf(ordered: readonly OrderingPoint[][], tested: readonly OrderingPoint[][]): Generator<OrderingPoint> {
  const members = tested.map(membersOf);
  const seen = new Set<OrderingPoint>();
  for (const bucket of ordered) {
    for (const point of bucket) {
      if (seen.has(point)) continue;
      seen.add(point);
      if (members.some((set) => set.has(point))) yield point;
    }
  }
}

/** Points found by both lookups: a pair needs a match on each of its two sides. */
export function bothSides(first: readonly OrderingPoint[], second: readonly OrderingPoint[]): OrderingPoint[] {
  const [small, large] = first.length <= second.length ? [first, second] : [second, first];
  const wanted = new Set(small);
  return large.filter((point) => wanted.has(point));
}

function bucketTotal(buckets: readonly OrderingPoint[][]): number {
  let total = 0;
  for (const bucket of buckets) total += bucket.length;
  return total;
}

/** The most distinct points one of the buckets holds: a lower bound of how many the lookup finds. */
function largestBucket(buckets: readonly OrderingPoint[][]): number {
  let largest = 0;
  // A point filed under two keys of one field name is in that name's bucket twice: count it once.
  for (const bucket of buckets) if (bucket.length > largest) largest = Math.max(largest, membersOf(bucket).size);
  return largest;
}

function addTo(buckets: FieldBuckets, accesses: readonly SideAccess[], point: OrderingPoint): void {
  const seen = new Set<string>();
  for (const side of accesses) {
    if (seen.has(side.access.key.id) || isExternalMemoryKey(side.access.key.id)) continue;
    seen.add(side.access.key.id);
    buckets.add(side.access.key, point);
  }
}
