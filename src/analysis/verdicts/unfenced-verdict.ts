import type { Access } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { OrderingPoint, SideAccess } from "../pairing/ordering-point.js";
import { judgePair, type PairVerdict } from "./pair-verdict.js";
import type { VerdictContext } from "./point-verdicts.js";
import { threadAroundPoint, wholeFunction, type ThreadItem, type ThreadPlan } from "./thread-items.js";

/**
 * A store-buffering candidate with no barrier on one side: `fn` stores `store` then loads `load`
 * with nothing between, and `partner` (a full barrier elsewhere) stores what `fn` loads before it
 * and loads what `fn` stores after it. The model judges the pair's own cycle: allowed (the report
 * stands, with the witness), forbidden (something the shapes do not see orders the side), or unknown.
 */
export function unfencedSideVerdict(
  context: VerdictContext, fn: FunctionIR, store: Access, load: SideAccess, partner: OrderingPoint, partnerStore: SideAccess, partnerLoad: SideAccess,
): PairVerdict {
  if (!context.model) return { kind: "unknown", reason: "no memory model for the dialect" };
  const own = threadAroundStore(fn, store, load, context);
  if (!own) return { kind: "unknown", reason: "the side's store is not in its function's flow" };
  const plans = [own, threadAroundPoint(partner, context.fenceOfCall)] as const;
  const wanted = [store, load.access, partnerStore.access, partnerLoad.access];
  // A side reached through a caller may hold another copy of the same access (the project's IR of
  // the file, not the linted one): the anchors are the threads' own accesses at the same places.
  const anchors = new Set<unknown>(plans.flatMap((plan) => plan.items.flatMap((item) => (item.kind === "access" && wanted.some((each) => sameAccess(each, item.access)) ? [item.access] : []))));
  return judgePair(plans, context.model, anchors, undefined, true);
}

function sameAccess(a: Access, b: Access): boolean {
  return a === b || (a.key.id === b.key.id && a.op === b.op && a.site.file === b.site.file && a.site.range[0] === b.site.range[0] && a.site.range[1] === b.site.range[1]);
}

/**
 * The unfenced side's function in flow order, built around its store as a thread is around a point;
 * a load made in a callee is placed just after the store, as a point's sides are.
 */
function threadAroundStore(fn: FunctionIR, store: Access, load: SideAccess, context: VerdictContext): ThreadPlan | undefined {
  const { items } = wholeFunction(fn, context.fenceOfCall);
  const pointIndex = items.findIndex((item) => item.kind === "access" && item.access === store);
  if (pointIndex < 0) return undefined;
  if (!items.some((item) => item.kind === "access" && item.access === load.access)) {
    const placed: ThreadItem = { kind: "access", access: load.access, fn: load.fn, ctrl: [] };
    items.splice(pointIndex + 1, 0, placed);
  }
  return { fn, items, pointIndex };
}
