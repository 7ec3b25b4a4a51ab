import path from "node:path";
import type { GuardTest, MemoryModel, SkeletonEvent, Value } from "../../model/index.js";
import { pointeeKey } from "../keys/field-keys.js";
import type { Access } from "../ir/events.js";
import { fieldKeysMatch, type FieldKey } from "../ir/field-key.js";
import { accessShape, modelFence } from "./model-events.js";
import { guardTests, storeValues, type StoreValues } from "./store-values.js";
import type { ThreadItem, ThreadPlan } from "./thread-items.js";

/** Accesses kept on each side of a point (or in a whole function): the bound that keeps skeletons small. */
const ACCESSES_PER_SIDE = 5;
const ACCESSES_PER_FUNCTION = 10;

/** One access of a built thread, as the cycle search needs it. */
export interface ModelAccess {
  thread: number;
  access: Access;
  loc: string;
  reads: boolean;
  writes: boolean;
  reg?: string;
  value?: Value;
  /** Rank among the thread's accesses, in program order. */
  rank: number;
  /** The branch tests it runs under: an outcome that needs it needs them too. */
  when?: readonly GuardTest[];
  /** A store whose value another store (or the initial 0) shares: no outcome may rest on reading it. */
  valueUnclear?: true;
  /** A store of its location writes 0: reading 0 there does not mean the initial value. */
  zeroStored?: true;
}

export interface BuiltThreads {
  threads: SkeletonEvent[][];
  accesses: ModelAccess[][];
}

/** A location's name in the skeleton (and in an exported litmus test): the key with its punctuation folded. */
export function locName(key: FieldKey): string {
  return key.id.replace(/\[\]/gu, "_elems").replace(/[^A-Za-z0-9_]+/gu, "_").replace(/^_+|_+$/gu, "") || "loc";
}

/**
 * The shared keys of the two threads, each with one skeleton name. An owner-unknown key (`?.f`)
 * joins the exact key of the other thread that it matches.
 */
export function commonLocations(a: ThreadPlan, b: ThreadPlan): Map<string, string> {
  const keysOf = (plan: ThreadPlan) => {
    const keys = new Map<string, FieldKey>();
    for (const item of plan.items) if (item.kind === "access") keys.set(item.access.key.id, item.access.key);
    return keys;
  };
  const [left, right] = [keysOf(a), keysOf(b)];
  const names = new Map<string, string>();
  addPointerLocations(a, b, left, right, names);
  for (const [id, key] of left) {
    if (right.has(id)) {
      names.set(id, locName(key));
      continue;
    }
    for (const [otherId, other] of right) {
      if (!(id.startsWith("?.") || otherId.startsWith("?.")) || !fieldKeysMatch(key, other)) continue;
      const name = locName(id.startsWith("?.") ? other : key);
      names.set(id, name);
      names.set(otherId, name);
    }
  }
  return names;
}

/**
 * Locations reached through a shared pointer: when a thread stores the address of `T` in a location
 * `P` both threads access, the accesses to `*P` (through a load of `P`) and to `T` are kept too, so
 * an address dependency through the published pointer is seen by the model.
 */
function addPointerLocations(a: ThreadPlan, b: ThreadPlan, left: Map<string, FieldKey>, right: Map<string, FieldKey>, names: Map<string, string>): void {
  const targets = pointerTargets([a, b]);
  // A pointer both threads access, or a thread's copy of one.
  const shared = new Set([...targets.keys()].filter((pointer) => left.has(pointer) && right.has(pointer)));
  for (const [pointer, stored] of targets) {
    if (!shared.has(pointer) && !stored.some(() => [...shared].some((each) => targets.get(each) === stored || sameTargets(targets.get(each)!, stored)))) continue;
    const through = pointeeKey({ id: pointer, confidence: "exact" }).id;
    for (const keys of [left, right]) {
      const pointee = keys.get(through);
      if (pointee) names.set(through, locName(pointee));
      for (const target of stored) {
        const key = keys.get(target.id);
        if (key) names.set(target.id, locName(key));
      }
    }
  }
}

function sameTargets(a: readonly FieldKey[], b: readonly FieldKey[]): boolean {
  return a.every((key) => b.some((other) => other.id === key.id));
}

/**
 * For each location, the shared locations whose addresses the two threads store there: published
 * directly (`rcu_assign_pointer(p, &obj)`), or copied from a load of such a location (`tmp = p`).
 */
