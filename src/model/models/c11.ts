/**
 * C11 after RC11 (Lahav et al., PLDI 2017): release sequences, synchronizes-with,
 * happens-before, coherence as irreflexive hb;eco?, and the repaired SC axiom
 * (acyclic psc). RC11's "po | rf acyclic" is not imposed, so relaxed load
 * buffering stays allowed as it is on Arm and Power; out-of-thin-air values cannot
 * appear because the value domains are built from the program's own stores.
 *
 * Kernel-style barriers map as QEMU's C11 build maps them: smp_mb() is a seq_cst
 * fence, smp_wmb() a release fence, smp_rmb() an acquire fence.
 */
import type { FenceKind, TraceEvent } from "../events.js";
import type { Execution } from "../execution.js";
import { EventSet, Relation } from "../relation.js";
import type { Judgement, MemoryModel } from "./model.js";
import { eventsWhere } from "./model.js";

const FENCE_AS_C11: Record<FenceKind, "acquire" | "release" | "acq_rel" | "sc" | "none"> = {
  mb: "sc",
  wmb: "release",
  rmb: "acquire",
  "before-atomic": "sc",
  "after-atomic": "sc",
  "after-spinlock": "sc",
  barrier: "none",
  acquire: "acquire",
  release: "release",
  acq_rel: "acq_rel",
  sc: "sc",
};

export function c11Relations(x: Execution) {
  const { po, rf, co, fr, rmw, loc, M, W, R, IW } = x;
  const fenceOrder = (e: { kind: string; fence?: FenceKind }) => (e.kind === "F" ? FENCE_AS_C11[e.fence!] : undefined);
  const atomic = eventsWhere(x, (e) => e.kind !== "F" && e.order !== undefined && e.order !== "plain").union(rmw.domain()).union(rmw.range());
  const releaseLike = eventsWhere(x, (e) => {
    const f = fenceOrder(e);
    if (f !== undefined) return f === "release" || f === "acq_rel" || f === "sc";
    return e.kind === "W" && (e.order === "release" || e.order === "acq_rel" || e.order === "sc");
  });
  const acquireLike = eventsWhere(x, (e) => {
    const f = fenceOrder(e);
    if (f !== undefined) return f === "acquire" || f === "acq_rel" || f === "sc";
    return e.kind === "R" && (e.order === "acquire" || e.order === "acq_rel" || e.order === "sc" || e.order === "consume");
  });
  const fences = eventsWhere(x, (e) => e.kind === "F" && fenceOrder(e) !== "none");
  const scAccesses = eventsWhere(x, (e) => e.kind !== "F" && e.order === "sc");
  const scFences = eventsWhere(x, (e) => fenceOrder(e) === "sc");

  const rs = po.inter(loc).optional().restrict(W, W.inter(atomic)).seq(rf.seq(rmw).star());
  const sw = po
    .restrict(fences, null)
    .optional()
    .restrict(releaseLike, null)
    .seq(rs)
    .seq(rf)
    .restrict(null, R.inter(atomic))
    .seq(po.restrict(null, fences).optional())
    .restrict(null, acquireLike);
  const initFirst = Relation.product(IW, M.minus(IW).union(x.F));
  const hb = po.union(sw, initFirst).plus();
  const eco = rf.union(co, fr).plus();
  const sbOtherLoc = po.minus(loc);
  const scb = po.union(sbOtherLoc.seq(hb).seq(sbOtherLoc), hb.inter(loc), co, fr);
  const hbOpt = hb.optional();
  const left = Relation.identity(scAccesses).union(Relation.identity(scFences).seq(hbOpt));
  const right = Relation.identity(scAccesses).union(hbOpt.seq(Relation.identity(scFences)));
  const pscBase = left.seq(scb).seq(right);
  const pscF = hb.union(hb.seq(eco).seq(hb)).restrict(scFences, scFences);
  return { atomic, sw, hb, eco, psc: pscBase.union(pscF) };
}

function racy(x: Execution, atomic: EventSet, hb: Relation): boolean {
  for (const a of x.events) {
    for (const b of x.events) {
      if (a.id >= b.id || a.loc === undefined || a.loc !== b.loc || a.thread === b.thread) continue;
      if (a.kind !== "W" && b.kind !== "W") continue;
      if (atomic.has(a.id) && atomic.has(b.id)) continue;
      if (!hb.has(a.id, b.id) && !hb.has(b.id, a.id)) return true;
    }
  }
  return false;
}

function makeC11(name: "c11" | "js", raceIsUndefined: boolean): MemoryModel {
  return {
    name,
    raceIsUndefined,
    unsupported: (_e: TraceEvent) => undefined,
    judge(x: Execution): Judgement {
      const k = c11Relations(x);
      if (!k.hb.isIrreflexive()) return { consistent: false, failedAxiom: "hb-acyclic", race: false };
      if (!k.hb.seq(k.eco.optional()).isIrreflexive()) return { consistent: false, failedAxiom: "coherence", race: false };
      if (!k.psc.isAcyclic()) return { consistent: false, failedAxiom: "sc", race: false };
      return { consistent: true, race: racy(x, k.atomic, k.hb) };
    },
  };
}

export const c11 = makeC11("c11", true);
/** JavaScript shared memory: Atomics.* are seq_cst; a race is not undefined behaviour there. */
export const js = makeC11("js", false);
