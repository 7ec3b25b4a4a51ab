/**
 * The entry point for skeletons drawn from real code: threads of events, and the
 * outcome whose possibility is in question. Results are cached by a hash of the
 * skeleton, the model and the bounds.
 */
import type { AccessOrder, FenceKind, ThreadTrace, Value } from "./events.js";
import type { Bounds, NotChecked, Unsupported } from "./bounds.js";
import { DEFAULT_BOUNDS, overBound } from "./bounds.js";
import type { Prop } from "./condition.js";
import type { MemoryModel } from "./models/model.js";
import { budgetReason, searchExecutions } from "./search.js";
import type { DependencySources, RmwOrder } from "./trace-builder.js";
import { ThreadTraceBuilder } from "./trace-builder.js";
import type { Witness } from "./witness.js";

/** Registers named here are set by earlier reads of the same thread. */
export interface SkeletonDeps {
  readonly addr?: readonly string[];
  readonly data?: readonly string[];
  /** The event executes under a branch on these registers (list them on every such event). */
  readonly ctrl?: readonly string[];
}

interface Located {
  readonly loc: string;
  readonly deps?: SkeletonDeps;
  /** Where the event comes from, for the witness (e.g. "util/async.c:123 smp_mb()"). */
  readonly label?: string;
}

export type SkeletonEvent =
  | (Located & { readonly kind: "read"; readonly order: AccessOrder; readonly reg: string })
  | (Located & { readonly kind: "write"; readonly order: AccessOrder; readonly value: number })
  /** An RMW that stores `value`; `reg` receives the old value. */
  | (Located & { readonly kind: "rmw"; readonly order: RmwOrder; readonly value: number; readonly reg?: string; readonly noReturn?: boolean })
  | { readonly kind: "fence"; readonly fence: FenceKind; readonly label?: string; readonly deps?: SkeletonDeps };

export type OutcomeAtom = { readonly thread: number; readonly reg: string; readonly value: number } | { readonly loc: string; readonly value: number };

export interface Skeleton {
  readonly threads: readonly (readonly SkeletonEvent[])[];
  /** Initial values; locations not named start at 0. */
  readonly init?: Readonly<Record<string, number>>;
  /** The outcome in question, a conjunction: "the reader sees the flag but the old data". */
  readonly outcome: readonly OutcomeAtom[];
}

export interface Checked {
  readonly status: "checked";
  /** The outcome can happen: the model allows it, or a data race makes the program undefined. */
  readonly allowed: boolean;
  /** The model allows the outcome in a race-free reading of the program. */
  readonly outcomeReachable: boolean;
  readonly dataRace: boolean;
  /** An execution showing the outcome, or the race when that is why it is allowed. */
  readonly witness?: Witness;
  readonly candidates: number;
}

export type CheckResult = Checked | NotChecked | Unsupported;

