import { fieldName } from "../ir/field-key.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";

type FieldBuckets = Map<string, OrderingPoint[]>;

/**
 * Ordering points by the shared fields on each of their sides, so that finding the partners of one
 * point looks only at points touching the same fields. Keys are bucketed by field name: an
 * owner-unknown key `?.f` and every `T.f` land in one bucket, and `fieldKeysMatch` decides.
 */
export class PairingIndex {
  /** Points with a writer role, by the fields stored after them (a release store counts itself). */
  private readonly writeAfter: FieldBuckets = new Map();
  /** Points with a writer role, by the fields stored before them. */
  private readonly writeBefore: FieldBuckets = new Map();
  /** Points with a reader role, by the fields loaded before them (an acquire load counts itself). */
  private readonly readBefore: FieldBuckets = new Map();
  /** Points with a reader role, by the fields accessed after them. */
  private readonly readAfter: FieldBuckets = new Map();
  /** Points with a store-buffering role, by the fields loaded after them. */
  private readonly storeBufferingLoads: FieldBuckets = new Map();

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
      if (point.storeBuffering) addTo(this.storeBufferingLoads, point.storeBuffering.loads, point);
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

  /** Store-buffering sides that may load, after their point, what these accesses store. */
  storeBufferingLoading(accesses: readonly SideAccess[]): OrderingPoint[] {
    return lookup(this.storeBufferingLoads, accesses);
  }
}

function addTo(buckets: FieldBuckets, accesses: readonly SideAccess[], point: OrderingPoint): void {
  for (const name of new Set(accesses.map((side) => fieldName(side.access.key.id)))) {
    const bucket = buckets.get(name);
    if (bucket) bucket.push(point);
    else buckets.set(name, [point]);
  }
}

function lookup(buckets: FieldBuckets, accesses: readonly SideAccess[]): OrderingPoint[] {
  const found = new Set<OrderingPoint>();
  for (const name of new Set(accesses.map((side) => fieldName(side.access.key.id)))) {
    for (const point of buckets.get(name) ?? []) found.add(point);
  }
  return [...found];
}
