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
  union(...others: Relation[]): Relation {
    const out = new Relation(this.size, this.bits.slice());
    for (const o of others) for (let k = 0; k < out.bits.length; k++) out.bits[k]! |= o.bits[k]!;
    return out;
  }
  inter(o: Relation): Relation {
    const out = new Relation(this.size, this.bits.slice());
    for (let k = 0; k < out.bits.length; k++) out.bits[k]! &= o.bits[k]!;
    return out;
  }
  minus(o: Relation): Relation {
    const out = new Relation(this.size, this.bits.slice());
    for (let k = 0; k < out.bits.length; k++) out.bits[k]! &= ~o.bits[k]!;
    return out;
  }
  /** r ; o */
  seq(o: Relation): Relation {
    const out = new Relation(this.size);
    const s = this.stride;
    const a = this.bits;
    const b = o.bits;
    const c = out.bits;
    for (let row = 0; row < this.size; row++) {
      for (let w = 0; w < s; w++) {
        let word = a[row * s + w]!;
        while (word !== 0) {
          const bit = 31 - Math.clz32(word);
          word &= ~(1 << bit);
          const m = w * 32 + bit;
          for (let k = 0; k < s; k++) c[row * s + k]! |= b[m * s + k]!;
        }
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
    const c = out.bits;
    for (let m = 0; m < this.size; m++) {
      const mw = m >>> 5;
      const mb = 1 << (m & 31);
      for (let a = 0; a < this.size; a++) {
        if ((c[a * s + mw]! & mb) === 0) continue;
        for (let k = 0; k < s; k++) c[a * s + k]! |= c[m * s + k]!;
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