export function pointerTargets(plans: readonly ThreadPlan[]): Map<string, FieldKey[]> {
  const targets = new Map<string, FieldKey[]>();
  const add = (loc: string, keys: readonly FieldKey[]) => {
    const list = targets.get(loc) ?? [];
    for (const key of keys) if (!list.some((known) => known.id === key.id)) list.push(key);
    targets.set(loc, list);
  };
  for (const plan of plans) {
    for (const item of plan.items) {
      const stored = item.kind === "access" && item.access.op === "store" ? item.access.stores : undefined;
      if (item.kind === "access" && stored && "addressOf" in stored) add(item.access.key.id, [stored.addressOf]);
    }
  }
  if (targets.size === 0) return targets;
  // Copies, a few levels deep.
  for (let round = 0; round < 2; round++) {
    for (const plan of plans) {
      const loaded = new Map<string, string>();
      for (const item of plan.items) {
        if (item.kind !== "access") continue;
        if (item.access.op === "load") loaded.set(item.access.id, item.access.key.id);
        if (item.access.op !== "store") continue;
        for (const dep of item.access.dependsOn) {
          const from = dep.via === "value" ? loaded.get(dep.loadId) : undefined;
          if (from !== undefined && from !== item.access.key.id && targets.has(from)) add(item.access.key.id, targets.get(from)!);
        }
      }
    }
  }
  return targets;
}

/** The items the skeleton keeps: shared accesses near the point (or the function's first ones) and the fences between them. */
function selectItems(plan: ThreadPlan, locs: ReadonlyMap<string, string>): ThreadItem[] {
  const shared = plan.items.map((item, index) => ({ item, index }))
    .filter(({ item }) => item.kind === "access" && locs.has(item.access.key.id));
  let kept: number[];
  if (plan.pointIndex === undefined) kept = shared.slice(0, ACCESSES_PER_FUNCTION).map(({ index }) => index);
  else {
    const point = plan.pointIndex;
    const before = shared.filter(({ index }) => index < point).slice(-ACCESSES_PER_SIDE);
    const after = shared.filter(({ index }) => index > point).slice(0, ACCESSES_PER_SIDE);
    const self = shared.filter(({ index }) => index === point);
    kept = [...before, ...self, ...after].map(({ index }) => index);
  }
  if (kept.length === 0) return [];
  const [first, last] = [Math.min(...kept), Math.max(...kept)];
  const keptSet = new Set(kept);
  return plan.items.filter((item, index) => keptSet.has(index) || (item.kind === "fence" && index > first && index < last));
}

/** `qatomic_read(Ring.ready) at consume() (ring.c:12)`: the witness names events by these labels. */
function labelOf(item: ThreadItem): string {
  if (item.kind === "fence") return `${item.api}() at ${item.fn.name}() (${path.basename(item.fn.site.file)}:${item.line})`;
  const access = item.access;
  const what = access.api === "plain" ? `${access.op === "load" ? "load" : "store"} ${access.key.id}` : `${access.api}(${access.key.id})`;
  return `${what} at ${item.fn.name}() (${path.basename(access.site.file)}:${access.site.line})`;
}

/**
 * Both threads as model events: reads get registers, writes distinct values per location, and
 * dependencies name the registers of the loads they come from.
 */
export function buildThreads(plans: readonly ThreadPlan[], locs: ReadonlyMap<string, string>, model: MemoryModel): BuiltThreads {
  const selections = plans.map((plan) => new Set(selectItems(plan, locs)));
  const pointers = pointerTargets(plans);
  // Where each access goes is known before any value is given: the values depend on it.
  const first = buildWith(plans, selections, locs, model, pointers, { of: new Map(), faithful: new Set(), unclear: new Set(), zeroStored: new Set(), zeroOnly: new Set() });
  const locOf = new Map(first.accesses.flat().map((each) => [each.access, each.loc]));
  return buildWith(plans, selections, locs, model, pointers, storeValues(plans, selections, locOf));
}

