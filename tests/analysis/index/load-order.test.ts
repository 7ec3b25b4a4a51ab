import { describe, expect, it } from "vitest";
import { loadOrder } from "../../../src/analysis/index/load-order.js";

const items = (n: number) => Array.from({ length: n }, (_, index) => index);

/** The files each of `threads` workers lowers itself when all go at the same pace and share a cache. */
function firstShares(n: number, threads: number): number[][] {
  const share = Math.ceil(n / threads);
  return Array.from({ length: threads }, (_, worker) => loadOrder(items(n), worker + 1).slice(0, share));
}

describe("loadOrder", () => {
  it("is a permutation of the files for every thread", () => {
    for (const n of [1, 2, 7, 100]) {
      for (const thread of [0, 1, 2, 3, 4, 5, 9]) {
        expect([...loadOrder(items(n), thread)].sort((a, b) => a - b)).toEqual(items(n));
      }
    }
  });

  it("walks the main thread and the first worker forwards from the first file", () => {
    expect(loadOrder(items(5), 0)).toEqual([0, 1, 2, 3, 4]);
    expect(loadOrder(items(5), 1)).toEqual([0, 1, 2, 3, 4]);
    expect(loadOrder(items(5), 2)).toEqual([4, 3, 2, 1, 0]);
  });

  for (const threads of [2, 4, 8]) {
    it(`gives ${threads} workers disjoint first shares that cover the project`, () => {
      const shares = firstShares(1_000, threads);
      const covered = shares.flat();
      expect(new Set(covered).size).toBe(1_000);
      expect(covered).toHaveLength(1_000);
    });
  }

  it("leaves three workers little overlap", () => {
    const covered = new Set(firstShares(999, 3).flat());
    expect(covered.size).toBeGreaterThan(0.8 * 999);
  });
});
