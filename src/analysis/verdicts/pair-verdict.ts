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
export const LINT_BOUNDS: Bounds = { ...DEFAULT_BOUNDS, maxThreads: 2, maxEvents: 40, maxCandidates: 5_000, maxMillis: 250 };

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
 */
export function judgePair(
  plans: readonly [ThreadPlan, ThreadPlan], model: MemoryModel, anchors: ReadonlySet<unknown> = new Set(), focus?: MessageFocus, onlyAnchored = false,
): PairVerdict {
  const locs = commonLocations(plans[0], plans[1]);
  if (new Set(locs.values()).size < 2) return { kind: "unknown", reason: "no cycle over two shared locations" };
  const built = buildThreads(plans, locs, model);
  const focused = focus && messageOutcome(built.accesses, locs, focus);
  const anchored = twoThreadCycles(built.accesses, anchors)
    .filter((cycle) => !onlyAnchored || cycle.accesses.every((each) => anchors.has(each.access)));
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
      return { kind: "allowed", witness: witnessText(result.witness, race, plans, built.threads, cycle, model.name, locs), race, skeleton, model: model.name };
    }
    forbidden ??= skeleton;
  }
  if (refused !== undefined) return { kind: "unknown", reason: refused };
  return { kind: "forbidden", skeleton: forbidden!, model: model.name };
}
