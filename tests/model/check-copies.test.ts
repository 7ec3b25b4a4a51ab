import { beforeEach, describe, expect, it } from "vitest";
import type { Skeleton } from "../../src/model/index.js";
import { check, clearCheckCache, lkmm, readLitmus, runLitmus, writeLitmus } from "../../src/model/index.js";

beforeEach(() => clearCheckCache());

/**
 * Load buffering where each thread copies what it read (`WRITE_ONCE(*b, r0)`), then, with `later`,
 * stores 2 to the same location.
 */
const copyingLb = (later: boolean, outcome: Skeleton["outcome"]): Skeleton => ({
  threads: [0, 1].map((thread) => {
    const [from, to] = thread === 0 ? ["a", "b"] : ["b", "a"];
    return [
      { kind: "read" as const, loc: from, order: "once" as const, reg: "r0" },
      { kind: "write" as const, loc: to, order: "once" as const, value: 0, copies: "r0", deps: { data: ["r0"] } },
      ...(later ? [{ kind: "write" as const, loc: to, order: "once" as const, value: 2 }] : []),
    ];
  }),
  outcome,
});

describe("check(): stores that copy a register", () => {
  it("a value no store writes is never read: nothing comes out of thin air", () => {
    const result = check(copyingLb(false, [{ thread: 0, reg: "r0", value: 2 }]), lkmm);
    expect(result).toMatchObject({ status: "checked", allowed: false });
  });

  it("the copy stores what its register read", () => {
    const copy = (value: number): Skeleton => ({
      threads: [
        [{ kind: "read", loc: "a", order: "once", reg: "r0" }, { kind: "write", loc: "b", order: "once", value: 0, copies: "r0", deps: { data: ["r0"] } }],
        [{ kind: "write", loc: "a", order: "once", value: 5 }],
      ],
      outcome: [{ loc: "b", value }],
    });
    expect(check(copy(5), lkmm)).toMatchObject({ status: "checked", allowed: true });
    expect(check(copy(7), lkmm)).toMatchObject({ status: "checked", allowed: false });
  });

  it("a copy's data dependency and the later store that overwrites it order the read before that store (LKMM's to-w)", () => {
    const both: Skeleton["outcome"] = [{ thread: 0, reg: "r0", value: 2 }, { thread: 1, reg: "r0", value: 2 }];
    expect(check(copyingLb(true, both), lkmm)).toMatchObject({ status: "checked", allowed: false });
    // A constant store with no dependency in its place orders nothing: plain load buffering.
    const constant = copyingLb(true, both);
    const unordered: Skeleton = { ...constant, threads: constant.threads.map((events) => events.map((e) => (e.kind === "write" && e.copies ? { kind: "write", loc: e.loc, order: e.order, value: 1 } : e))) };
    expect(check(unordered, lkmm)).toMatchObject({ status: "checked", allowed: true });
  });

  it("writes the copy back as litmus text that reads back to the same verdict", () => {
    const skeleton = copyingLb(true, [{ thread: 0, reg: "r0", value: 2 }, { thread: 1, reg: "r0", value: 2 }]);
    const text = writeLitmus(skeleton, "copies");
    expect(text).toContain("WRITE_ONCE(*b, r0);");
    expect(readLitmus(text).threads).toHaveLength(2);
    expect(runLitmus(text, lkmm)).toMatchObject({ status: "checked", verdict: "Never" });
  });
});
