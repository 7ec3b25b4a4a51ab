import type { Access } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { getOrCreate } from "../memo.js";
import { wrappedFence, type CodeScope } from "./code-scope.js";
import { functionFlow, isBackEdge, isInsideLoop, type FunctionFlow } from "./function-flow.js";
import type { SideAccess } from "./ordering-point.js";

export type Direction = "backward" | "forward";

/** An access reached by a walk, before it is placed on a side of a point. */
type Reached = Omit<SideAccess, "position">;

interface WalkResult {
  reached: Reached[];
  /** The walk got to the function's entry (backward) or exit (forward) without meeting an ordering point. */
  reachedBoundary: boolean;
}

/** Callers followed per function when a side reaches the function's entry or exit. */
const MAX_CALLERS = 16;

const CONTEXT_RANK: Readonly<Record<SideAccess["context"], number>> = { local: 0, callee: 1, caller: 2 };

/**
 * Sides stop at fences (and at mb stores, which end with one): a fence orders everything on its
 * sides, so acquire loads, release stores and RMWs met on the way are part of a side, not its end.
 */
export function isStoppingAccess(access: Access): boolean {
  return access.op === "store" && access.order === "mb";
}

/**
 * Collects the shared accesses on one side of a point: back to the previous ordering point or the
 * function entry, or on to the next one or the exit, through callees to `callDepth` levels and, when
 * the function boundary is reached, into its callers (same depth). Results are cached per scanner.
 */
export class FlowScanner {
  private readonly stops = new WeakMap<FunctionIR, ReadonlySet<number>>();
  private readonly summaries = new WeakMap<FunctionIR, Map<string, WalkResult>>();
  private readonly outer = new WeakMap<FunctionIR, Map<string, Reached[]>>();

  constructor(readonly scope: CodeScope, readonly callDepth: number) {}

  /** The accesses on one side of `start` (a node of `fn`'s flow), sorted deterministically. */
  side(fn: FunctionIR, start: number, direction: Direction): SideAccess[] {
    const result = this.walk(fn, start, direction, this.callDepth, new Set([fn]));
    const reached = [...result.reached];
    if (result.reachedBoundary && this.callDepth > 0) reached.push(...this.outerContext(fn, direction, this.callDepth, new Set([fn])));
    const position = direction === "backward" ? "before" : "after";
    return sortSide(dedupe(reached).map((entry) => ({ ...entry, position })));
  }

  /** Nodes of `fn` where a side stops: non-compiler fences, mb stores, calls of fence wrappers. */
  stopNodes(fn: FunctionIR): ReadonlySet<number> {
    let stops = this.stops.get(fn);
    if (!stops) {
      const found = new Set<number>();
      for (const node of functionFlow(fn).nodes) {
        const event = node.event;
        if (!event) continue;
        if (event.kind === "fence" ? event.fence !== "compiler"
          : event.kind === "access" ? isStoppingAccess(event)
            : wrappedFence(this.scope, fn, event.callee) !== undefined) found.add(node.index);
      }
      stops = found;
      this.stops.set(fn, stops);
    }
    return stops;
  }

  private walk(fn: FunctionIR, start: number, direction: Direction, calleeDepth: number, visiting: ReadonlySet<FunctionIR>): WalkResult {
    const flow = functionFlow(fn);
    const stops = this.stopNodes(fn);
    const reached = new Map<Access, Reached>();
    let reachedBoundary = false;
    // Bit 1: visited on a path inside one iteration; bit 2: visited only around a loop.
    const visited = new Uint8Array(flow.nodes.length);
    visited[start] = 3;
    // `loop`: head of the loop (containing `start`) whose back edge the path took, or -1. Only nodes
    // inside that loop belong to another iteration; leaving the loop ends the crossing.
    const queue: { node: number; loop: number }[] = [{ node: start, loop: -1 }];

    const record = (entry: Reached) => {
      const known = reached.get(entry.access);
      if (!known || (known.crossesIteration && !entry.crossesIteration)) reached.set(entry.access, entry);
    };
    const passThrough = (index: number, crossed: boolean): boolean => {
      const node = flow.nodes[index]!;
      if (node.role === "entry" || node.role === "exit") {
        reachedBoundary = true;
        return false;
      }
      const event = node.event;
      if (!event) return true;
      if (event.kind === "access") {
        record({ access: event, fn, context: "local", via: [], crossesIteration: crossed });
        return !stops.has(index);
      }
      if (event.kind === "fence" || stops.has(index)) return !stops.has(index);
      return this.enterCall(fn, event.callee, direction, calleeDepth, visiting, crossed, record);
    };

    for (let head = 0; head < queue.length; head++) {
      const { node, loop } = queue[head]!;
      const current = flow.nodes[node]!;
      for (const next of direction === "backward" ? current.predecessors : current.successors) {
        let nextLoop = loop;
        if (nextLoop < 0 && crossesIterationOf(flow, direction, node, next, start)) nextLoop = direction === "backward" ? node : next;
        if (nextLoop >= 0 && next !== nextLoop && !isInsideLoop(flow, nextLoop, next)) nextLoop = -1;
        const nextCrossed = nextLoop >= 0;
        const mark = nextCrossed ? 2 : 1;
        if (visited[next]! & 1 || visited[next]! & mark) continue;
        visited[next] = visited[next]! | mark;
        if (passThrough(next, nextCrossed)) queue.push({ node: next, loop: nextLoop });
      }
    }
    return { reached: [...reached.values()], reachedBoundary };
  }

