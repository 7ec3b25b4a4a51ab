import path from "node:path";
import type { MemoryModel, SkeletonEvent } from "../../model/index.js";
import type { Access } from "../ir/events.js";
import { fieldKeysMatch, type FieldKey } from "../ir/field-key.js";
import { accessShape, modelFence } from "./model-events.js";
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
  value?: number;
  /** Rank among the thread's accesses, in program order. */
  rank: number;
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
  const nextValue = new Map<string, number>();
  const threads: SkeletonEvent[][] = [];
  const accesses: ModelAccess[][] = [];
  for (const [thread, plan] of plans.entries()) {
    const events: SkeletonEvent[] = [];
    const list: ModelAccess[] = [];
    // Registers each load's value came from: its own for a kept load; for a load of a location the
    // skeleton leaves out, those of the store it reloads (LKMM carries dependencies through memory).
    const regsOfLoad = new Map<string, readonly string[]>();
    const storedFrom = new Map<string, readonly string[]>();
    const selected = new Set(selectItems(plan, locs));
    for (const item of plan.items) {
      if (!selected.has(item)) {
        if (item.kind === "access") carryDependency(item, regsOfLoad, storedFrom);
        continue;
      }
      const label = labelOf(item);
      if (item.kind === "fence") {
        const fence = modelFence(item.fence, model);
        if (fence) events.push({ kind: "fence", fence, label });
        continue;
      }
      const access = item.access;
      const loc = locs.get(access.key.id)!;
      const regs = (ids: readonly string[]) => [...new Set(ids.flatMap((id) => regsOfLoad.get(id) ?? []))];
      const addr = regs(access.dependsOn.filter((dep) => dep.via === "address").map((dep) => dep.loadId));
      const data = regs(access.dependsOn.filter((dep) => dep.via === "value").map((dep) => dep.loadId));
      const ctrl = regs([...item.ctrl, ...access.dependsOn.filter((dep) => dep.via === "control").map((dep) => dep.loadId)]);
      const deps = { ...(addr.length ? { addr } : {}), ...(data.length ? { data } : {}), ...(ctrl.length ? { ctrl } : {}) };
      const located = { loc, label, ...(Object.keys(deps).length ? { deps } : {}) };
      const shape = accessShape(access, model);
      const rank = list.length;
      if (shape.kind === "read") {
        const reg = `r${rank}`;
        regsOfLoad.set(access.id, [reg]);
        events.push({ kind: "read", order: shape.order, reg, ...located });
        if (shape.fenceAfter) events.push({ kind: "fence", fence: shape.fenceAfter, label });
        list.push({ thread, access, loc, reads: true, writes: false, reg, rank });
        continue;
      }
      const value = (nextValue.get(loc) ?? 0) + 1;
      nextValue.set(loc, value);
      if (shape.kind === "write") {
        if (shape.fenceBefore) events.push({ kind: "fence", fence: shape.fenceBefore, label });
        events.push({ kind: "write", order: shape.order, value, ...located });
        if (shape.fenceAfter) events.push({ kind: "fence", fence: shape.fenceAfter, label });
        list.push({ thread, access, loc, reads: false, writes: true, value, rank });
        continue;
      }
      const reg = `r${rank}`;
      regsOfLoad.set(access.id, [reg]);
      events.push({ kind: "rmw", order: shape.order, value, reg, ...(shape.noReturn ? { noReturn: true } : {}), ...located });
      list.push({ thread, access, loc, reads: true, writes: true, reg, value, rank });
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
