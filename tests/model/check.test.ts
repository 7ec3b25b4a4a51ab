import { beforeEach, describe, expect, it } from "vitest";
import type { Skeleton, SkeletonEvent } from "../../src/model/index.js";
import { c11, check, clearCheckCache, js, lkmm, DEFAULT_BOUNDS } from "../../src/model/index.js";

const w = (loc: string, order: "plain" | "once" | "release" | "sc" = "once", value = 1): SkeletonEvent => ({ kind: "write", loc, order, value });
const r = (loc: string, reg: string, order: "plain" | "once" | "acquire" | "sc" = "once", deps?: { addr?: string[]; ctrl?: string[] }): SkeletonEvent => ({ kind: "read", loc, order, reg, ...(deps ? { deps } : {}) });
const f = (fence: "mb" | "wmb" | "rmb" | "after-atomic" | "before-atomic"): SkeletonEvent => ({ kind: "fence", fence });

/** Message passing: the reader sees the flag but the old data. */
const mp = (writer: SkeletonEvent[], reader: SkeletonEvent[]): Skeleton => ({
  threads: [writer, reader],
  outcome: [{ thread: 1, reg: "r0", value: 1 }, { thread: 1, reg: "r1", value: 0 }],
});
/** Store buffering: both sides miss each other's store. */
const sb = (p0: SkeletonEvent[], p1: SkeletonEvent[]): Skeleton => ({
  threads: [p0, p1],
  outcome: [{ thread: 0, reg: "r0", value: 0 }, { thread: 1, reg: "r0", value: 0 }],
});

beforeEach(() => clearCheckCache());

