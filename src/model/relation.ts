/**
 * Binary relations over the events of one candidate execution, as bit matrices.
 * Executions are small (a few dozen events), so every operation is a plain
 * loop over 32-bit words; no allocation happens inside the inner loops.
 */

/** A set of event ids as a bitset. */
export class EventSet {
  readonly words: Uint32Array;
  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array(Math.ceil(size / 32) || 1);
  }
  static of(size: number, ids: Iterable<number>): EventSet {
    const s = new EventSet(size);
    for (const i of ids) s.add(i);
    return s;
  }
  static where(size: number, pred: (i: number) => boolean): EventSet {
    const s = new EventSet(size);
    for (let i = 0; i < size; i++) if (pred(i)) s.add(i);
    return s;
  }
  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
  union(o: EventSet): EventSet {
    const w = this.words.slice();
    for (let k = 0; k < w.length; k++) w[k]! |= o.words[k]!;
    return new EventSet(this.size, w);
  }
  minus(o: EventSet): EventSet {
    const w = this.words.slice();
    for (let k = 0; k < w.length; k++) w[k]! &= ~o.words[k]!;
    return new EventSet(this.size, w);
  }
  inter(o: EventSet): EventSet {
    const w = this.words.slice();
    for (let k = 0; k < w.length; k++) w[k]! &= o.words[k]!;
    return new EventSet(this.size, w);
  }
  complement(): EventSet {
    return EventSet.where(this.size, (i) => !this.has(i));
  }
}

export class Relation {
  readonly stride: number;
  readonly bits: Uint32Array;
  constructor(readonly size: number, bits?: Uint32Array) {
    this.stride = Math.ceil(size / 32) || 1;
    this.bits = bits ?? new Uint32Array(this.stride * size);
  }
  static from(size: number, pairs: Iterable<readonly [number, number]>): Relation {
    const r = new Relation(size);
    for (const [a, b] of pairs) r.add(a, b);
    return r;
  }
  static where(size: number, pred: (a: number, b: number) => boolean): Relation {
    const r = new Relation(size);
    for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) if (pred(a, b)) r.add(a, b);
    return r;
  }
  /** [S]: the identity restricted to a set. */
  static identity(set: EventSet): Relation {
    const r = new Relation(set.size);
    for (let i = 0; i < set.size; i++) if (set.has(i)) r.add(i, i);
    return r;
  }
  /** S * T: every pair from S to T. */
  static product(from: EventSet, to: EventSet): Relation {
    const r = new Relation(from.size);
    for (let a = 0; a < from.size; a++) {
      if (!from.has(a)) continue;
      r.bits.set(to.words, a * r.stride);
    }
    return r;
  }
  add(a: number, b: number): void {
    this.bits[a * this.stride + (b >>> 5)]! |= 1 << (b & 31);
  }
  has(a: number, b: number): boolean {
    return (this.bits[a * this.stride + (b >>> 5)]! & (1 << (b & 31))) !== 0;
  }
  *pairs(): Generator<[number, number]> {
    for (let a = 0; a < this.size; a++) for (let b = 0; b < this.size; b++) if (this.has(a, b)) yield [a, b];
  }
  private map2(o: Relation, f: (x: number, y: number) => number): Relation {
    const out = new Uint32Array(this.bits.length);
    for (let k = 0; k < out.length; k++) out[k] = f(this.bits[k]!, o.bits[k]!);
    return new Relation(this.size, out);
  }
  union(...others: Relation[]): Relation {
    const out = new Relation(this.size, this.bits.slice());
    for (const o of others) for (let k = 0; k < out.bits.length; k++) out.bits[k]! |= o.bits[k]!;
    return out;
  }
  inter(o: Relation): Relation {
    return this.map2(o, (x, y) => x & y);
  }
  minus(o: Relation): Relation {
    return this.map2(o, (x, y) => x & ~y);
  }
  /** r ; o */
  seq(o: Relation): Relation {
    const out = new Relation(this.size);
    const s = this.stride;
    for (let a = 0; a < this.size; a++) {
      for (let m = 0; m < this.size; m++) {
        if (!this.has(a, m)) continue;
        for (let k = 0; k < s; k++) out.bits[a * s + k]! |= o.bits[m * s + k]!;
      }
    }
    return out;
  }
  /** [S] ; r ; [T] */
  restrict(from: EventSet | null, to: EventSet | null): Relation {
    const out = new Relation(this.size);
    const s = this.stride;
    for (let a = 0; a < this.size; a++) {
      if (from && !from.has(a)) continue;
      for (let k = 0; k < s; k++) out.bits[a * s + k] = this.bits[a * s + k]! & (to ? to.words[k]! : 0xffffffff);
    }
    return out;
  }
  inverse(): Relation {
    const out = new Relation(this.size);
    for (const [a, b] of this.pairs()) out.add(b, a);
    return out;
  }
  /** r? : r with the identity. */
  optional(): Relation {
    const out = new Relation(this.size, this.bits.slice());
    for (let i = 0; i < this.size; i++) out.add(i, i);
    return out;
  }
  /** r+ by Warshall's algorithm. */
  plus(): Relation {
    const out = new Relation(this.size, this.bits.slice());
    const s = this.stride;
    for (let m = 0; m < this.size; m++) {
      for (let a = 0; a < this.size; a++) {
        if (!out.has(a, m)) continue;
        for (let k = 0; k < s; k++) out.bits[a * s + k]! |= out.bits[m * s + k]!;
      }
    }
    return out;
  }
  star(): Relation {
    return this.plus().optional();
  }
  isEmpty(): boolean {
    for (let k = 0; k < this.bits.length; k++) if (this.bits[k] !== 0) return false;
    return true;
  }
  isIrreflexive(): boolean {
    for (let i = 0; i < this.size; i++) if (this.has(i, i)) return false;
    return true;
  }
  isAcyclic(): boolean {
    return this.plus().isIrreflexive();
  }
  /** Drops the pairs (a, a). */
  withoutIdentity(): Relation {
    const out = new Relation(this.size, this.bits.slice());
    for (let i = 0; i < this.size; i++) out.bits[i * this.stride + (i >>> 5)]! &= ~(1 << (i & 31));
    return out;
  }
  domain(): EventSet {
    return EventSet.where(this.size, (a) => {
      for (let k = 0; k < this.stride; k++) if (this.bits[a * this.stride + k] !== 0) return true;
      return false;
    });
  }
  range(): EventSet {
    return this.inverse().domain();
  }
}