/** FNV-1a over the skeleton's canonical JSON: cheap, and stable across runs. */
export function skeletonHash(skeleton: Skeleton): string {
  const text = JSON.stringify(skeleton);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${h.toString(16).padStart(8, "0")}:${text.length}`;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, CheckResult>();

export function clearCheckCache(): void {
  cache.clear();
}

/** Builds one skeleton event into the thread's trace; `regs` maps each register to its read. */
function addEvent(b: ThreadTraceBuilder, e: SkeletonEvent, deps: DependencySources, wanted: (reg: string | undefined) => number | undefined, regs: Map<string, number>): void {
  if (e.kind === "fence") {
    b.fence(e.fence, e.label ?? e.fence);
  } else if (e.kind === "read") {
    const v = wanted(e.reg);
    regs.set(e.reg, b.read(e.loc, e.order, v, e.label ?? `read ${e.loc}`, deps, e.reg));
    if (v !== undefined) b.regs.set(e.reg, v);
  } else if (e.kind === "write") {
    b.write(e.loc, e.order, e.value, e.label ?? `write ${e.loc}=${e.value}`, deps);
  } else {
    const v = wanted(e.reg);
    const r = b.rmw(e.loc, e.order, v, e.value, e.label ?? `rmw ${e.loc}`, { deps, ...(e.noReturn ? { noReturn: true } : {}), ...(e.reg ? { reg: e.reg } : {}) });
    if (e.reg) regs.set(e.reg, r);
    if (e.reg && v !== undefined) b.regs.set(e.reg, v);
  }
}

/** One thread's trace; reads named in the outcome return the outcome's value, the others are left open. */
function toTrace(events: readonly SkeletonEvent[], thread: number, outcome: readonly OutcomeAtom[]): ThreadTrace | string {
  const b = new ThreadTraceBuilder();
  const regs = new Map<string, number>();
  const wanted = (reg: string | undefined): number | undefined => outcome.find((a) => "reg" in a && a.thread === thread && a.reg === reg)?.value;
  const resolve = (names: readonly string[] | undefined): number[] | string => {
    const out: number[] = [];
    for (const n of names ?? []) {
      const r = regs.get(n);
      if (r === undefined) return `P${thread}: dependency on '${n}', which no earlier read sets`;
      out.push(r);
    }
    return out;
  };
  for (const e of events) {
    const addr = resolve(e.deps?.addr);
    const data = resolve(e.deps?.data);
    const ctrl = resolve(e.deps?.ctrl);
    if (typeof addr === "string") return addr;
    if (typeof data === "string") return data;
    if (typeof ctrl === "string") return ctrl;
    b.underBranch(ctrl, () => addEvent(b, e, { addr, data }, wanted, regs));
  }
  return b.build();
}

export function check(skeleton: Skeleton, model: MemoryModel, bounds: Bounds = DEFAULT_BOUNDS): CheckResult {
  const key = `${model.name}|${bounds.maxThreads},${bounds.maxEvents},${bounds.maxCandidates},${bounds.maxMillis}|${skeletonHash(skeleton)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = checkUncached(skeleton, model, bounds);
  // A time-bound refusal depends on the machine's load; only deterministic answers are kept.
  if (result.status === "not-checked" && result.reason.includes("time bound")) return result;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

function checkUncached(skeleton: Skeleton, model: MemoryModel, bounds: Bounds): CheckResult {
  const events = skeleton.threads.reduce((n, t) => n + t.length + t.filter((e) => e.kind === "rmw").length * 3, 0);
  const over = overBound(skeleton.threads.length, events, bounds);
  if (over) return over;
  const traces: ThreadTrace[] = [];
  const openTraces: ThreadTrace[] = [];
  for (const [i, t] of skeleton.threads.entries()) {
    const trace = toTrace(t, i, skeleton.outcome);
    openTraces.push(toTrace(t, i, []) as ThreadTrace);
    if (typeof trace === "string") return { status: "unsupported", reason: `unsupported: ${trace}` };
    for (const e of trace.events) {
      const why = model.unsupported(e);
      if (why) return { status: "unsupported", reason: `unsupported: ${why}` };
    }
    traces.push(trace);
  }
  const init = new Map<string, Value>(Object.entries(skeleton.init ?? {}));
  const prop: Prop = { kind: "and", parts: skeleton.outcome.map((a) => ({ kind: "eq", place: "reg" in a ? { thread: a.thread, reg: a.reg } : { loc: a.loc }, value: a.value })) };
  const found = searchExecutions(traces.map((t) => [t]), init, model, prop, { maxCandidates: bounds.maxCandidates, maxMillis: bounds.maxMillis, needVerdict: false, needRace: true });
  if (!found.complete) return { status: "not-checked", reason: budgetReason(found, bounds) };
  // A race in any execution, not only in those showing the outcome, makes the program undefined.
  let race = found.race;
  if (!race) {
    const anyOutcome = searchExecutions(openTraces.map((t) => [t]), init, model, { kind: "const", value: true }, { maxCandidates: bounds.maxCandidates, maxMillis: bounds.maxMillis, needVerdict: false, needRace: true });
    if (!anyOutcome.complete) return { status: "not-checked", reason: budgetReason(anyOutcome, bounds) };
    race = anyOutcome.race;
  }
  const dataRace = race !== undefined;
  const outcomeReachable = found.positive !== undefined;
  const allowed = outcomeReachable || (dataRace && model.raceIsUndefined);
  const witness = found.positive ?? (allowed ? race : undefined);
  return { status: "checked", allowed, outcomeReachable, dataRace, ...(witness ? { witness } : {}), candidates: found.candidates };
}
