import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { ResolvedDialect } from "../dialects/registry.js";
import type { Finding } from "../findings.js";
import { callerClosedPair } from "./caller-closed-pairs.js";
import { accessText, barrierNames, confidenceText, pointReference } from "./describe.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";
import { otherEnd, type KeyMatch, type PairEdge } from "./pair-edge.js";
import { filePairing, type PairingView } from "./pairing-view.js";
import { relatedPartners } from "./unpaired-checker.js";
import { checkedFenceSuggestion, type FenceFix } from "../verdicts/fix-suggestions.js";
import { verdictContext, verdictWithPartner, withSuggestion, withVerdict, type VerdictContext } from "../verdicts/point-verdicts.js";

export const FULL_BARRIER_PAIRING = "full-barrier-pairing";

/** A store and a later load of one side that store buffering needs ordered, and what the partner pairs them with. */
interface UnorderedPair {
  edge: PairEdge;
  store: SideAccess;
  load: SideAccess;
  /** The partner's store of the field this side loads, and its load of the field this side stores. */
  partnerStore: SideAccess;
  partnerLoad: SideAccess;
}

/**
 * Store buffering (`x = 1; smp_mb(); r1 = y;` against `y = 1; smp_mb(); r2 = x;`) needs a full
 * barrier on both sides. Reports the side of such a pair whose ordering is weaker: an atomic RMW
 * that no before/after-rmw fence turns into a full barrier (QEMU's 2020 aio_notify() hang on Arm),
 * or a read, write, acquire or release barrier.
 */
export const fullBarrierPairingChecker: Checker = {
  name: "pairing/full-barrier-pairing",
  rules: [FULL_BARRIER_PAIRING],
  check(input: AnalysisInput): Finding[] {
    const view = filePairing(input.project, input.fileIR, input.options.callDepth);
    const context = verdictContext(input, view);
    const findings: Finding[] = [];
    for (const point of view.filePoints()) {
      const strength = point.storeBuffering?.strength;
      if (!strength || strength === "full" || point.fn.isPrimitiveWrapper || point.flavour !== "smp") continue;
      // A weaker side is reported where the programmer wrote a barrier (or an RMW), not at every ordinary access.
      if (strength === "weak" && !point.explicit) continue;
      const edges = view.partnersOf(point).filter((edge) => edge.kind === "store-buffering"
        && otherEnd(edge, point).storeBuffering?.strength === "full" && !isOneThread(point, otherEnd(edge, point)));
      const unordered = edges.map((edge) => firstUnorderedPair(point, edge)).filter((pair) => pair !== undefined);
      if (unordered.length === 0) {
        const closed = strength === "rmw" ? callerClosedFinding(context, view, point) : undefined;
        if (closed) findings.push(closed);
        continue;
      }
      const judged = judgedFinding(context, point, unordered);
      if (judged) findings.push(judged);
    }
    return findings;
  },
};

function firstUnorderedPair(point: OrderingPoint, edge: PairEdge): UnorderedPair | undefined {
  const isFrom = edge.from === point;
  // Orient the matches as (this side's access, the partner's access).
  const orient = (match: KeyMatch) => (isFrom ? { mine: match.from, theirs: match.to } : { mine: match.to, theirs: match.from });
  const storeMatches = (isFrom ? edge.first : edge.second).map(orient);
  const loadMatches = (isFrom ? edge.second : edge.first).map(orient);
  for (const stored of storeMatches) {
    for (const loaded of loadMatches) {
      if (stored.mine.access === loaded.mine.access || stored.theirs.access === loaded.theirs.access) continue;
      // Store buffering needs two locations: a thread's later load of the field it stored sees its own store.
      if (stored.mine.access.key.id === loaded.mine.access.key.id) continue;
      if (![stored.mine, loaded.mine, stored.theirs, loaded.theirs].every(isNear)) continue;
      if (!isOwnPair(stored.mine, loaded.mine) && !isPrimitiveEndingInCaller(point, stored.mine, loaded.mine)) continue;
      // The full side may reach into a caller for one access (aio_notify() through aio_bh_enqueue()), not for both.
      if (stored.theirs.context === "caller" && loaded.theirs.context === "caller") continue;
      // One caller that calls both functions, and makes both callers' accesses, is one thread's sequence.
      if (isSameCaller(loaded.mine, loaded.theirs) || isSameCaller(stored.mine, stored.theirs)) continue;
      if (isOrdered(point, stored.mine, loaded.mine)) continue;
      return { edge, store: stored.mine, load: loaded.mine, partnerStore: loaded.theirs, partnerLoad: stored.theirs };
    }
  }
  return undefined;
}

