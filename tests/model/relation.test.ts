import { describe, expect, it } from "vitest";
import { EventSet, Relation } from "../../src/model/relation.js";

describe("Relation", () => {
  it("composes, closes and inverts over more than one 32-bit word", () => {
    const n = 40;
    const chain = Relation.from(n, [[0, 35], [35, 39], [39, 2]]);
    const two = chain.seq(chain);
    expect([...two.pairs()]).toEqual([[0, 39], [35, 2]]);
    const closed = chain.plus();
    expect(closed.has(0, 2)).toBe(true);
    expect(closed.has(2, 0)).toBe(false);
    expect(closed.isAcyclic()).toBe(true);
    expect(chain.union(Relation.from(n, [[2, 0]])).isAcyclic()).toBe(false);
    expect([...chain.inverse().pairs()]).toEqual([[2, 39], [35, 0], [39, 35]]);
  });

  it("restricts to sets and builds products", () => {
    const n = 4;
    const all = Relation.where(n, (a, b) => a !== b);
    const evens = EventSet.of(n, [0, 2]);
    const odds = EventSet.of(n, [1, 3]);
    const r = all.restrict(evens, odds);
    expect([...r.pairs()]).toEqual([[0, 1], [0, 3], [2, 1], [2, 3]]);
    expect([...Relation.product(evens, odds).minus(r).pairs()]).toEqual([]);
    expect(r.domain().has(0) && !r.domain().has(1)).toBe(true);
    expect(r.range().has(3) && !r.range().has(2)).toBe(true);
  });

  it("r? and r* add the identity, withoutIdentity removes it", () => {
    const r = Relation.from(3, [[0, 1]]);
    expect(r.optional().has(2, 2)).toBe(true);
    expect(r.star().has(1, 1)).toBe(true);
    expect(r.star().withoutIdentity().isIrreflexive()).toBe(true);
    expect(new Relation(3).isEmpty()).toBe(true);
  });
});
