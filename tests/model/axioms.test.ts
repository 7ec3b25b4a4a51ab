// The axioms on the classic shapes: which one rules out the outcome.
import { describe, expect, it } from "vitest";
import { candidateExecutions } from "../../src/model/execution.js";
import type { ThreadTrace } from "../../src/model/events.js";
import { lkmm } from "../../src/model/models/lkmm.js";
import { c11 } from "../../src/model/models/c11.js";
import type { MemoryModel } from "../../src/model/models/model.js";
import { ThreadTraceBuilder } from "../../src/model/trace-builder.js";

type Step = (b: ThreadTraceBuilder) => void;
const W = (loc: string, v = 1, order: "once" | "release" | "plain" = "once"): Step => (b) => void b.write(loc, order, v, `W${loc}`);
const R = (loc: string, v: number, order: "once" | "acquire" = "once"): Step => (b) => void b.read(loc, order, v, `R${loc}`);
const F = (fence: "mb" | "wmb" | "rmb"): Step => (b) => void b.fence(fence, fence);

function trace(...steps: Step[]): ThreadTrace {
  const b = new ThreadTraceBuilder();
  steps.forEach((s) => s(b));
  return b.build();
}

/** The axioms failed by the candidate executions in which every read returns its stated value. */
function verdicts(model: MemoryModel, threads: ThreadTrace[]): string[] {
  const out = new Set<string>();
  for (const x of candidateExecutions(threads, new Map())) out.add(model.judge(x).failedAxiom ?? "consistent");
  return [...out].sort();
}

describe("LKMM axioms", () => {
  it("coherence: CoRR's outcome has no coherent candidate at all", () => {
    expect(verdicts(lkmm, [trace(W("x")), trace(R("x", 1), R("x", 0))])).toEqual([]);
  });

  it("happens-before rules out MP with smp_wmb/smp_rmb and LB with release/acquire", () => {
    expect(verdicts(lkmm, [trace(W("x"), F("wmb"), W("y")), trace(R("y", 1), F("rmb"), R("x", 0))])).toEqual(["happens-before"]);
    expect(verdicts(lkmm, [trace(R("x", 1), W("y", 1, "release")), trace(R("y", 1, "acquire"), W("x"))])).toEqual(["happens-before"]);
    expect(verdicts(lkmm, [trace(W("x"), W("y")), trace(R("y", 1), R("x", 0))])).toEqual(["consistent"]);
  });

  it("propagation rules out SB with smp_mb, but not with release/acquire", () => {
    expect(verdicts(lkmm, [trace(W("x"), F("mb"), R("y", 0)), trace(W("y"), F("mb"), R("x", 0))])).toEqual(["propagation"]);
    expect(verdicts(lkmm, [trace(W("x", 1, "release"), R("y", 0, "acquire")), trace(W("y", 1, "release"), R("x", 0, "acquire"))])).toEqual(["consistent"]);
  });

  it("plain coherence rules out a plain MP outcome that the barriers order", () => {
    const res = verdicts(lkmm, [trace(W("x", 1, "plain"), F("wmb"), W("y")), trace(R("y", 1), F("rmb"), (b) => void b.read("x", "plain", 0, "Rx"))]);
    expect(res).not.toContain("consistent");
  });
});

describe("C11 axioms", () => {
  it("release/acquire synchronises; SC forbids store buffering", () => {
    expect(verdicts(c11, [trace(W("x"), W("y", 1, "release")), trace(R("y", 1, "acquire"), R("x", 0))])).toEqual(["coherence"]);
    const sc = (b: ThreadTraceBuilder, loc: string, kind: "R" | "W") => (kind === "W" ? b.write(loc, "sc", 1, loc) : b.read(loc, "sc", 0, loc));
    expect(verdicts(c11, [trace((b) => void sc(b, "x", "W"), (b) => void sc(b, "y", "R")), trace((b) => void sc(b, "y", "W"), (b) => void sc(b, "x", "R"))])).toEqual(["sc"]);
  });
});
