import { beforeEach, describe, expect, it } from "vitest";
import type { Skeleton, SkeletonEvent } from "../../src/model/index.js";
import { check, clearCheckCache, lkmm, readLitmus, runLitmus, writeLitmus } from "../../src/model/index.js";

beforeEach(() => clearCheckCache());

/** Message passing with plain data, the reader's data load under `if (flag != 0)` or not. */
const guardedMp = (guard: boolean): Skeleton => ({
  threads: [
    [{ kind: "write", loc: "data", order: "plain", value: 1 }, { kind: "fence", fence: "wmb" }, { kind: "write", loc: "flag", order: "once", value: 1 }],
    [
      { kind: "read", loc: "flag", order: "once", reg: "r0" },
      { kind: "fence", fence: "rmb" },
      { kind: "read", loc: "data", order: "plain", reg: "r1", ...(guard ? { when: [{ reg: "r0", op: "!=", value: 0 }], deps: { ctrl: ["r0"] } } : {}) },
    ],
  ],
  outcome: [{ thread: 1, reg: "r0", value: 1 }, { thread: 1, reg: "r1", value: 0 }],
});

/** Data published through a pointer: the reader loads the pointer and reads through it. */
const pointerMp = (pointerOrder: "once" | "release", readerDep: boolean): Skeleton => {
  const reader: SkeletonEvent[] = [
    { kind: "read", loc: "gp", order: "once", reg: "r0" },
    { kind: "read", loc: "obj", via: "r0", order: "once", reg: "r1", ...(readerDep ? { deps: { addr: ["r0"] } } : {}) },
  ];
  return {
    threads: [[{ kind: "write", loc: "obj", order: "once", value: 1 }, { kind: "write", loc: "gp", order: pointerOrder, value: { addressOf: "obj" } }], reader],
    init: { gp: { addressOf: "other" } },
    outcome: [{ thread: 1, reg: "r0", value: { addressOf: "obj" } }, { thread: 1, reg: "r1", value: 0 }],
  };
};

describe("check(): guards and pointers", () => {
  it("a plain load that runs only when the flag was seen does not race", () => {
    expect(check(guardedMp(true), lkmm)).toMatchObject({ status: "checked", allowed: false, dataRace: false });
    // Without the guard the load also runs when the flag reads 0, concurrently with the plain store.
    expect(check(guardedMp(false), lkmm)).toMatchObject({ status: "checked", allowed: true, dataRace: true });
  });

  it("an access through a loaded pointer goes where the pointer points, ordered by the address dependency", () => {
    expect(check(pointerMp("release", true), lkmm)).toMatchObject({ status: "checked", allowed: false });
    expect(check(pointerMp("once", true), lkmm)).toMatchObject({ status: "checked", allowed: true, outcomeReachable: true });
  });

  it("a negated outcome atom means any other value", () => {
    const skeleton: Skeleton = { ...guardedMp(true), outcome: [{ thread: 1, reg: "r0", value: 0, negated: true }] };
    expect(check(skeleton, lkmm)).toMatchObject({ status: "checked", allowed: true });
  });

  it("the litmus export keeps guards and pointers, and reads back with the same verdict", () => {
    for (const skeleton of [guardedMp(true), guardedMp(false), pointerMp("release", true), pointerMp("once", true)]) {
      const text = writeLitmus(skeleton, "export");
      const result = check(skeleton, lkmm);
      const read = runLitmus(text, lkmm, { detectRace: true });
      expect(readLitmus(text).threads).toHaveLength(2);
      expect(result.status).toBe("checked");
      expect(read.status).toBe("checked");
      if (result.status !== "checked" || read.status !== "checked") continue;
      expect(read.verdict !== "Never").toBe(result.outcomeReachable);
    }
  });
});
