import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Access } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { isExternalMemoryKey, isKnownLocation } from "../ir/field-key.js";
import type { Finding } from "../findings.js";
import { accessText, barrierNames, pointReference } from "./describe.js";
import { FULL_BARRIER_PAIRING } from "./full-barrier-checker.js";
import { functionFlow } from "./function-flow.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";
import { filePairing, type PairingView } from "./pairing-view.js";
import { verdictContext, withVerdict, type VerdictContext } from "../verdicts/point-verdicts.js";
import { unfencedSideVerdict } from "../verdicts/unfenced-verdict.js";

/**
 * The side of a store-buffering pair that has no barrier at all: a function that stores `x` and then
 * loads `y`, both with the marked accesses of concurrent code (`qatomic_set()`/`qatomic_read()`,
 * `WRITE_ONCE()`/`READ_ONCE()`), with nothing between them, while a full barrier elsewhere orders
 * its own store to `y` before its load of `x`. That barrier is then half of a pair (deleting the one
 * of `aio_notify()` leaves the one of `aio_poll()` so). A side with a weaker barrier or an RMW
 * between the two accesses is an ordering point, and `full-barrier-pairing`'s own checker judges it.
 *
 * The store is the function's own; the load its own or a callee's, as deep as the side walker goes;
 * and the full barrier's two matching accesses are its own or one call away: the evidence the
 * weaker-side reports require. The model judges the
 * candidate pair's own cycle: a pair it forbids is no report, and an allowed one carries the witness.
 */
export const unfencedSideChecker: Checker = {
  name: "pairing/unfenced-store-buffering-side",
  rules: [FULL_BARRIER_PAIRING],
  check(input: AnalysisInput): Finding[] {
    const view = filePairing(input.project, input.fileIR, input.options.callDepth);
    const context = verdictContext(input, view);
    const findings: Finding[] = [];
    for (const fn of input.fileIR.functions) {
      if (fn.isPrimitiveWrapper || fn.hasParseErrors) continue;
      const finding = unfencedSide(view, fn, input, context);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

/** The first unfenced store-then-load of `fn` that a full barrier elsewhere pairs with and the model does not clear, as a finding. */
function unfencedSide(view: PairingView, fn: FunctionIR, input: AnalysisInput, context: VerdictContext): Finding | undefined {
  const flow = functionFlow(fn);
  const points = view.pointsOf(fn);
  for (const node of flow.nodes) {
    const store = node.event;
    if (store?.kind !== "access" || store.op !== "store" || !isMarked(store)) continue;
    const later = view.sideAt(fn, node.index, "forward");
    const self: SideAccess = { access: store, fn, position: "before", context: "local", via: [], crossesIteration: false };
    for (const load of later) {
      if (!isOwnOrCallees(load) || load.access.op !== "load" || !isMarkedLoad(load.access)) continue;
      if (load.access.key.id === store.key.id || !isKnownLocation(store.key) || !isKnownLocation(load.access.key)) continue;
      // A point between them (a release store, an acquire load, an RMW, its own or a callee's) is judged as that point.
      if (points.some((point) => orders(point, store, load.access))) continue;
      if (calleesOnTheWay(later).some((callee) => view.pointsOf(callee).some((point) => orders(point, store, load.access)))) continue;
      const partner = view.fullBarriersAgainst([self], [load]).find((candidate) => pairsWith(candidate, fn, store, load.access));
      if (!partner) continue;
      const { partnerLoad, partnerStore } = partnerAccesses(partner, store, load.access) as Required<ReturnType<typeof partnerAccesses>>;
      const judged = withVerdict({
        rule: FULL_BARRIER_PAIRING,
        messageId: "noBarrier",
        site: store.site,
        related: [{ site: partner.site, label: `${partner.label} in ${partner.fn.name}() needs a full barrier on this side` }],
        data: {
          function: fn.name,
          stored: store.key.id,
          loaded: accessText(load),
          partner: pointReference(partner, input.file),
          partnerStored: accessText(partnerStore), partnerLoaded: accessText(partnerLoad),
          mb: barrierNames(input.options.dialect).mb,
        },
      }, unfencedSideVerdict(context, fn, store, load, partner, partnerStore, partnerLoad));
      if (judged) return judged;
    }
  }
  return undefined;
}

/** Functions a side reached by calling them. */
function calleesOnTheWay(side: readonly SideAccess[]): FunctionIR[] {
  return [...new Set(side.filter((entry) => entry.context === "callee").map((entry) => entry.fn))];
}

/**
 * An access of the function itself or of a function it calls, as deep as the side walker goes
 * (`callDepth`: `aio_ctx_prepare()` reads the bottom halves' flags two calls down), in the same iteration.
 */
function isOwnOrCallees(side: SideAccess): boolean {
  return !side.crossesIteration && (side.context === "local" || side.context === "callee");
}

/** Accesses written as concurrent ones, but with no ordering of their own. */
function isMarked(access: Access): boolean {
  return access.order === "once" && !isExternalMemoryKey(access.key.id);
}

/**
 * A load written as a concurrent one: relaxed, or an acquire or consume load, which orders what comes
 * after it and nothing before it, so an earlier store may still pass it.
 */
function isMarkedLoad(access: Access): boolean {
  return (access.order === "once" || access.order === "acquire" || access.order === "consume") && !isExternalMemoryKey(access.key.id);
}

/** Whether `point` stands between `store` and `load`: the store on its store-buffering side before, the load after. */
function orders(point: OrderingPoint, store: Access, load: Access): boolean {
  const side = point.storeBuffering;
  if (!side) return false;
  return side.stores.some((entry) => entry.access === store) && side.loads.some((entry) => entry.access === load);
}

/**
 * A full barrier of another function that stores what `fn` loads before it and loads what `fn`
 * stores after it: each access its own or one call away, at least one its own, and at most one in
 * its direct caller (`aio_notify()` orders the bottom half its caller scheduled).
 */
function pairsWith(partner: OrderingPoint, fn: FunctionIR, store: Access, load: Access): boolean {
  if (partner.fn === fn || partner.fn.isPrimitiveWrapper || partner.flavour !== "smp") return false;
  // A function of the same name in another file is another platform's build of it, never its partner.
  if (partner.fn.name === fn.name) return false;
  const { partnerLoad, partnerStore } = partnerAccesses(partner, store, load);
  if (!partnerLoad || !partnerStore) return false;
  if (partnerLoad.context === "caller" && partnerStore.context === "caller") return false;
  return partnerLoad.context === "local" || partnerStore.context === "local";
}

/** The partner's load of what `fn` stores and its store of what `fn` loads, the nearest first. */
function partnerAccesses(partner: OrderingPoint, store: Access, load: Access): { partnerLoad?: SideAccess; partnerStore?: SideAccess } {
  const side = partner.storeBuffering!;
  const near = (entry: SideAccess) => entry.via.length <= 1 && !entry.crossesIteration;
  return {
    partnerLoad: side.loads.find((entry) => near(entry) && entry.access.key.id === store.key.id && entry.access.op !== "store"),
    partnerStore: side.stores.find((entry) => near(entry) && entry.access.key.id === load.key.id && entry.access.op !== "load"),
  };
}
