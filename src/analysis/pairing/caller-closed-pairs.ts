import { isKnownLocation } from "../ir/field-key.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { getOrCreate } from "../memo.js";
import { functionFlow } from "./function-flow.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";
import type { PairingView } from "./pairing-view.js";

/**
 * A store-buffering pair between two synchronization primitives whose data is their callers':
 * `qemu_event_reset()` ends with an RMW of `ev->value` and its caller then loads the condition;
 * `qemu_event_set()` is called after its caller stored the condition, and loads `ev->value` after its
 * full barrier. The pairing sees each side through the callers it follows (at most 16); here the
 * partner's callers are searched, all of them, for a store of what this side's callers load.
 */
export interface CallerClosedPair {
  partner: OrderingPoint;
  /** This side: its own store (the RMW) and its direct caller's later load. */
  store: SideAccess;
  load: SideAccess;
  /** The partner's store (in one of its direct callers, before the call) and its own load of `store`'s location. */
  partnerStore: SideAccess;
  partnerLoad: SideAccess;
}

/** Full barriers of a view by the locations their store-buffering side loads near (own or one call down). */
const fullBarriersByLoad = new WeakMap<PairingView, Map<string, OrderingPoint[]>>();

function fullBarriersLoading(view: PairingView, key: string): readonly OrderingPoint[] {
  const byKey = getOrCreate(fullBarriersByLoad, view, () => {
    const map = new Map<string, OrderingPoint[]>();
    for (const point of view.allPoints()) {
      if (point.storeBuffering?.strength !== "full" || point.flavour !== "smp" || point.fn.isPrimitiveWrapper) continue;
      for (const load of new Set(point.storeBuffering.loads.filter(isOwnOrNear).map((side) => side.access.key.id))) {
        getOrCreate(map, load, () => []).push(point);
      }
    }
    return map;
  });
  return byKey.get(key) ?? [];
}

/** The function's own access, or one of a function it calls directly, in the same iteration. */
function isOwnOrNear(side: SideAccess): boolean {
  return !side.crossesIteration && (side.context === "local" || (side.context === "callee" && side.via.length <= 1));
}

/**
 * For an RMW that ends its function's work (the store its own, the loads after it its direct
 * callers'), a full barrier of another function that loads the RMW's location after it and has no
 * store of its own before it (it orders its callers' stores), one of whose direct callers stores,
 * before calling it, what this side's callers load after the RMW.
 */
export function callerClosedPair(view: PairingView, point: OrderingPoint): CallerClosedPair | undefined {
  const side = point.storeBuffering;
  if (!side || side.strength !== "rmw" || side.flanks?.after) return undefined;
  const store = side.stores.find((entry) => entry.position === "self" && entry.access.op === "rmw");
  if (!store || side.loads.some((entry) => entry.position === "after" && entry.context !== "caller")) return undefined;
  const callerLoads = side.loads.filter((entry) => entry.position === "after" && entry.context === "caller" && entry.via.length === 1
    && !entry.crossesIteration && entry.access.op === "load" && isKnownLocation(entry.access.key) && entry.access.key.id !== store.access.key.id);
  if (callerLoads.length === 0) return undefined;
  for (const partner of fullBarriersLoading(view, store.access.key.id)) {
    if (partner.fn === point.fn || partner.fn.name === point.fn.name) continue;
    const partnerSide = partner.storeBuffering!;
    // The partner orders its callers' stores: none of its own (or its callees') comes before it.
    if (partnerSide.stores.some((entry) => entry.context !== "caller")) continue;
    const partnerLoad = partnerSide.loads.find((entry) => isOwnOrNear(entry) && entry.access.key.id === store.access.key.id);
    if (!partnerLoad) continue;
    const found = callerStoreOf(view, partner.fn, callerLoads);
    if (found) return { partner, store, partnerLoad, ...found };
  }
  return undefined;
}

/**
 * A store (or RMW) that a direct caller of `fn` makes itself before calling it, of a location one of
 * `loads` reads in another caller: a function that calls both primitives runs them in one thread.
 */
function callerStoreOf(
  view: PairingView, fn: FunctionIR, loads: readonly SideAccess[],
): { load: SideAccess; partnerStore: SideAccess } | undefined {
  for (const { caller, call } of view.scope.callSitesOf(fn)) {
    if (caller === fn) continue;
    const start = functionFlow(caller).nodeOfEvent.get(call.id);
    if (start === undefined) continue;
    for (const entry of view.sideAt(caller, start, "backward")) {
      if (entry.context !== "local" || entry.crossesIteration || entry.access.op === "load") continue;
      const load = loads.find((candidate) => candidate.access.key.id === entry.access.key.id && candidate.via[0] !== caller.name);
      if (load) return { load, partnerStore: { ...entry, context: "caller", via: [caller.name] } };
    }
  }
  return undefined;
}
