import type { GuardTest, Value } from "../../model/index.js";
import type { Access, BranchTest } from "../ir/events.js";
import { locName } from "./skeleton-builder.js";
import type { ThreadItem, ThreadPlan } from "./thread-items.js";

export interface StoreValues {
  of: Map<Access, Value>;
  /** Locations whose every kept store writes what the code writes: a guard on them can be trusted. */
  faithful: Set<string>;
  /**
   * Stores written with the code's own constant although another store of the location, or the
   * initial 0, has the same value: a guard on the location is exact, but reading that value does
   * not say which store it came from, so no outcome may rest on it.
   */
  unclear: Set<Access>;
  /** Locations some store writes 0 to: reading 0 there does not mean the initial value. */
  zeroStored: Set<string>;
  /** Locations a guard tests whose stores all write 0 (see `guardTests`). */
  zeroOnly: Set<string>;
}

/**
 * The value each kept store writes: the address it publishes, the constant the code writes when that
 * is not 0 and no other store of the location writes it, or else a value of its own. A guard is
 * trusted only on a location whose stores all write what the code writes. A location a kept guard
 * tests whose kept stores all write 0 is written with 0 (`if (*p) *p = 0;` on a location only ever
 * set to 0 never runs its store).
 */
export function storeValues(plans: readonly ThreadPlan[], selections: readonly Set<ThreadItem>[], locs: ReadonlyMap<Access, string>): StoreValues {
  const of = new Map<Access, Value>();
  const used = new Map<string, Set<number>>();
  const unfaithful = new Set<string>();
  const stores: Access[] = [];
  plans.forEach((plan, thread) => {
    for (const item of plan.items) if (item.kind === "access" && item.access.op !== "load" && selections[thread]!.has(item)) stores.push(item.access);
  });
  const exact = exactLocations(plans, selections, locs, stores);
  const exactStores: Access[] = [];
  const pending: Access[] = [];
  // The skeleton's name of each location an access reaches, for the addresses stores publish.
  const addressName = new Map<string, string>();
  for (const [access, loc] of locs) if (!access.dependsOn.some((dep) => dep.via === "address")) addressName.set(access.key.id, loc);
  for (const access of stores) {
    const loc = locs.get(access)!;
    const taken = used.get(loc) ?? new Set<number>();
    used.set(loc, taken);
    const stored = access.op === "store" ? access.stores : undefined;
    if (stored && "addressOf" in stored) {
      of.set(access, { addressOf: addressName.get(stored.addressOf.id) ?? locName(stored.addressOf) });
      unfaithful.add(loc);
    } else if (stored && stored.constant !== 0 && !taken.has(stored.constant)) {
      of.set(access, stored.constant);
      taken.add(stored.constant);
    } else if (stored && exact.has(loc)) {
      of.set(access, stored.constant);
      exactStores.push(access);
    } else {
      pending.push(access);
      unfaithful.add(loc);
    }
  }
  for (const access of pending) {
    const loc = locs.get(access)!;
    const taken = used.get(loc)!;
    let value = 1;
    while (taken.has(value)) value++;
    taken.add(value);
    of.set(access, value);
  }
  const unclear = new Set<Access>();
  const zeroStored = new Set<string>();
  for (const access of exactStores) {
    const [loc, value] = [locs.get(access)!, of.get(access)!];
    if (value === 0) zeroStored.add(loc);
    const same = stores.filter((other) => locs.get(other) === loc && of.get(other) === value);
    if (value === 0 || same.length > 1) for (const each of same) unclear.add(each);
  }
  return { of, faithful: new Set([...used.keys()].filter((loc) => !unfaithful.has(loc))), unclear, zeroStored, zeroOnly: exact };
}

/**
 * Locations a kept guard tests whose kept stores all write 0, the initial value: their value never
 * changes, so the guard is decided. (A location also written with other constants keeps its distinct
 * values: its cycles need them more than its guards do.)
 */
function exactLocations(plans: readonly ThreadPlan[], selections: readonly Set<ThreadItem>[], locs: ReadonlyMap<Access, string>, stores: readonly Access[]): Set<string> {
  const tested = new Set<string>();
  plans.forEach((plan, thread) => {
    const loads = new Map<string, Access>();
    for (const item of plan.items) {
      if (item.kind !== "access" || !selections[thread]!.has(item)) continue;
      if (item.access.op !== "store") loads.set(item.access.id, item.access);
      for (const test of item.when ?? []) {
        const load = loads.get(test.loadId);
        const loc = load && locs.get(load);
        if (loc !== undefined) tested.add(loc);
      }
    }
  });
  for (const access of stores) {
    const stored = access.op === "store" ? access.stores : undefined;
    if (!stored || !("constant" in stored) || stored.constant !== 0) tested.delete(locs.get(access)!);
  }
  return tested;
}

/**
 * The branch tests on loads the skeleton keeps, on locations whose stores it writes faithfully. A test
 * of a location only ever set to 0 guards only a store to that location (`if (*p) *p = 0;`): the two
 * threads never set it, but a third party may, and then what else the branch guards does run.
 */
export function guardTests(
  tests: readonly BranchTest[], ownReg: ReadonlyMap<string, { reg: string; loc: string }>, values: Pick<StoreValues, "faithful" | "zeroOnly">,
  target?: { loc: string; writes: boolean },
): GuardTest[] {
  return tests.flatMap((test) => {
    const load = ownReg.get(test.loadId);
    if (!load || !values.faithful.has(load.loc)) return [];
    if (values.zeroOnly.has(load.loc) && !(target?.writes && target.loc === load.loc)) return [];
    return [{ reg: load.reg, op: test.op, value: test.value }];
  });
}
