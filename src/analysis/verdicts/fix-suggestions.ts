import type { FindingSuggestion, TextEdit } from "../findings.js";
import type { Access, FenceKind } from "../ir/events.js";
import type { OrderingPoint } from "../pairing/ordering-point.js";
import type { MessageFocus } from "./cycles.js";
import { judgePair } from "./pair-verdict.js";
import type { VerdictContext } from "./point-verdicts.js";
import { threadAroundPoint, type ThreadPlan } from "./thread-items.js";

/** The suggestion message both pairing rules declare. */
export const SUGGEST_FENCE = "insertFence";

/** A fence to add next to an access, spelled as the dialect spells it (`smp_rmb()`). */
export interface FenceFix {
  access: Access;
  where: "before" | "after";
  fence: FenceKind;
  spelling: string;
}

function withFence(plan: ThreadPlan, fix: FenceFix): ThreadPlan | undefined {
  const index = plan.items.findIndex((item) => item.kind === "access" && item.access === fix.access);
  if (index < 0) return undefined;
  const at = fix.where === "before" ? index : index + 1;
  const items = [...plan.items];
  items.splice(at, 0, { kind: "fence", fence: fix.fence, api: fix.spelling.replace(/\(.*$/u, ""), fn: plan.fn, line: fix.access.site.line, eventId: `fix:${fix.access.id}` });
  const pointIndex = plan.pointIndex === undefined ? undefined : plan.pointIndex >= at ? plan.pointIndex + 1 : plan.pointIndex;
  return { fn: plan.fn, items, ...(pointIndex === undefined ? {} : { pointIndex }) };
}

/**
 * The statement line that holds the access, when a fence can go on a line of its own before it (the
 * previous line ends a statement or a block) or after it (the line ends the statement). Undefined
 * when the access sits inside a longer expression the edit could split.
 */
function lineEdit(text: string, access: Access, where: FenceFix["where"], spelling: string): TextEdit | undefined {
  const start = text.lastIndexOf("\n", access.site.range[0] - 1) + 1;
  const lineEnd = text.indexOf("\n", access.site.range[1]);
  const end = lineEnd < 0 ? text.length : lineEnd;
  const indent = /^[ \t]*/u.exec(text.slice(start))![0];
  if (where === "before") {
    const before = text.slice(0, start).replace(/\s+$/u, "");
    if (before.length > 0 && !/[;{}]$|\*\/$/u.test(before)) return undefined;
    return { range: [start, start], text: `${indent}${spelling};\n` };
  }
  if (!/;\s*$/u.test(text.slice(access.site.range[1], end))) return undefined;
  return { range: [end, end], text: `\n${indent}${spelling};` };
}

/**
 * Offers `fix` when it is in the linted file and the model, run again on the fixed pair, forbids the
 * report's outcome (with `onlyAnchored`, that outcome alone: a fix for one report need not settle every
 * other cycle of the two threads, which other reports speak for).
 */
export function checkedFenceSuggestion(
  context: VerdictContext, point: OrderingPoint, partner: OrderingPoint, fix: FenceFix,
  anchors: ReadonlySet<unknown> = new Set(), focus?: MessageFocus, onlyAnchored = false,
): FindingSuggestion | undefined {
  const { input, model } = context;
  if (!model || fix.access.site.file !== input.file) return undefined;
  const edit = lineEdit(input.syntax.text, fix.access, fix.where, fix.spelling);
  if (!edit) return undefined;
  const plans = [threadAroundPoint(point, context.fenceOfCall), threadAroundPoint(partner, context.fenceOfCall)];
  const fixed = plans.map((plan) => withFence(plan, fix) ?? plan);
  if (fixed[0] === plans[0] && fixed[1] === plans[1]) return undefined;
  const verdict = judgePair([fixed[0]!, fixed[1]!], model, anchors, focus, onlyAnchored);
  if (verdict.kind !== "forbidden") return undefined;
  return { messageId: SUGGEST_FENCE, data: { fence: fix.spelling, where: fix.where, line: String(fix.access.site.line) }, edits: [edit] };
}
