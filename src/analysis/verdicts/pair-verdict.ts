import { check, DEFAULT_BOUNDS, modelForDialect, type Bounds, type MemoryModel, type Skeleton } from "../../model/index.js";
import type { ResolvedDialect } from "../dialects/registry.js";
import { messageOutcome, twoThreadCycles, type Cycle, type MessageFocus } from "./cycles.js";
import { buildThreads, commonLocations } from "./skeleton-builder.js";
import type { ThreadPlan } from "./thread-items.js";
import { witnessText } from "./witness-text.js";

/**
 * Bounds for checks made while linting: two threads of a few accesses each take well under a
 * millisecond; anything much larger is refused and the rule keeps its shape-based answer.
 */
export const LINT_BOUNDS: Bounds = { ...DEFAULT_BOUNDS, maxThreads: 2, maxEvents: 40, maxPathsPerThread: 16, maxCandidates: 5_000, maxMillis: 250 };

/** What the model says of a candidate pair of threads. */
export type PairVerdict =
  /** Some cycle outcome can happen (or a data race makes the pair undefined); `witness` says how. */
  | { kind: "allowed"; witness: string; race: boolean; skeleton: Skeleton; model: MemoryModel["name"] }
  /** Every cycle the two threads can form was checked and none can happen. */
  | { kind: "forbidden"; skeleton: Skeleton; model: MemoryModel["name"] }
  /** No answer: no cycle over two shared locations, a skeleton over the bound, or a primitive the model refuses. */
  | { kind: "unknown"; reason: string };

/** The model that judges a dialect's code: the first of the preset's dialects that has one. */
export function modelOf(dialect: ResolvedDialect): MemoryModel | undefined {
  for (const id of dialect.ids) {
    const model = modelForDialect(id);
    if (model) return model;
  }
  return undefined;
}

/** The skeleton of a cycle: both threads and the cycle's outcome. */
export function cycleSkeleton(threads: Skeleton["threads"], cycle: Cycle): Skeleton {
  return { threads, outcome: cycle.outcome };
}

/**
 * Builds the two threads' skeleton on the locations they share and asks the model about each cycle
 * they can form, the ones over `anchors` (the accesses a shape-based report names) first. With a
 * `focus`, the message-passing outcome of the report's flag and data is asked first: a data store
 * placed after the flag is no cycle, yet the reader sees the flag and the old data. `onlyAnchored`
 * keeps the cycles over all the anchors only: a store-buffering report is about that one cycle.
 * With `required`, a cycle must also pass through one of those accesses (a pair's flag).
 */
export function judgePair(
  plans: readonly [ThreadPlan, ThreadPlan], model: MemoryModel, anchors: ReadonlySet<unknown> = new Set(), focus?: MessageFocus, onlyAnchored = false,
  required: ReadonlySet<unknown> = new Set(),
): PairVerdict {
  const locs = commonLocations(plans[0], plans[1]);
  if (new Set(locs.values()).size < 2) return { kind: "unknown", reason: "no cycle over two shared locations" };
  const built = buildThreads(plans, locs, model);
  const focused = focus && messageOutcome(built.accesses, locs, focus);
  const anchored = twoThreadCycles(built.accesses, anchors)
    .filter((cycle) => !onlyAnchored || cycle.accesses.every((each) => anchors.has(each.access)))
    .filter((cycle) => required.size === 0 || cycle.accesses.some((each) => required.has(each.access)));
  const cycles = [...(focused ? [focused] : []), ...anchored];
  if (cycles.length === 0) return { kind: "unknown", reason: "no cycle over two shared locations" };
  let refused: string | undefined;
  let forbidden: Skeleton | undefined;
  for (const cycle of cycles) {
    const skeleton = cycleSkeleton(built.threads, cycle);
    const result = check(skeleton, model, LINT_BOUNDS);
    if (result.status !== "checked") {
      refused ??= result.reason;
      continue;
    }
    if (result.allowed) {
      const race = !result.outcomeReachable && result.dataRace;
      // A race the skeleton may only see for want of a guard it cannot express (`if (head != tail)`)
      // is no answer: the access may never run unguarded.
      if (race && hasUnexpressedGuard(built.threads)) {
        refused ??= "a data race only where a branch the skeleton cannot express may keep the accesses apart";
        continue;
      }
      return { kind: "allowed", witness: witnessText(result.witness, race, plans, built.threads, cycle, model.name, locs), race, skeleton, model: model.name };
    }
    forbidden ??= skeleton;
  }
  if (refused !== undefined) return { kind: "unknown", reason: refused };
  return { kind: "forbidden", skeleton: forbidden!, model: model.name };
}

/** Whether some event runs under a branch on a register that none of its guards tests. */
export function hasUnexpressedGuard(threads: Skeleton["threads"]): boolean {
  return threads.some((events) => events.some((event) => {
    const tested = new Set((event.when ?? []).map((test) => test.reg));
    return (event.deps?.ctrl ?? []).some((reg) => !tested.has(reg));
  }));
}

/**
 * A data race of the pair on `keys` (its own data): the two threads' skeleton, with every plain access
 * to another location made marked, asked about an outcome nothing can show, so only a race allows it.
 * Undefined when there is none, or when an event runs under a branch the skeleton cannot express.
 */
export function pairRace(plans: readonly [ThreadPlan, ThreadPlan], model: MemoryModel, keys: ReadonlySet<string>): Extract<PairVerdict, { kind: "allowed" }> | undefined {
  const locs = commonLocations(plans[0], plans[1]);
  const racy = new Set([...keys].flatMap((key) => (locs.has(key) ? [locs.get(key)!] : [])));
  if (racy.size === 0) return undefined;
  const built = buildThreads(plans, locs, model);
  if (hasUnexpressedGuard(built.threads)) return undefined;
  const threads = built.threads.map((events) => events.map((event) => (event.kind !== "fence" && event.kind !== "rmw" && event.order === "plain" && !racy.has(event.loc) ? { ...event, order: "once" as const } : event)));
  // A location no thread writes never holds 1: the outcome is only ever "allowed" by a race.
  const skeleton: Skeleton = { threads, outcome: [{ loc: "never_written", value: 1 }] };
  const result = check(skeleton, model, LINT_BOUNDS);
  if (result.status !== "checked" || !result.allowed || result.outcomeReachable) return undefined;
  // The reads of the racy locations in the racing execution, as the witness tells them.
  const racyLabels = new Set(threads.flatMap((events, thread) => events.flatMap((event) => (event.kind !== "fence" && racy.has(event.loc) && event.label ? [`${thread}|${event.label}`] : []))));
  const reads = (result.witness?.reads ?? []).filter((read) => racyLabels.has(`${read.thread}|${read.label}`))
    .map((read) => `${plans[read.thread]?.fn.name ?? `P${read.thread}`}()'s ${read.label.replace(/ at .*$/u, "")} reads ${read.value}${read.from === "initial value" ? " (the initial value)" : ""}`);
  const name = model.name === "lkmm" ? "LKMM" : model.name === "c11" ? "C11" : "the JS memory model";
  const keyList = [...keys].filter((key) => locs.has(key)).join(" and ");
  const witness = `${name} finds a data race on ${keyList} between them${reads.length ? `, as when ${reads.join(", and ")}` : ""}`;
  return { kind: "allowed", witness, race: true, skeleton, model: model.name };
}