  /** Adds a callee's accesses on the walked side; returns whether the walk continues past the call. */
  private enterCall(
    caller: FunctionIR, name: string, direction: Direction, calleeDepth: number, visiting: ReadonlySet<FunctionIR>,
    crossed: boolean, record: (entry: Reached) => void,
  ): boolean {
    if (calleeDepth <= 0) return true;
    const callees = this.scope.calleesOf(caller, name);
    if (callees.length === 0) return true;
    let transparent = false;
    for (const callee of callees) {
      if (visiting.has(callee)) {
        transparent = true;
        continue;
      }
      const summary = this.summary(callee, direction, calleeDepth - 1, new Set([...visiting, callee]));
      for (const entry of summary.reached) {
        record({ ...entry, context: "callee", via: [callee.name, ...entry.via], crossesIteration: crossed || entry.crossesIteration });
      }
      transparent ||= summary.reachedBoundary;
    }
    return transparent;
  }

  /** What a call to `fn` contributes: accesses from its entry (forward) or exit (backward) to its first ordering point. */
  private summary(fn: FunctionIR, direction: Direction, depth: number, visiting: ReadonlySet<FunctionIR>): WalkResult {
    const cache = getOrCreate(this.summaries, fn, () => new Map<string, WalkResult>());
    return getOrCreate(cache, `${direction}:${depth}`, () => {
      const flow = functionFlow(fn);
      return this.walk(fn, direction === "forward" ? flow.entry : flow.exit, direction, depth, visiting);
    });
  }

  /** Accesses around the calls to `fn`: before them (backward) or after them (forward), in the callers. */
  private outerContext(fn: FunctionIR, direction: Direction, depth: number, path: ReadonlySet<FunctionIR>): Reached[] {
    const cache = getOrCreate(this.outer, fn, () => new Map<string, Reached[]>());
    return getOrCreate(cache, `${direction}:${depth}`, () => this.callersAround(fn, direction, depth, path));
  }

  private callersAround(fn: FunctionIR, direction: Direction, depth: number, path: ReadonlySet<FunctionIR>): Reached[] {
    const collected: Reached[] = [];
    const sites = [...this.scope.callSitesOf(fn)]
      .filter((site) => !path.has(site.caller))
      .sort((a, b) => compareSites(a.call.site, b.call.site))
      .slice(0, MAX_CALLERS);
    for (const { caller, call } of sites) {
      const start = functionFlow(caller).nodeOfEvent.get(call.id);
      if (start === undefined) continue;
      const callerPath = new Set([...path, caller]);
      const result = this.walk(caller, start, direction, this.callDepth, callerPath);
      const around = [...result.reached];
      if (result.reachedBoundary && depth > 1) around.push(...this.outerContext(caller, direction, depth - 1, callerPath));
      // Only what callers do themselves: on QEMU, accesses of the callers' other callees (reached up
      // one call and down another) were unrelated bookkeeping that made spurious pairs.
      for (const entry of around) {
        if (entry.context !== "local" && entry.context !== "caller") continue;
        collected.push({ ...entry, context: "caller", via: [caller.name, ...entry.via] });
      }
    }
    return dedupe(collected);
  }
}

/**
 * Whether stepping from `from` to `to` reaches another iteration of a loop that contains `start`.
 * Leaving a loop the walk started outside of is no such step: all of that loop's iterations lie on one
 * side of the start (every store of a loop before a fence is before the fence).
 */
function crossesIterationOf(flow: FunctionFlow, direction: Direction, from: number, to: number, start: number): boolean {
  const [tail, head] = direction === "backward" ? [to, from] : [from, to];
  return isBackEdge(flow, tail, head) && isInsideLoop(flow, head, start);
}

function dedupe(entries: readonly Reached[]): Reached[] {
  const byAccess = new Map<Access, Reached>();
  for (const entry of entries) {
    const known = byAccess.get(entry.access);
    if (!known || CONTEXT_RANK[entry.context] < CONTEXT_RANK[known.context]
      || (known.crossesIteration && !entry.crossesIteration)) byAccess.set(entry.access, entry);
  }
  return [...byAccess.values()];
}

function compareSites(a: { file: string; range: readonly [number, number] }, b: { file: string; range: readonly [number, number] }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range[0] - b.range[0];
}

export function sortSide(side: SideAccess[]): SideAccess[] {
  return side.sort((a, b) => CONTEXT_RANK[a.context] - CONTEXT_RANK[b.context] || a.via.length - b.via.length
    || compareSites(a.access.site, b.access.site) || a.access.id.localeCompare(b.access.id));
}
