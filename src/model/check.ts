/**
 * The entry point for skeletons drawn from real code: threads of events, and the
 * outcome whose possibility is in question. Results are cached by a hash of the
 * skeleton, the model and the bounds.
 */
import type { AccessOrder, FenceKind, ThreadTrace, Value } from "./events.js";
import { sameValue, showValue } from "./events.js";
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

/** A condition an event runs under: the register's value equals (or differs from) `value`. */
export interface GuardTest {
  readonly reg: string;
  readonly op: "==" | "!=";
  readonly value: Value;
}

interface Guarded {
  /** The event runs only when every test holds (a branch); list its control dependency in `deps.ctrl` too. */
  readonly when?: readonly GuardTest[];
}

interface Located extends Guarded {
  /** The location, or with `via` a name for the location the register points to. */
  readonly loc: string;
  /** A register holding the address accessed (`*r1`): the access goes wherever the read that set it pointed. */
  readonly via?: string;
  readonly deps?: SkeletonDeps;
  /** Where the event comes from, for the witness (e.g. "util/async.c:123 smp_mb()"). */
  readonly label?: string;
}

export type SkeletonEvent =
  | (Located & { readonly kind: "read"; readonly order: AccessOrder; readonly reg: string })
  /** With `copies`, the write stores that register's value (`WRITE_ONCE(*y, r0)`), and `value` is unused. */
  | (Located & { readonly kind: "write"; readonly order: AccessOrder; readonly value: Value; readonly copies?: string })
  /** An RMW that stores `value`; `reg` receives the old value. */
  | (Located & { readonly kind: "rmw"; readonly order: RmwOrder; readonly value: Value; readonly reg?: string; readonly noReturn?: boolean })
  | (Guarded & { readonly kind: "fence"; readonly fence: FenceKind; readonly label?: string; readonly deps?: SkeletonDeps });

/** `negated`: the register (or location) holds anything but `value`. */
export type OutcomeAtom =
  | { readonly thread: number; readonly reg: string; readonly value: Value; readonly negated?: boolean }
  | { readonly loc: string; readonly value: Value; readonly negated?: boolean };

