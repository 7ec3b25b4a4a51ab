/**
 * The Linux-kernel memory model, after tools/memory-model/linux-kernel.{bell,cat}
 * (lkmm with plain-access dependencies carried through rfi, and rmw-sequences in
 * cumul-fence), and spin_lock/spin_unlock after lock.cat. RCU grace periods and
 * SRCU are not modelled: the reader refuses them.
 *
 * Value-returning RMWs with full ordering (xchg, cmpxchg, atomic_*_return) reach
 * this model as smp_mb(); RMW; smp_mb(), which is how herd7 expands them.
 */
import type { TraceEvent } from "../events.js";
import type { Execution } from "../execution.js";
import { Relation } from "../relation.js";
import type { Judgement, MemoryModel } from "./model.js";
import { eventsWhere, fencerel } from "./model.js";

/**
 * linux-kernel.cat's fences, plus C11-style fences for QEMU's smp_mb_acquire()
 * and smp_mb_release() (an extension: the kernel has no such fences). An acquire
 * fence orders earlier loads before everything later, as acq-po does; a release
 * fence orders everything earlier before later stores and is A-cumulative, as
 * po-rel is; a seq_cst fence is smp_mb().
 */
const LKMM_FENCES = new Set(["mb", "wmb", "rmb", "before-atomic", "after-atomic", "after-spinlock", "barrier", "acquire", "release", "acq_rel", "sc"]);

/** The relations that depend only on the threads' traces, shared by all their candidate executions. */
function programOrderRelations(x: Execution) {
  const { po, rmw, M, R, W } = x;
  const rmwEvents = rmw.domain().union(rmw.range()).union(eventsWhere(x, (e) => e.failedRmw === true));
  const marked = eventsWhere(x, (e) => e.kind === "F" || e.thread === -1 || (e.order !== undefined && e.order !== "plain")).union(rmwEvents);
  const plain = M.minus(marked);
  const acquire = eventsWhere(x, (e) => e.kind === "R" && !e.failedRmw && (e.order === "acquire" || e.order === "acq_rel"));
  const release = eventsWhere(x, (e) => e.kind === "W" && (e.order === "release" || e.order === "acq_rel"));
  const noReturn = eventsWhere(x, (e) => e.kind === "R" && e.noReturn === true);
  const fenceOf = (...kinds: string[]) => eventsWhere(x, (e) => e.kind === "F" && kinds.includes(e.fence!));
  const acqPo = po.restrict(acquire, M).union(fencerel(x, fenceOf("acquire", "acq_rel")).restrict(R, M));
  const poRel = po.restrict(M, release).union(fencerel(x, fenceOf("release", "acq_rel")).restrict(M, W));
  const r4rmb = R.minus(noReturn);
  const rmbFence = fencerel(x, fenceOf("rmb"));
  const rmb = rmbFence.restrict(r4rmb, r4rmb);
  const wmb = fencerel(x, fenceOf("wmb")).restrict(W, W);
  const poOpt = po.optional();
  const mb = fencerel(x, fenceOf("mb", "sc"))
    .restrict(M, M)
    .union(
      fencerel(x, fenceOf("before-atomic")).restrict(M, rmwEvents).seq(poOpt).restrict(null, M),
      poOpt.restrict(M, rmwEvents).seq(fencerel(x, fenceOf("after-atomic"))).restrict(null, M),
      poOpt.restrict(M, eventsWhere(x, (e) => e.lock === "LKW")).seq(fencerel(x, fenceOf("after-spinlock"))).restrict(null, M),
    );
  const strongFence = mb;
  const nonrwFence = strongFence.union(poRel, acqPo);
  const fence = nonrwFence.union(wmb, rmb);
  const hasData = !x.data.isEmpty();
  // po ; [UL] ; po ; [LKR] ; po. The rf half of lock.cat's (po | rf) depends on the execution.
  const unlocks = eventsWhere(x, (e) => e.lock === "UL");
  const lockReads = eventsWhere(x, (e) => e.lock === "LKR");
  const poToUnlock = po.restrict(null, unlocks);
  const lockReadPo = po.restrict(lockReads, null);
  const unlockLockPo = poToUnlock.seq(po.restrict(unlocks, lockReads)).seq(lockReadPo);
  return { marked, plain, noReturn, r4rmb, rmbFence, wmb, poRel, strongFence, nonrwFence, fence, hasData, poToUnlock, lockReadPo, unlockLockPo, hasLocks: !unlocks.words.every((w) => w === 0) };
}

const programOrderCache = new WeakMap<object, ReturnType<typeof programOrderRelations>>();

