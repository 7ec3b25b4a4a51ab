import { isExternalMemoryKey } from "../ir/field-key.js";
import { KeyBuckets } from "./key-buckets.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";

type FieldBuckets = KeyBuckets<OrderingPoint>;

/**
 * Ordering points by the shared fields on each of their sides, so that finding the partners of one
 * point looks only at points touching the same fields (see `KeyBuckets`).
 */
export class PairingIndex {
  /** Points with a writer role, by the fields stored after them (a release store counts itself). */
  private readonly writeAfter: FieldBuckets = new KeyBuckets();
  /** Points with a writer role, by the fields stored before them. */
  private readonly writeBefore: FieldBuckets = new KeyBuckets();
  /** Points with a reader role, by the fields loaded before them (an acquire load counts itself). */
  private readonly readBefore: FieldBuckets = new KeyBuckets();
  /** Points with a reader role, by the fields accessed after them. */
  private readonly readAfter: FieldBuckets = new KeyBuckets();
  /**
   * Points whose store-buffering side can be meant as one (full barriers, RMWs, explicit barriers), by
   * the fields loaded after them; full barriers alone in `fullBarrierLoads`.
   */
  private readonly storeBufferingLoads: FieldBuckets = new KeyBuckets();
  private readonly fullBarrierLoads: FieldBuckets = new KeyBuckets();
  /** The same points, by the fields stored before them. */
  private readonly storeBufferingStores: FieldBuckets = new KeyBuckets();
  private readonly fullBarrierStores: FieldBuckets = new KeyBuckets();

  constructor(readonly points: readonly OrderingPoint[]) {
    for (const point of points) {
      if (point.write) {
        addTo(this.writeAfter, point.write.after, point);
        addTo(this.writeBefore, point.write.before, point);
      }
      if (point.read) {
        addTo(this.readBefore, point.read.before, point);
        addTo(this.readAfter, point.read.after, point);
      }
      const side = point.storeBuffering;
      if (side && (side.strength !== "weak" || point.explicit)) {
        addTo(this.storeBufferingLoads, side.loads, point);
        addTo(this.storeBufferingStores, side.stores, point);
      }
      if (side?.strength === "full") {
        addTo(this.fullBarrierLoads, side.loads, point);
        addTo(this.fullBarrierStores, side.stores, point);
      }
    }
  }

  /** Readers that may load, before their point, what these accesses store. */
  readersLoadingBefore(accesses: readonly SideAccess[]): OrderingPoint[] {
    return lookup(this.readBefore, accesses);
  }

  /** Readers that may access, after their point, what these accesses touch. */
  readersAccessingAfter(accesses: readonly SideAccess[]): OrderingPoint[] {
    return lookup(this.readAfter, accesses);
  }

  /** Writers that may store, after their point, what these accesses load. */
  writersStoringAfter(accesses: readonly SideAccess[]): OrderingPoint[] {
    return lookup(this.writeAfter, accesses);
  }

  /** Writers that may store, before their point, what these accesses load. */
  writersStoringBefore(accesses: readonly SideAccess[]): OrderingPoint[] {
    return lookup(this.writeBefore, accesses);
  }

  /** Store-buffering sides that may load, after their point, what these accesses store (full barriers only if asked). */
  storeBufferingLoading(accesses: readonly SideAccess[], fullOnly = false): OrderingPoint[] {
    return lookup(fullOnly ? this.fullBarrierLoads : this.storeBufferingLoads, accesses);
  }

  /** Store-buffering sides that may store, before their point, what these accesses load. */
  storeBufferingStoring(accesses: readonly SideAccess[], fullOnly = false): OrderingPoint[] {
    return lookup(fullOnly ? this.fullBarrierStores : this.storeBufferingStores, accesses);
  }
}

function addTo(buckets: FieldBuckets, accesses: readonly SideAccess[], point: OrderingPoint): void {
  const seen = new Set<string>();
  for (const side of accesses) {
    if (seen.has(side.access.key.id) || isExternalMemoryKey(side.access.key.id)) continue;
    seen.add(side.access.key.id);
    buckets.add(side.access.key, point);
  }
}

/** Points found by both lookups: a pair needs a match on each of its two sides. */
export function bothSides(first: readonly OrderingPoint[], second: readonly OrderingPoint[]): OrderingPoint[] {
  const [small, large] = first.length <= second.length ? [first, second] : [second, first];
  const wanted = new Set(small);
  return large.filter((point) => wanted.has(point));
}

function lookup(buckets: FieldBuckets, accesses: readonly SideAccess[]): OrderingPoint[] {
  const found = new Set<OrderingPoint>();
  const seen = new Set<string>();
  for (const side of accesses) {
    if (seen.has(side.access.key.id)) continue;
    seen.add(side.access.key.id);
    for (const bucket of buckets.bucketsFor(side.access.key)) for (const point of bucket) found.add(point);
  }
  return [...found];
}