export interface Skeleton {
  readonly threads: readonly (readonly SkeletonEvent[])[];
  /** Initial values; locations not named start at 0. */
  readonly init?: Readonly<Record<string, Value>>;
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

/** Values a read of each location may return: its initial value and every value some thread writes there. */
type Domains = (loc: string) => readonly Value[];

function domainsOf(skeleton: Skeleton): Domains {
  const byLoc = new Map<string, Value[]>();
  const anywhere: Value[] = [];
  const add = (list: Value[], v: Value): boolean => {
    if (list.some((w) => sameValue(w, v))) return false;
    list.push(v);
    return true;
  };
  const listOf = (loc: string | undefined): Value[] => {
    if (loc === undefined) return anywhere;
    const list = byLoc.get(loc) ?? [skeleton.init?.[loc] ?? 0];
    byLoc.set(loc, list);
    return list;
  };
  // A copy writes whatever its register read: the values of the read's location (of every location
  // when the read goes through a pointer), until no copy adds one.
  const copies: { to: Value[]; from: string | undefined }[] = [];
  for (const thread of skeleton.threads) {
    const readFrom = new Map<string, string | undefined>();
    for (const e of thread) {
      if ((e.kind === "read" || e.kind === "rmw") && e.reg) readFrom.set(e.reg, e.via === undefined ? e.loc : undefined);
      if (e.kind !== "write" && e.kind !== "rmw") continue;
      const to = listOf(e.via === undefined ? e.loc : undefined);
      if (e.kind === "write" && e.copies !== undefined) copies.push({ to, from: readFrom.get(e.copies) });
      else add(to, e.value);
    }
  }
  for (let changed = copies.length > 0; changed;) {
    changed = false;
    for (const { to, from } of copies) {
      const sources = from === undefined ? [...byLoc.values(), anywhere].flat() : [...listOf(from), ...anywhere];
      for (const v of sources) changed = add(to, v) || changed;
    }
  }
  const cache = new Map<string, Value[]>();
  return (loc) => {
    let values = cache.get(loc);
    if (!values) {
      values = [skeleton.init?.[loc] ?? 0];
      for (const v of [...(byLoc.get(loc) ?? []), ...anywhere]) add(values, v);
      cache.set(loc, values);
    }
    return values;
  };
}

/** Registers whose value the thread's paths depend on: those that give an address or decide whether an event runs. */
function decisiveRegisters(events: readonly SkeletonEvent[]): Set<string> {
  const regs = new Set<string>();
  for (const e of events) {
    if (e.kind !== "fence" && e.via !== undefined) regs.add(e.via);
    if (e.kind === "write" && e.copies !== undefined) regs.add(e.copies);
    for (const test of e.when ?? []) regs.add(test.reg);
  }
  return regs;
}

/**
 * One thread's traces: one per choice of the values of its decisive registers (drawn from the
 * locations' domains; a register the outcome names takes the outcome's value). Reads named in the
 * outcome return the outcome's value; the other reads are left open. An event whose guard fails is
 * not in the path; an access through a register that holds no address ends a path that cannot happen.
 */
function toTraces(events: readonly SkeletonEvent[], thread: number, outcome: readonly OutcomeAtom[], domains: Domains, maxPaths: number): ThreadTrace[] | NotChecked | string {
  const wanted = (reg: string | undefined): Value | undefined => outcome.find((a) => "reg" in a && !a.negated && a.thread === thread && a.reg === reg)?.value;
  const named = new Set<string>();
  for (const e of events) {
    for (const n of [...(e.deps?.addr ?? []), ...(e.deps?.data ?? []), ...(e.deps?.ctrl ?? [])]) {
      if (!named.has(n)) return `P${thread}: dependency on '${n}', which no earlier read sets`;
    }
    if (e.kind !== "fence" && e.via !== undefined && !named.has(e.via)) return `P${thread}: an access through '${e.via}', which no earlier read sets`;
    for (const test of e.when ?? []) if (!named.has(test.reg)) return `P${thread}: a guard on '${test.reg}', which no earlier read sets`;
    if (e.kind === "write" && e.copies !== undefined && !named.has(e.copies)) return `P${thread}: a copy of '${e.copies}', which no earlier read sets`;
    if ((e.kind === "read" || e.kind === "rmw") && e.reg) named.add(e.reg);
  }
  const decisive = decisiveRegisters(events);
  const run = (choose: (n: number) => number): ThreadTrace | undefined => {
    const b = new ThreadTraceBuilder();
    const regs = new Map<string, { index: number; value: Value | undefined }>();
    const valueOf = (reg: string): Value => regs.get(reg)?.value ?? 0;
    const indices = (names: readonly string[] | undefined): number[] => (names ?? []).flatMap((n) => {
      const r = regs.get(n);
      return r ? [r.index] : [];
    });
    const readValue = (loc: string, reg: string | undefined): Value | undefined => {
      const fixed = wanted(reg);
      if (fixed !== undefined || reg === undefined || !decisive.has(reg)) return fixed;
      const domain = domains(loc);
      return domain[choose(domain.length)];
    };
    for (const e of events) {
      if (!(e.when ?? []).every((test) => sameValue(valueOf(test.reg), test.value) === (test.op === "=="))) continue;
      const addr = indices(e.deps?.addr);
      const deps: DependencySources = { addr, data: indices(e.deps?.data) };
      if (e.kind === "fence") {
        b.underBranch(indices(e.deps?.ctrl), () => b.fence(e.fence, e.label ?? e.fence));
        continue;
      }
      let loc = e.loc;
      if (e.via !== undefined) {
        const address = valueOf(e.via);
        if (typeof address === "number") return undefined;
        loc = address.addressOf;
        addr.push(...indices([e.via]));
      }
      b.underBranch(indices(e.deps?.ctrl), () => {
        if (e.kind === "read") {
          const v = readValue(loc, e.reg);
          regs.set(e.reg, { index: b.read(loc, e.order, v, e.label ?? `read ${loc}`, deps, e.reg), value: v });
        } else if (e.kind === "write") {
          const written = e.copies === undefined ? e.value : valueOf(e.copies);
          b.write(loc, e.order, written, e.label ?? `write ${loc}=${showValue(written)}`, deps);
        } else {
          const v = readValue(loc, e.reg);
          const r = b.rmw(loc, e.order, v, e.value, e.label ?? `rmw ${loc}`, { deps, ...(e.noReturn ? { noReturn: true } : {}), ...(e.reg ? { reg: e.reg } : {}) });
          if (e.reg) regs.set(e.reg, { index: r, value: v });
        }
      });
    }
    // A register whose read did not run keeps its initial 0, as in herd7.
    for (const n of named) {
      const v = regs.has(n) ? regs.get(n)!.value : 0;
      if (v !== undefined) b.regs.set(n, v);
    }
    return b.build();
  };
  // Every choice of the decisive registers' values, as an odometer over the choices a path makes.
  const traces: ThreadTrace[] = [];
  const digits: number[] = [];
  const sizes: number[] = [];
  for (let paths = 0; ; paths++) {
    // Each decisive register multiplies the paths: past the bound, no guess.
    if (paths >= maxPaths) return { status: "not-checked", reason: `not checked: more than ${maxPaths} paths in P${thread}` };
    let used = 0;
    const trace = run((n) => {
      if (used >= digits.length) {
        digits.push(0);
        sizes.push(n);
      }
      return digits[used++]!;
    });
    if (trace) traces.push(trace);
    digits.length = used;
    sizes.length = used;
    while (digits.length > 0 && ++digits[digits.length - 1]! >= sizes[sizes.length - 1]!) {
      digits.pop();
      sizes.pop();
    }
    if (digits.length === 0) break;
  }
  return traces;
}

export function check(skeleton: Skeleton, model: MemoryModel, bounds: Bounds = DEFAULT_BOUNDS): CheckResult {
  const key = `${model.name}|${bounds.maxThreads},${bounds.maxEvents},${bounds.maxPathsPerThread},${bounds.maxCandidates},${bounds.maxMillis}|${skeletonHash(skeleton)}`;
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
  const traces: ThreadTrace[][] = [];
  const openTraces: ThreadTrace[][] = [];
  const domains = domainsOf(skeleton);
  for (const [i, t] of skeleton.threads.entries()) {
    const trace = toTraces(t, i, skeleton.outcome, domains, bounds.maxPathsPerThread);
    if (typeof trace === "string") return { status: "unsupported", reason: `unsupported: ${trace}` };
    if (!Array.isArray(trace)) return trace;
    const open = toTraces(t, i, [], domains, bounds.maxPathsPerThread);
    if (typeof open === "string") return { status: "unsupported", reason: `unsupported: ${open}` };
    if (!Array.isArray(open)) return open;
    for (const e of trace.flatMap((each) => each.events)) {
      const why = model.unsupported(e);
      if (why) return { status: "unsupported", reason: `unsupported: ${why}` };
    }
    traces.push(trace);
    openTraces.push(open);
  }
  const init = new Map<string, Value>(Object.entries(skeleton.init ?? {}));
  const prop: Prop = { kind: "and", parts: skeleton.outcome.map((a) => ({ kind: "eq", place: "reg" in a ? { thread: a.thread, reg: a.reg } : { loc: a.loc }, value: a.value, ...(a.negated ? { negated: true } : {}) })) };
  const found = searchExecutions(traces, init, model, prop, { maxCandidates: bounds.maxCandidates, maxMillis: bounds.maxMillis, needVerdict: false, needRace: true });
  if (!found.complete) return { status: "not-checked", reason: budgetReason(found, bounds) };
  // A race in any execution, not only in those showing the outcome, makes the program undefined.
  let race = found.race;
  if (!race) {
    const anyOutcome = searchExecutions(openTraces, init, model, { kind: "const", value: true }, { maxCandidates: bounds.maxCandidates, maxMillis: bounds.maxMillis, needVerdict: false, needRace: true });
    if (!anyOutcome.complete) return { status: "not-checked", reason: budgetReason(anyOutcome, bounds) };
    race = anyOutcome.race;
  }
  const dataRace = race !== undefined;
  const outcomeReachable = found.positive !== undefined;
  const allowed = outcomeReachable || (dataRace && model.raceIsUndefined);
  const witness = found.positive ?? (allowed ? race : undefined);
  return { status: "checked", allowed, outcomeReachable, dataRace, ...(witness ? { witness } : {}), candidates: found.candidates };
}
