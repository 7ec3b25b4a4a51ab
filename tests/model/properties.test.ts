// Random small skeletons: check() always answers, and the litmus test written
// for a skeleton reads back with the same verdict.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Skeleton, SkeletonEvent } from "../../src/model/index.js";
import { check, clearCheckCache, c11, lkmm, readLitmus, runLitmusTest, writeLitmus } from "../../src/model/index.js";

const LOCS = ["x", "y"];

/** One thread: reads r0, r1, … and writes; dependencies only on reads already made. */
const thread = (t: number): fc.Arbitrary<SkeletonEvent[]> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }).chain((kinds) =>
    fc.tuple(...kinds.map(() => fc.tuple(fc.constantFrom(...LOCS), fc.boolean()))).map((choices) => {
      const events: SkeletonEvent[] = [];
      let reads = 0;
      kinds.forEach((k, i) => {
        const [loc, dep] = choices[i]!;
        const lastReg = reads > 0 ? `r${reads - 1}` : undefined;
        const deps = dep && lastReg ? { data: [lastReg] } : undefined;
        if (k <= 2) events.push({ kind: "read", loc, order: k === 0 ? "acquire" : k === 1 ? "sc" : "once", reg: `r${reads++}` });
        else if (k <= 5) events.push({ kind: "write", loc, order: k === 3 ? "release" : k === 4 ? "sc" : "once", value: t + 1, ...(deps ? { deps } : {}) });
        else if (k === 6) events.push({ kind: "fence", fence: "mb" });
        else if (k === 7) events.push({ kind: "fence", fence: "wmb" });
        else if (k === 8) events.push({ kind: "fence", fence: "rmb" });
        else events.push({ kind: "rmw", loc, order: "once", value: t + 1, reg: `r${reads++}` });
      });
      return events;
    }),
  );

const skeleton: fc.Arbitrary<Skeleton> = fc.tuple(thread(0), thread(1)).chain(([a, b]) => {
  const regs = [a, b].flatMap((events, t) => events.flatMap((e) => ("reg" in e && e.reg ? [{ thread: t, reg: e.reg }] : [])));
  return fc.subarray(regs, { maxLength: Math.min(3, regs.length) }).chain((picked) =>
    fc.tuple(...picked.map(() => fc.integer({ min: 0, max: 2 }))).map((values) => ({
      threads: [a, b],
      outcome: picked.map((p, i) => ({ ...p, value: values[i]! })),
    })),
  );
});

describe("check() on random skeletons", () => {
  it("always answers, and agrees with its own litmus export", () => {
    fc.assert(
      fc.property(skeleton, (s) => {
        clearCheckCache();
        const text = writeLitmus(s, "random");
        const usesSc = s.threads.some((t) => t.some((e) => "order" in e && e.order === "sc"));
        // LKMM has no seq_cst accesses: such skeletons are refused by name, and go to C11.
        for (const model of usesSc ? [c11] : [lkmm, c11]) {
          const direct = check(s, model);
          expect(direct.status).toBe("checked");
          if (direct.status !== "checked") return;
          const viaLitmus = runLitmusTest(readLitmus(text), model);
          expect(viaLitmus.status).toBe("checked");
          if (viaLitmus.status !== "checked") return;
          // The litmus run counts the outcome over every execution; check() asks whether it is reachable.
          expect(viaLitmus.verdict !== "Never").toBe(direct.outcomeReachable);
        }
        if (usesSc) expect(check(s, lkmm)).toEqual({ status: "unsupported", reason: "unsupported: seq_cst accesses are not LKMM primitives" });
      }),
      { numRuns: 150, seed: 20261203 },
    );
  });
});
