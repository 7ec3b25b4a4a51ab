import type { Access, BranchTest, FenceKind, IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { OrderingPoint, PointKind, SideAccess } from "../pairing/ordering-point.js";

/** One step of a thread as the model will see it: a shared access or a fence, in flow order. */
export type ThreadItem =
  | { kind: "access"; access: Access; fn: FunctionIR; /** Loads whose values decide whether it runs. */ ctrl: readonly string[]; when?: readonly BranchTest[] }
  | { kind: "fence"; fence: FenceKind; api: string; fn: FunctionIR; line: number; eventId: string; when?: readonly BranchTest[] };

/** The test with the other outcome: the second arm of an `if`. */
function negated(test: BranchTest): BranchTest {
  return { ...test, op: test.op === "==" ? "!=" : "==" };
}

/** A thread of a pair: a function's flow, around one of its ordering points or as a whole. */
export interface ThreadPlan {
  fn: FunctionIR;
  items: ThreadItem[];
  /** Index of the point's item in `items`, when the thread is built around a point. */
  pointIndex?: number;
}

const POINT_FENCE: Partial<Record<PointKind, FenceKind>> = {
  wmb: "wmb", rmb: "rmb", mb: "mb", "acquire-fence": "acquire", "release-fence": "release",
};

/** Resolves a call to the fence it wraps (`my_wmb()`), when the caller knows. */
export type FenceOfCall = (fn: FunctionIR, callee: string) => FenceKind | undefined;

/**
 * The function's events in source order with branches and loops flattened: an access inside an
 * arm (or after an arm that leaves the function) depends by control on the branch's loads. Each arm
 * is listed once, so a skeleton may hold accesses of two arms that never run together; that only
 * ever adds executions, never hides one.
 */
function flatten(
  fn: FunctionIR, events: readonly IrEvent[], ctrl: readonly string[], out: ThreadItem[], point: OrderingPoint | undefined, fenceOfCall: FenceOfCall | undefined,
  when: readonly BranchTest[] = [],
): void {
  let current = ctrl;
  let tests = when;
  const guarded = () => (tests.length > 0 ? { when: tests } : {});
  for (const event of events) {
    switch (event.kind) {
      case "access":
        out.push({ kind: "access", access: event, fn, ctrl: current, ...guarded() });
        break;
      case "fence":
        out.push({ kind: "fence", fence: event.fence, api: event.api, fn, line: event.site.line, eventId: event.id, ...guarded() });
        break;
      case "call": {
        const wrapped = point?.eventId === event.id ? POINT_FENCE[point.kind] : fenceOfCall?.(fn, event.callee);
        if (wrapped) out.push({ kind: "fence", fence: wrapped, api: event.callee, fn, line: event.site.line, eventId: event.id, ...guarded() });
        break;
      }
      case "branch": {
        const inner = [...current, ...event.conditionLoads];
        // An `if` whose condition tests one load: each arm runs under its outcome of the test.
        const armTests = event.test && event.arms.length === 2 ? [event.test, negated(event.test)] : undefined;
        event.arms.forEach((arm, index) => flatten(fn, arm, inner, out, point, fenceOfCall, armTests ? [...tests, armTests[index]!] : tests));
        // `if (!READ_ONCE(flag)) return;`: what follows runs only when the condition let it.
        const leaves = event.arms.map((arm) => arm.some((step) => step.kind === "exit" && step.exitKind !== "continue"));
        if (leaves.some(Boolean)) current = inner;
        if (armTests && leaves.filter(Boolean).length === 1) tests = [...tests, armTests[leaves[0] ? 1 : 0]!];
        break;
      }
      case "loop":
        flatten(fn, event.body, [...current, ...event.conditionLoads], out, point, fenceOfCall, tests);
        break;
      case "exit":
        break;
    }
  }
}

/** The point's own function, with the accesses its sides reach through callees and callers placed around it. */
export function threadAroundPoint(point: OrderingPoint, fenceOfCall?: FenceOfCall): ThreadPlan {
  const items: ThreadItem[] = [];
  flatten(point.fn, point.fn.body, [], items, point, fenceOfCall);
  let pointIndex = items.findIndex((item) => (item.kind === "access" ? item.access.id : item.eventId) === point.eventId);
  if (pointIndex < 0) return { fn: point.fn, items };
  const sides = (position: SideAccess["position"]) => sidesOf(point)
    .filter((side) => side.position === position && side.context !== "local" && !side.crossesIteration);
  const item = (side: SideAccess): ThreadItem => ({ kind: "access", access: side.access, fn: side.fn, ctrl: [] });
  // A callee's access goes where the function calls it, in flow order with its own accesses (a
  // callee called after the point's own later accesses comes after them); a caller's, and a callee's
  // whose call is not found, next to the point.
  const pointLine = lineOf(items[pointIndex]!);
  const calls = callLines(point.fn.body);
  const callLine = (side: SideAccess) => {
    if (side.context !== "callee" || side.via.length === 0) return undefined;
    const lines = calls.get(side.via[0]!) ?? [];
    return side.position === "after" ? lines.find((line) => line > pointLine) : lines.filter((line) => line < pointLine).pop();
  };
  const placed: { item: ThreadItem; line: number }[] = [];
  const atPoint = (position: SideAccess["position"]) => dedupe(sides(position).flatMap((side) => {
    const line = callLine(side);
    if (line === undefined) return [item(side)];
    placed.push({ item: item(side), line });
    return [];
  }));
  const before = atPoint("before");
  const after = atPoint("after");
  items.splice(pointIndex + 1, 0, ...after);
  items.splice(pointIndex, 0, ...before);
  const pointItem = items[pointIndex + before.length]!;
  for (const { item: each, line } of dedupePlaced(placed)) {
    const pointAt = items.indexOf(pointItem);
    // Before the first of the function's own items past the call, on the call's side of the point.
    const later = (other: ThreadItem, index: number) => other.fn === point.fn && lineOf(other) > line && (line < pointLine ? index < pointAt : index > pointAt);
    const at = items.findIndex(later);
    items.splice(at >= 0 ? at : line < pointLine ? pointAt : items.length, 0, each);
  }
  pointIndex = items.indexOf(pointItem);
  return { fn: point.fn, items, pointIndex };
}

function lineOf(item: ThreadItem): number {
  return item.kind === "access" ? item.access.site.line : item.line;
}

/** The lines each callee is called on in the body, in order. */
function callLines(events: readonly IrEvent[], out = new Map<string, number[]>()): Map<string, number[]> {
  for (const event of events) {
    if (event.kind === "call") out.set(event.callee, [...(out.get(event.callee) ?? []), event.site.line]);
    else if (event.kind === "branch") for (const arm of event.arms) callLines(arm, out);
    else if (event.kind === "loop") callLines(event.body, out);
  }
  for (const lines of out.values()) lines.sort((a, b) => a - b);
  return out;
}

function dedupePlaced(placed: { item: ThreadItem; line: number }[]): { item: ThreadItem; line: number }[] {
  const kept = new Set(dedupe(placed.map(({ item }) => item)));
  return placed.filter(({ item }) => kept.has(item));
}

/** A function as a whole: the candidate partner of a point that has none. */
export function wholeFunction(fn: FunctionIR, fenceOfCall?: FenceOfCall): ThreadPlan {
  const items: ThreadItem[] = [];
  flatten(fn, fn.body, [], items, undefined, fenceOfCall);
  return { fn, items };
}

export function sidesOf(point: OrderingPoint): SideAccess[] {
  return [
    ...(point.write?.before ?? []), ...(point.write?.after ?? []), ...(point.read?.before ?? []), ...(point.read?.after ?? []),
    ...(point.storeBuffering?.stores ?? []), ...(point.storeBuffering?.loads ?? []),
    ...(point.unordered?.before ?? []), ...(point.unordered?.after ?? []),
  ];
}

function dedupe(items: ThreadItem[]): ThreadItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = item.kind === "access" ? item.access.id + item.access.site.file : item.eventId;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