describe("check(skeleton, model)", () => {
  it("allows message passing without barriers, with a witness in words", () => {
    const res = check(mp([w("data"), w("flag")], [r("flag", "r0"), r("data", "r1")]), lkmm);
    expect(res.status).toBe("checked");
    if (res.status !== "checked") return;
    expect(res.allowed).toBe(true);
    expect(res.dataRace).toBe(false);
    expect(res.witness?.text).toMatch(/P1: read flag reads 1 \(from P0: write flag=1\)/);
    expect(res.witness?.text).toMatch(/P1: read data reads 0 \(from initial value\)/);
  });

  it("forbids it with smp_wmb/smp_rmb, release/acquire, or an address dependency", () => {
    expect(check(mp([w("data"), f("wmb"), w("flag")], [r("flag", "r0"), f("rmb"), r("data", "r1")]), lkmm)).toMatchObject({ status: "checked", allowed: false });
    expect(check(mp([w("data"), w("flag", "release")], [r("flag", "r0", "acquire"), r("data", "r1")]), lkmm)).toMatchObject({ allowed: false });
    expect(check(mp([w("data"), w("flag", "release")], [r("flag", "r0"), r("data", "r1", "once", { addr: ["r0"] })]), lkmm)).toMatchObject({ allowed: false });
    // A control dependency does not order two loads.
    expect(check(mp([w("data"), w("flag", "release")], [r("flag", "r0"), r("data", "r1", "once", { ctrl: ["r0"] })]), lkmm)).toMatchObject({ allowed: true });
  });

  it("QEMU's smp_mb_release()/smp_mb_acquire() order message passing but not store buffering", () => {
    const rel: SkeletonEvent = { kind: "fence", fence: "release" };
    const acq: SkeletonEvent = { kind: "fence", fence: "acquire" };
    expect(check(mp([w("data"), rel, w("flag")], [r("flag", "r0"), acq, r("data", "r1")]), lkmm)).toMatchObject({ allowed: false });
    expect(check(sb([w("x"), rel, acq, r("y", "r0")], [w("y"), f("mb"), r("x", "r0")]), lkmm)).toMatchObject({ allowed: true });
  });

  it("store buffering needs smp_mb on both sides; a relaxed RMW is no barrier, a full one is", () => {
    expect(check(sb([w("x"), r("y", "r0")], [w("y"), r("x", "r0")]), lkmm)).toMatchObject({ allowed: true });
    expect(check(sb([w("x"), f("mb"), r("y", "r0")], [w("y"), f("mb"), r("x", "r0")]), lkmm)).toMatchObject({ allowed: false });
    const rmw = (order: "once" | "full" | "acq_rel"): SkeletonEvent => ({ kind: "rmw", loc: "x", order, value: 1 });
    expect(check(sb([rmw("once"), r("y", "r0")], [w("y"), f("mb"), r("x", "r0")]), lkmm)).toMatchObject({ allowed: true });
    // QEMU's seq_cst RMWs as the model reads them: acquire and release, not a full barrier.
    expect(check(sb([rmw("acq_rel"), r("y", "r0")], [w("y"), f("mb"), r("x", "r0")]), lkmm)).toMatchObject({ allowed: true });
    expect(check(sb([rmw("acq_rel"), f("after-atomic"), r("y", "r0")], [w("y"), f("mb"), r("x", "r0")]), lkmm)).toMatchObject({ allowed: false });
    expect(check(sb([rmw("full"), r("y", "r0")], [w("y"), f("mb"), r("x", "r0")]), lkmm)).toMatchObject({ allowed: false });
    // smp_mb__after_rmw() (after-atomic) makes the relaxed RMW a full barrier.
    expect(check(sb([rmw("once"), f("after-atomic"), r("y", "r0")], [w("y"), f("mb"), r("x", "r0")]), lkmm)).toMatchObject({ allowed: false });
  });

  it("a plain access racing with the publication makes the outcome allowed, saying why", () => {
    const res = check(mp([w("data", "plain"), w("flag")], [r("flag", "r0"), r("data", "r1", "plain")]), lkmm);
    expect(res).toMatchObject({ status: "checked", allowed: true, dataRace: true });
    const ordered = check(mp([w("data", "plain"), f("wmb"), w("flag")], [r("flag", "r0"), f("rmb"), r("data", "r1", "plain", { ctrl: ["r0"] })]), lkmm);
    // The reader reads data even when it did not see the flag: that read still races.
    expect(ordered).toMatchObject({ status: "checked", outcomeReachable: false, dataRace: true, allowed: true });
  });

  it("C11: release/acquire orders message passing, only seq_cst orders store buffering", () => {
    expect(check(mp([w("data"), w("flag")], [r("flag", "r0"), r("data", "r1")]), c11)).toMatchObject({ allowed: true });
    expect(check(mp([w("data"), w("flag", "release")], [r("flag", "r0", "acquire"), r("data", "r1")]), c11)).toMatchObject({ allowed: false });
    expect(check(sb([w("x", "release"), r("y", "r0", "acquire")], [w("y", "release"), r("x", "r0", "acquire")]), c11)).toMatchObject({ allowed: true });
    expect(check(sb([w("x", "sc"), r("y", "r0", "sc")], [w("y", "sc"), r("x", "r0", "sc")]), c11)).toMatchObject({ allowed: false });
  });

  it("a non-atomic race is undefined in C11 but not in JS", () => {
    const racy = mp([w("data", "plain"), w("flag", "sc")], [r("flag", "r0", "sc"), r("data", "r1", "plain")]);
    expect(check(racy, c11)).toMatchObject({ allowed: true, dataRace: true, outcomeReachable: false });
    expect(check(racy, js)).toMatchObject({ allowed: false, dataRace: true });
  });

  it("refuses skeletons over the bound instead of guessing", () => {
    const long = Array.from({ length: 30 }, (_, i) => w(`v${i}`));
    const res = check({ threads: [long, long], outcome: [] }, lkmm);
    expect(res).toEqual({ status: "not-checked", reason: `not checked: ${60 - DEFAULT_BOUNDS.maxEvents} events over the bound of ${DEFAULT_BOUNDS.maxEvents}` });
    const tight = check(mp([w("data"), w("flag")], [r("flag", "r0"), r("data", "r1")]), lkmm, { ...DEFAULT_BOUNDS, maxCandidates: 1 });
    expect(tight).toEqual({ status: "not-checked", reason: "not checked: more than 1 candidate executions" });
  });

  it("reports a dependency on an unknown register as unsupported", () => {
    const res = check(mp([w("data"), w("flag")], [r("data", "r1", "once", { addr: ["nope"] })]), lkmm);
    expect(res).toEqual({ status: "unsupported", reason: "unsupported: P1: dependency on 'nope', which no earlier read sets" });
  });

  it("caches by skeleton hash and stays fast for two threads", () => {
    const skeleton = mp([w("data"), f("wmb"), w("flag")], [r("flag", "r0"), f("rmb"), r("data", "r1")]);
    const first = check(skeleton, lkmm);
    expect(check(JSON.parse(JSON.stringify(skeleton)) as Skeleton, lkmm)).toBe(first);
    const start = performance.now();
    const runs = 50;
    for (let i = 0; i < runs; i++) {
      clearCheckCache();
      check(skeleton, lkmm);
    }
    expect((performance.now() - start) / runs).toBeLessThan(20);
  });
});