export function lkmmRelations(x: Execution) {
  let s = programOrderCache.get(x.shape);
  if (!s) {
    s = programOrderRelations(x);
    programOrderCache.set(x.shape, s);
  }
  const { rf, co, fr, rmw, ext, int, W } = x;
  const { marked, plain, wmb, poRel, strongFence, fence } = s;
  const rfe = rf.inter(ext);
  const rfi = rf.inter(int);

  // Dependencies carried through plain stores and their internal reads.
  const carryDep = s.hasData ? x.data.seq(rfi).star() : null;
  const addr = carryDep ? carryDep.seq(x.addr) : x.addr;
  const data = carryDep ? carryDep.seq(x.data) : x.data;
  const ctrl = carryDep ? carryDep.seq(x.ctrl) : x.ctrl;

  const dep = addr.union(data);
  const rwdep = dep.union(ctrl).restrict(null, W);
  const overwrite = co.union(fr);
  const toW = rwdep.union(overwrite.inter(int), addr.restrict(null, plain).seq(wmb));
  const toR = addr.union(dep.restrict(null, marked).seq(rfi));
  // po-unlock-lock-po: an unlock and a later lock, in one thread or through rf.
  const poUnlockLockPo = s.hasLocks ? s.unlockLockPo.union(s.poToUnlock.seq(rf).seq(s.lockReadPo)) : null;
  const ppoBase = toR.union(toW, fence);
  const ppo = poUnlockLockPo ? ppoBase.union(poUnlockLockPo.inter(int)) : ppoBase;

  const rmwSequence = rmw.isEmpty() ? null : rf.seq(rmw).star();
  const aCumul = (r: Relation) => rfe.restrict(null, marked).optional().seq(r);
  const cumulParts = aCumul(strongFence.union(poRel)).union(wmb);
  const cumulBase = (poUnlockLockPo ? cumulParts.union(poUnlockLockPo) : cumulParts).restrict(marked, marked);
  const cumulFence = rmwSequence ? cumulBase.seq(rmwSequence) : cumulBase;
  const prop = overwrite.inter(ext).optional().restrict(marked, null).seq(cumulFence.star()).restrict(null, marked).seq(rfe.optional()).restrict(null, marked);
  const hb = ppo.union(rfe, prop.withoutIdentity().inter(int)).restrict(marked, marked);
  const pb = prop.seq(strongFence).seq(hb.star()).restrict(null, marked);
  return { ...s, addr, rmwSequence, cumulFence, hb, pb, ppo, prop };
}

/** Plain-access coherence and data races (the last section of linux-kernel.cat). */
function plainAccessChecks(x: Execution, k: ReturnType<typeof lkmmRelations>): { incoherent: boolean; race: boolean } {
  const { rf, co, fr, ext, int, M, W, IW } = x;
  const { marked, plain, noReturn, r4rmb } = k;
  const notNoReturn = x.R.minus(noReturn).union(W).union(x.F);
  const xbstar = k.hb.union(k.pb).star();
  const rfe = rf.inter(ext);
  const vis = k.cumulFence
    .star()
    .seq(rfe.optional())
    .restrict(null, marked)
    .seq(k.strongFence.restrict(null, marked).seq(xbstar).union(xbstar.inter(int)));
  const wPre = k.addr.union(k.fence).optional().restrict(marked, null);
  const rPre = k.addr.union(k.nonrwFence, k.rmbFence.restrict(r4rmb, notNoReturn)).optional().restrict(marked, null);
  const wPostBase = k.fence.optional().restrict(null, marked);
  const wPost = k.rmwSequence ? wPostBase.seq(k.rmwSequence) : wPostBase;
  const rPost = k.nonrwFence.union(k.rmbFence.restrict(notNoReturn, r4rmb)).optional().restrict(null, marked);
  const strongThenXb = k.strongFence.seq(xbstar);
  const wwVis = k.fence.union(strongThenXb.seq(wPre), wPost.seq(vis).seq(wPre));
  const wrVis = k.fence.union(strongThenXb.seq(rPre), wPost.seq(vis).seq(rPre));
  const rwXbstar = k.fence.union(rPost.seq(xbstar).seq(wPre));
  const preRace = ext.inter(Relation.product(plain, M).union(Relation.product(M.minus(IW), plain)));
  const incoherent = !preRace
    .inter(rf)
    .inter(rwXbstar.inverse())
    .union(preRace.inter(fr).inter(wrVis.inverse()), preRace.inter(co).inter(wwVis.inverse()))
    .isEmpty();
  const wwNonrace = wwVis
    .inter(Relation.product(marked, W).union(rwXbstar))
    .inter(Relation.product(W, marked).union(wrVis));
  const race = !preRace
    .inter(co)
    .minus(wwNonrace)
    .union(preRace.inter(co.optional().seq(rf)).minus(wrVis), preRace.inter(fr).minus(rwXbstar))
    .isEmpty();
  return { incoherent, race };
}

export const lkmm: MemoryModel = {
  name: "lkmm",
  raceIsUndefined: true,
  unsupported(e: TraceEvent): string | undefined {
    if (e.kind === "F" && !LKMM_FENCES.has(e.fence!)) return `fence ${e.fence} is not an LKMM barrier`;
    if (e.order === "sc") return "seq_cst accesses are not LKMM primitives";
    return undefined;
  },
  judge(x: Execution): Judgement {
    const k = lkmmRelations(x);
    if (!k.hb.isAcyclic()) return { consistent: false, failedAxiom: "happens-before", race: false };
    if (!k.pb.isAcyclic()) return { consistent: false, failedAxiom: "propagation", race: false };
    // Without plain accesses there is no pre-race pair: skip the costly relations.
    if (k.plain.words.every((w) => w === 0)) return { consistent: true, race: false };
    const plain = plainAccessChecks(x, k);
    if (plain.incoherent) return { consistent: false, failedAxiom: "plain-coherence", race: false };
    return { consistent: true, race: plain.race };
  },
};