function buildWith(
  plans: readonly ThreadPlan[], selections: readonly Set<ThreadItem>[], locs: ReadonlyMap<string, string>, model: MemoryModel,
  pointers: ReadonlyMap<string, readonly FieldKey[]>, values: StoreValues,
): BuiltThreads {
  const threads: SkeletonEvent[][] = [];
  const accesses: ModelAccess[][] = [];
  for (const [thread, plan] of plans.entries()) {
    const events: SkeletonEvent[] = [];
    const list: ModelAccess[] = [];
    // Registers each load's value came from: its own for a kept load; for a load of a location the
    // skeleton leaves out, those of the store it reloads (LKMM carries dependencies through memory).
    const regsOfLoad = new Map<string, readonly string[]>();
    const storedFrom = new Map<string, readonly string[]>();
    // The register of each kept read, and the location it read.
    const ownReg = new Map<string, { reg: string; key: string; loc: string }>();
    // Loads whose value is an address the skeleton knows: the register and the possible targets.
    const pointerLoads = new Map<string, { reg: string; key: string; targets: readonly FieldKey[] }>();
    const storedPointer = new Map<string, { reg: string; targets: readonly FieldKey[] }>();
    const selected = selections[thread]!;
    for (const item of plan.items) {
      if (!selected.has(item)) {
        if (item.kind !== "access") continue;
        carryDependency(item, regsOfLoad, storedFrom);
        const access = item.access;
        if (access.op === "store") {
          const copied = access.dependsOn.filter((dep) => dep.via === "value").map((dep) => pointerLoads.get(dep.loadId)).find((load) => load !== undefined);
          if (copied) storedPointer.set(access.key.id, copied);
          else storedPointer.delete(access.key.id);
        } else if (access.op === "load" && storedPointer.has(access.key.id)) {
          pointerLoads.set(access.id, { ...storedPointer.get(access.key.id)!, key: access.key.id });
        }
        continue;
      }
      const label = labelOf(item);
      const guardOf = (target?: { loc: string; writes: boolean }) => {
        const when = guardTests(item.when ?? [], ownReg, values, target);
        return when.length > 0 ? { when } : {};
      };
      if (item.kind === "fence") {
        const fence = modelFence(item.fence, model);
        if (fence) events.push({ kind: "fence", fence, label, ...guardOf() });
        continue;
      }
      const access = item.access;
      const regs = (ids: readonly string[]) => [...new Set(ids.flatMap((id) => regsOfLoad.get(id) ?? []))];
      const addr = regs(access.dependsOn.filter((dep) => dep.via === "address").map((dep) => dep.loadId));
      const data = regs(access.dependsOn.filter((dep) => dep.via === "value").map((dep) => dep.loadId));
      const ctrl = regs([...item.ctrl, ...access.dependsOn.filter((dep) => dep.via === "control").map((dep) => dep.loadId)]);
      // `*p` through a load of a pointer location that holds addresses (or a copy of such a load
      // through a location the skeleton leaves out): the access goes where the load pointed.
      const through = access.dependsOn.filter((dep) => dep.via === "address").map((dep) => pointerLoads.get(dep.loadId))
        .find((load) => load && pointeeKey({ id: load.key, confidence: "exact" }).id === access.key.id);
      // Through a pointer, the location is its one possible target, or a name of its own for the model to resolve.
      const loc = !through ? locs.get(access.key.id)!
        : through.targets.length === 1 ? locs.get(through.targets[0]!.id) ?? locName(through.targets[0]!) : `deref_${locName(access.key)}`;
      const deps = { ...(addr.length ? { addr } : {}), ...(data.length ? { data } : {}), ...(ctrl.length ? { ctrl } : {}) };
      const guarded = guardOf({ loc, writes: access.op !== "load" });
      const located = { loc, label, ...(through ? { via: through.reg } : {}), ...(Object.keys(deps).length ? { deps } : {}), ...guarded };
      const shape = accessShape(access, model);
      const rank = list.length;
      const unsure = { ...(values.unclear.has(access) ? { valueUnclear: true as const } : {}), ...(values.zeroStored.has(loc) ? { zeroStored: true as const } : {}) };
      if (shape.kind === "read") {
        const reg = `r${rank}`;
        regsOfLoad.set(access.id, [reg]);
        ownReg.set(access.id, { reg, key: access.key.id, loc });
        const targetsHere = pointers.get(access.key.id);
        if (targetsHere) pointerLoads.set(access.id, { reg, key: access.key.id, targets: targetsHere });
        events.push({ kind: "read", order: shape.order, reg, ...located });
        if (shape.fenceAfter) events.push({ kind: "fence", fence: shape.fenceAfter, label, ...guarded });
        list.push({ thread, access, loc, reads: true, writes: false, reg, rank, ...guarded, ...unsure });
        continue;
      }
      const value = values.of.get(access) ?? 0;
      if (shape.kind === "write") {
        if (shape.fenceBefore) events.push({ kind: "fence", fence: shape.fenceBefore, label, ...guarded });
        events.push({ kind: "write", order: shape.order, value, ...located });
        if (shape.fenceAfter) events.push({ kind: "fence", fence: shape.fenceAfter, label, ...guarded });
        list.push({ thread, access, loc, reads: false, writes: true, value, rank, ...guarded, ...unsure });
        continue;
      }
      const reg = `r${rank}`;
      regsOfLoad.set(access.id, [reg]);
      events.push({ kind: "rmw", order: shape.order, value, reg, ...(shape.noReturn ? { noReturn: true } : {}), ...located });
      list.push({ thread, access, loc, reads: true, writes: true, reg, value, rank, ...guarded, ...unsure });
    }
    threads.push(events);
    accesses.push(list);
  }
  return { threads, accesses };
}

/** A left-out access passes the registers it depends on through memory: a store to its location, a load from it. */
function carryDependency(item: Extract<ThreadItem, { kind: "access" }>, regsOfLoad: Map<string, readonly string[]>, storedFrom: Map<string, readonly string[]>): void {
  const access = item.access;
  const from = [...new Set(access.dependsOn.filter((dep) => dep.via !== "control").flatMap((dep) => regsOfLoad.get(dep.loadId) ?? []))];
  if (access.op !== "load") storedFrom.set(access.key.id, from);
  if (access.op !== "store") regsOfLoad.set(access.id, [...new Set([...(storedFrom.get(access.key.id) ?? []), ...from])]);
}
