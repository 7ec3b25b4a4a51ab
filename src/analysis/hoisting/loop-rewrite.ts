import type { TextEdit } from "../findings.js";
import { replaceLoop } from "./barrier-placement.js";
import type { HoistCandidate, HoistPlan } from "./hoisting-plans.js";
import { LocalScope } from "./local-scope.js";
import { blockingEffect } from "./loop-effects.js";
import { enclosingFunction, type LoopNode } from "./loop-syntax.js";
import { applyEdits, relaxedCallEdits } from "./relaxed-call.js";
import { splitLoopTexts, splittableStatements } from "./split-loop.js";
import type { TextLayout } from "./text-layout.js";

/** One ordered load or store per iteration, hoisted; or two ordered stores per iteration, split into two loops. */
export type HoistShape = "hoist-load" | "hoist-store" | "split";

export interface LoopRewrite {
  shape: HoistShape;
  edit: TextEdit;
}

export interface RewriteEnvironment {
  text: string;
  layout: TextLayout;
  /** Every primitive name of the dialect in effect. */
  primitives: ReadonlySet<string>;
  /** Enumerators of the file (see `fileConstants`). */
  constants: ReadonlySet<string>;
}

/**
 * The rewrite of one loop, or undefined when the loop is not one of the reference's shapes or when
 * something in it could rely on the ordering each iteration had (see `blockingEffect`).
 */
export function planLoopRewrite(loop: LoopNode, candidates: readonly HoistCandidate[], env: RewriteEnvironment): LoopRewrite | undefined {
  const shape = shapeOf(candidates);
  const fn = enclosingFunction(loop);
  if (!shape || !fn || loop.hasError) return undefined;
  const scope = new LocalScope(fn, env.text, env.constants);
  const calls = candidates.map((candidate) => candidate.call);
  if (blockingEffect(loop, { text: env.text, scope, candidates: new Set(calls), primitives: env.primitives })) return undefined;

  const plan = candidates[0]!.plan;
  const callEdits = candidates.map((candidate) => relaxedCallEdits(candidate.call, plan, env.text));
  if (callEdits.some((edits) => !edits)) return undefined;
  const rewrite = (start: number, end: number) => applyEdits(env.text, start, end, callEdits.flatMap((edits) => edits!)
    .filter((edit) => edit.range[0] >= start && edit.range[1] <= end));

  let loops: string[];
  if (shape === "split") {
    const statements = splittableStatements(loop, calls, env.text);
    if (typeof statements === "string") return undefined;
    loops = splitLoopTexts(loop, statements, env.layout, rewrite);
  } else {
    loops = [rewrite(loop.range[0], loop.range[1])];
  }
  const edit = replaceLoop(env.layout, loop, {
    before: plan.before ? [barrierLine(plan.before.name, BEFORE_COMMENT)] : [],
    loops,
    between: shape === "split" ? [barrierLine(plan.storeStore.name, BETWEEN_COMMENT)] : [],
    after: plan.after ? [barrierLine(plan.after.name, plan.op === "load" ? AFTER_LOADS_COMMENT : AFTER_STORES_COMMENT)] : [],
  });
  return edit ? { shape, edit } : undefined;
}

const BEFORE_COMMENT = "hoisted: orders what precedes before the loop's stores";
const AFTER_LOADS_COMMENT = "hoisted: orders the loop's loads before what follows";
const AFTER_STORES_COMMENT = "hoisted: orders the loop's stores before what follows";
const BETWEEN_COMMENT = "orders the first loop's stores before the second loop's";

/** Inserted barriers carry a comment saying why they are there, as checkpatch asks of every barrier. */
function barrierLine(name: string, comment: string): string {
  return `${name}(); /* ${comment} */`;
}

/**
 * The reference's three shapes: one ordered load, one ordered store, or two stores of the same
 * primitive per iteration. Anything else (two loads, a load and a store, three stores) would lose an
 * ordering between accesses of the same iteration that the reference gives no recipe for.
 */
function shapeOf(candidates: readonly HoistCandidate[]): HoistShape | undefined {
  const [first, second, ...rest] = candidates;
  if (!first || rest.length > 0) return undefined;
  if (!second) return first.plan.op === "load" ? "hoist-load" : "hoist-store";
  return samePrimitive(first.plan, second.plan) && first.plan.op === "store" ? "split" : undefined;
}

function samePrimitive(a: HoistPlan, b: HoistPlan): boolean {
  return a.primitive === b.primitive;
}