/** Two accesses reached in the same direct caller of both sides' functions. */
function isSameCaller(mine: SideAccess, theirs: SideAccess): boolean {
  return mine.context === "caller" && theirs.context === "caller" && mine.via[0] === theirs.via[0];
}

/**
 * One point reaches the other's own access through a call: both are one thread's sequence (a helper's
 * RMW and the fence its caller adds after the call), never store-buffering partners.
 */
function isOneThread(point: OrderingPoint, partner: OrderingPoint): boolean {
  const reaches = (from: OrderingPoint, to: OrderingPoint) => {
    const own = new Set((to.storeBuffering?.stores ?? []).filter((entry) => entry.position === "self").map((entry) => entry.access));
    const side = from.storeBuffering;
    return own.size > 0 && side !== undefined && [...side.stores, ...side.loads].some((entry) => entry.position !== "self" && own.has(entry.access));
  };
  return reaches(point, partner) || reaches(partner, point);
}

/**
 * The accesses that close a store-buffering cycle must be the barrier's own, or one call away (a
 * direct callee, or the direct caller's own access). On QEMU, cycles closed by accesses two or more
 * calls away (errno, a coroutine's bookkeeping) were all incidental.
 */
function isNear(side: SideAccess): boolean {
  return side.via.length <= 1;
}

/**
 * The weaker side is blamed only for a pair it visibly holds: one of the two accesses in the point's
 * own function and neither in a caller (but see `isPrimitiveEndingInCaller`). On QEMU, pairs closed by
 * a caller's accesses (a coroutine's bookkeeping around a lock, a migration state around a cmpxchg)
 * were all incidental.
 */
function isOwnPair(store: SideAccess, load: SideAccess): boolean {
  if (store.context === "caller" || load.context === "caller") return false;
  return store.context === "local" || load.context === "local";
}

/**
 * A synchronization primitive whose RMW ends its work: the load that closes the cycle can only be its
 * direct caller's (`qemu_event_reset(&ev); if (!done) qemu_event_wait(&ev);`). The point's own store,
 * a load one caller up, and no shared load of its own after the point. QEMU fixed exactly this in
 * qemu_event_reset() in 2023 with smp_mb__after_rmw().
 */
function isPrimitiveEndingInCaller(point: OrderingPoint, store: SideAccess, load: SideAccess): boolean {
  if (store.position !== "self" || load.context !== "caller" || load.via.length > 1) return false;
  return !(point.storeBuffering?.loads ?? []).some((side) => side.position === "after" && side.context !== "caller");
}

const SEQUENTIALLY_CONSISTENT_STORE = new Set(["seqcst", "mb"]);

/** Whether this side orders `store` before `load` against store buffering. */
function isOrdered(point: OrderingPoint, store: SideAccess, load: SideAccess): boolean {
  // C11: a seq-cst store (or RMW) and a later seq-cst load are ordered, whatever the other side uses.
  if (SEQUENTIALLY_CONSISTENT_STORE.has(store.access.order) && load.access.order === "seqcst") return true;
  // An mb store (qatomic_set_mb, smp_store_mb) ends with a full barrier: every later load is ordered after it.
  if (store.access.order === "mb" && store.position !== "after") return true;
  const side = point.storeBuffering!;
  if (side.strength === "full") return true;
  if (side.strength === "weak" || !side.flanks) return false;
  if (store.position === "before" && load.position === "self") return side.flanks.before;
  if (store.position === "self" && load.position === "after") return side.flanks.after;
  return side.flanks.before || side.flanks.after;
}

/**
 * The report for the first pair the model does not clear: each unordered pair's store-buffering
 * cycle goes to the model with both threads; a pair whose cycle the model forbids (the RMW, the
 * accesses around it or the partner order it after all) is no reason to report.
 */
function judgedFinding(context: VerdictContext, point: OrderingPoint, pairs: readonly UnorderedPair[]): Finding | undefined {
  for (const [index, pair] of pairs.entries()) {
    const anchors = new Set([pair.store.access, pair.load.access, pair.partnerStore.access, pair.partnerLoad.access]);
    const verdict = verdictWithPartner(context, point, otherEnd(pair.edge, point), anchors, undefined, true);
    const judged = withVerdict(finding(point, pairs.slice(index), context.input), verdict);
    if (!judged) continue;
    const fix = storeBufferingFix(point, pair, context.input.options.dialect);
    const suggestion = fix && checkedFenceSuggestion(context, point, otherEnd(pair.edge, point), fix, anchors, undefined, true);
    return withSuggestion(judged, suggestion);
  }
  return undefined;
}

/**
 * An RMW that ends a primitive whose pair closes in both sides' callers (`callerClosedPair`). The
 * model judges the two functions around their points; a cycle it forbids is no report.
 */
function callerClosedFinding(context: VerdictContext, view: PairingView, point: OrderingPoint): Finding | undefined {
  const pair = callerClosedPair(view, point);
  if (!pair) return undefined;
  const { input } = context;
  const anchors = new Set([pair.store.access, pair.load.access, pair.partnerStore.access, pair.partnerLoad.access]);
  const verdict = verdictWithPartner(context, point, pair.partner, anchors, undefined, true);
  const related = [{ site: pair.partner.site, label: `${pointReference(pair.partner, input.file)} needs a full barrier on this side` }];
  return withVerdict({
    rule: FULL_BARRIER_PAIRING,
    messageId: "rmwNotFullBarrier",
    site: point.site,
    related,
    data: {
      barrier: point.label, function: point.fn.name,
      stored: accessText(pair.store), loaded: accessText(pair.load),
      partner: pointReference(pair.partner, input.file),
      partnerStored: accessText(pair.partnerStore), partnerLoaded: accessText(pair.partnerLoad),
      fix: rmwFix(pair, input.options.dialect), confidence: "",
    },
  }, verdict);
}

function finding(point: OrderingPoint, pairs: readonly UnorderedPair[], input: AnalysisInput): Finding {
  const [pair] = pairs as [UnorderedPair];
  const partner = otherEnd(pair.edge, point);
  const isRmw = point.storeBuffering!.strength === "rmw";
  return {
    rule: FULL_BARRIER_PAIRING,
    messageId: isRmw ? "rmwNotFullBarrier" : "weakBarrier",
    site: point.site,
    related: relatedPartners(point, pairs.map((each) => each.edge), input.file, "needs a full barrier on this side"),
    data: {
      barrier: point.label, function: point.fn.name,
      stored: accessText(pair.store), loaded: accessText(pair.load),
      partner: pointReference(partner, input.file),
      partnerStored: accessText(pair.partnerStore), partnerLoaded: accessText(pair.partnerLoad),
      fix: isRmw ? rmwFix(pair, input.options.dialect) : weakFix(point, input.options.dialect),
      confidence: confidenceText([pair.edge]),
    },
  };
}

/**
 * The fence that makes this side a full barrier, next to the access it belongs to: a before/after-rmw
 * fence around the RMW, or a full barrier after the store of a weaker side.
 */
function storeBufferingFix(point: OrderingPoint, pair: UnorderedPair, dialect: ResolvedDialect): FenceFix | undefined {
  const names = barrierNames(dialect);
  if (point.storeBuffering!.strength === "rmw") {
    const rmw = [pair.store, pair.load].find((side) => side.position === "self");
    if (!rmw) return undefined;
    const before = pair.store.position === "before" && pair.load.position === "self";
    const spelling = (before ? names.beforeRmw : names.afterRmw) ?? names.mb;
    const fence = before ? (names.beforeRmw ? "before-rmw" : "mb") : (names.afterRmw ? "after-rmw" : "mb");
    return { access: rmw.access, where: before ? "before" : "after", fence, spelling };
  }
  if (pair.store.position === "after" || pair.store.context !== "local") return undefined;
  return { access: pair.store.access, where: "after", fence: "mb", spelling: names.mb };
}

function rmwFix(pair: Pick<UnorderedPair, "store" | "load">, dialect: ResolvedDialect): string {
  const names = barrierNames(dialect);
  if (pair.store.position === "before" && pair.load.position === "self") return `${names.beforeRmw ?? names.mb} before it`;
  return `${names.afterRmw ?? names.mb} after it`;
}

function weakFix(point: OrderingPoint, dialect: ResolvedDialect): string {
  const { mb } = barrierNames(dialect);
  if (point.kind.endsWith("-store")) return `add ${mb} after it`;
  if (point.kind.endsWith("-load")) return `add ${mb} before it`;
  return `use ${mb} instead`;
}
