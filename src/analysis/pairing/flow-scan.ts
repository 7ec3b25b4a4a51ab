import type { Access, Call, Fence } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { Site } from "../ir/site.js";
import { getOrCreate } from "../memo.js";
import { wrappedFence, type CodeScope } from "./code-scope.js";
import { functionFlow, isBackEdge, isInsideLoop, type FunctionFlow } from "./function-flow.js";
import type { SideAccess } from "./ordering-point.js";

export type Direction = "backward" | "forward";

/**
 * An access reached by a walk, before it is placed on a side of a point. `farther`: reached in a
 * function that a caller calls around the call (up one call and down another), which the pairing
 * leaves out but a claim that a side is empty must count.
 */
type Reached = Omit<SideAccess, "position"> & { farther?: true };

/** An ordering point that ends a side. */
export interface SideStop {
  site: Site;
  label: string;
}

interface WalkResult {
  reached: Reached[];
  /** The walk got to the function's entry (backward) or exit (forward) without meeting an ordering point. */
  reachedBoundary: boolean;
  /** Ordering points that ended the walk, its own and its callees'. */
  stops: SideStop[];
  /** Functions looked into: callees by name, callers as `caller name`, in the order first met. */
  lookedThrough: ReadonlySet<string>;
  /** Why the side may hold accesses the walk could not see (the first reason met). */
  unseen?: string;
}

/**
 * One side of a point as far as the analysis sees it: every access reached (those of the callers'
 * other callees included), the ordering points that end it, the functions looked into, and what the
 * walk could not see, so that "nothing here" is only claimed when it is known.
 */
export interface SeenSide {
  accesses: Access[];
  stops: SideStop[];
  reachedBoundary: boolean;
  lookedThrough: string[];
  unseen?: string;
  /** The side reached the function's boundary, and the project shows no direct caller to look into. */
  noKnownCaller: boolean;
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
 * The one walk of a point's sides, for every rule: back to the previous ordering point or the
 * function entry, or on to the next one or the exit, through callees to `callDepth` levels and, when
 * the function boundary is reached, into its callers (same depth). It records what it could not see
 * (an unknown callee, one past the call depth, parse errors, more callers than it follows, a function
 * called through a pointer): the pairing reads the accesses, the claims that a side is empty
 * (`unneeded-barrier`) also what was not seen. Results are cached per scanner.
 */
export class FlowScanner {
  private readonly stops = new WeakMap<FunctionIR, ReadonlySet<number>>();
  private readonly summaries = new WeakMap<FunctionIR, Map<string, WalkResult>>();
  private readonly outer = new WeakMap<FunctionIR, Map<string, WalkResult>>();

  constructor(readonly scope: CodeScope, readonly callDepth: number) {}

  /** The accesses on one side of `start` (a node of `fn`'s flow) that the pairing uses, sorted deterministically. */
  side(fn: FunctionIR, start: number, direction: Direction): SideAccess[] {
    const result = this.fullSide(fn, start, direction);
    const position = direction === "backward" ? "before" : "after";
    return sortSide(dedupe(result.reached.filter((entry) => !entry.farther)).map(({ farther: _, ...entry }) => ({ ...entry, position })));
  }

  /**
   * One side of `start` with everything the walk met and could not see. `transparent` nodes are
   * ordering points the side goes on past, as if they were not there.
   */
  seenSide(fn: FunctionIR, start: number, direction: Direction, transparent: ReadonlySet<number> = new Set()): SeenSide {
    const result = this.fullSide(fn, start, direction, transparent);
    const callers = result.reachedBoundary ? this.scope.callSitesOf(fn).filter((site) => site.caller !== fn) : [];
    // A callback's callers are behind a function pointer: what they do around the call is unseen.
    const unseen = result.unseen
      ?? (result.reachedBoundary && this.scope.isUsedAsValue(fn) ? `${fn.name}() is called through a pointer` : undefined);
    return {
      accesses: dedupe(result.reached).map((entry) => entry.access),
      stops: result.stops,
      reachedBoundary: result.reachedBoundary,
      lookedThrough: [...result.lookedThrough],
      noKnownCaller: result.reachedBoundary && callers.length === 0,
      ...(unseen ? { unseen } : {}),
    };
  }

  private fullSide(fn: FunctionIR, start: number, direction: Direction, transparent: ReadonlySet<number> = new Set()): WalkResult {
    const result = this.walk(fn, start, direction, this.callDepth, new Set([fn]), transparent);
    if (!result.reachedBoundary || this.callDepth <= 0) return result;
    return merged(result, this.outerContext(fn, direction, this.callDepth, new Set([fn])));
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

  private walk(
    fn: FunctionIR, start: number, direction: Direction, calleeDepth: number, visiting: ReadonlySet<FunctionIR>,
    transparent: ReadonlySet<number> = new Set(),
  ): WalkResult {
    const flow = functionFlow(fn);
    const stops = this.stopNodes(fn);
    const reached = new Map<Access, Reached>();
    const seen: Seen = { stops: new Map(), lookedThrough: new Set() };
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
      if (event.kind === "access") record({ access: event, fn, context: "local", via: [], crossesIteration: crossed });
      if (transparent.has(index)) return true;
      if (stops.has(index)) {
        addStop(seen, { site: event.site, label: stopLabel(event) });
        return false;
      }
      if (event.kind !== "call") return true;
      return this.enterCall(fn, event.callee, direction, calleeDepth, visiting, crossed, record, seen);
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
    return { reached: [...reached.values()], reachedBoundary, stops: [...seen.stops.values()], lookedThrough: seen.lookedThrough, ...unseenOf(seen) };
  }

  /** Adds a callee's accesses on the walked side; returns whether the walk continues past the call. */
  private enterCall(
    caller: FunctionIR, name: string, direction: Direction, calleeDepth: number, visiting: ReadonlySet<FunctionIR>,
    crossed: boolean, record: (entry: Reached) => void, seen: Seen,
  ): boolean {
    const callees = this.scope.calleesOf(caller, name);
    if (callees.length === 0) {
      seen.unseen ??= `${name}() is not defined in the analysed code`;
      return true;
    }
    let goesOn = false;
    for (const callee of callees) {
      if (visiting.has(callee)) {
        goesOn = true;
        continue;
      }
      seen.lookedThrough.add(callee.name);
      if (calleeDepth <= 0) {
        seen.unseen ??= `${callee.name}() is deeper than the call depth`;
        goesOn = true;
        continue;
      }
      if (callee.hasParseErrors) seen.unseen ??= `${callee.name}() has parse errors`;
      const summary = this.summary(callee, direction, calleeDepth - 1, new Set([...visiting, callee]));
      for (const entry of summary.reached) {
        record({ ...entry, context: "callee", via: [callee.name, ...entry.via], crossesIteration: crossed || entry.crossesIteration });
      }
      mergeSeen(seen, summary);
      goesOn ||= summary.reachedBoundary;
    }
    return goesOn;
  }

  /** What a call to `fn` contributes: accesses from its entry (forward) or exit (backward) to its first ordering point. */
  private summary(fn: FunctionIR, direction: Direction, depth: number, visiting: ReadonlySet<FunctionIR>): WalkResult {
    const cache = getOrCreate(this.summaries, fn, () => new Map<string, WalkResult>());
    return getOrCreate(cache, `${direction}:${depth}`, () => {
      const flow = functionFlow(fn);
      return this.walk(fn, direction === "forward" ? flow.entry : flow.exit, direction, depth, visiting);
    });
  }

  /** Around the calls to `fn`: what its callers do before (backward) or after (forward) calling it. */
  private outerContext(fn: FunctionIR, direction: Direction, depth: number, path: ReadonlySet<FunctionIR>): WalkResult {
    const cache = getOrCreate(this.outer, fn, () => new Map<string, WalkResult>());
    return getOrCreate(cache, `${direction}:${depth}`, () => this.callersAround(fn, direction, depth, path));
  }

  private callersAround(fn: FunctionIR, direction: Direction, depth: number, path: ReadonlySet<FunctionIR>): WalkResult {
    const collected: Reached[] = [];
    const seen: Seen = { stops: new Map(), lookedThrough: new Set() };
    const all = this.scope.callSitesOf(fn).filter((site) => !path.has(site.caller));
    // Past MAX_CALLERS the pairing follows the first ones in a fixed order; what the others do is unseen.
    if (all.length > MAX_CALLERS) seen.unseen = `${fn.name}() has more than ${MAX_CALLERS} callers`;
    const sites = [...all].sort((a, b) => compareSites(a.call.site, b.call.site)).slice(0, MAX_CALLERS);
    for (const { caller, call } of sites) {
      const start = functionFlow(caller).nodeOfEvent.get(call.id);
      if (start === undefined) continue;
      seen.lookedThrough.add(`caller ${caller.name}`);
      if (caller.hasParseErrors) seen.unseen ??= `${caller.name}() has parse errors`;
      const callerPath = new Set([...path, caller]);
      let around = this.walk(caller, start, direction, this.callDepth, callerPath);
      if (around.reachedBoundary && depth > 1) around = merged(around, this.outerContext(caller, direction, depth - 1, callerPath));
      mergeSeen(seen, around);
      // Only what callers do themselves pairs: on QEMU, accesses of the callers' other callees (reached
      // up one call and down another) were unrelated bookkeeping that made spurious pairs.
      for (const entry of around.reached) {
        const farther = entry.farther === true || (entry.context !== "local" && entry.context !== "caller");
        collected.push({ ...entry, context: "caller", via: [caller.name, ...entry.via], ...(farther ? { farther: true as const } : {}) });
      }
    }
    // Deduplicated apart, so that the pairing's side (without the farther accesses) is what it would be alone.
    const reached = [...dedupe(collected.filter((entry) => !entry.farther)), ...dedupe(collected.filter((entry) => entry.farther))];
    return { reached, reachedBoundary: false, stops: [...seen.stops.values()], lookedThrough: seen.lookedThrough, ...unseenOf(seen) };
  }
}

/** What a walk collects besides the accesses: stops by place, functions looked into, the first reason something was unseen. */
interface Seen {
  stops: Map<string, SideStop>;
  lookedThrough: Set<string>;
  unseen?: string;
}

function addStop(seen: Seen, stop: SideStop): void {
  const key = `${stop.site.file}:${stop.site.range[0]}:${stop.label}`;
  if (!seen.stops.has(key)) seen.stops.set(key, stop);
}

function mergeSeen(seen: Seen, result: WalkResult): void {
  for (const stop of result.stops) addStop(seen, stop);
  for (const name of result.lookedThrough) seen.lookedThrough.add(name);
  if (result.unseen) seen.unseen ??= result.unseen;
}

function unseenOf(seen: Seen): { unseen?: string } {
  return seen.unseen ? { unseen: seen.unseen } : {};
}

/** A side's own walk followed by what its callers do around it. */
function merged(own: WalkResult, outer: WalkResult): WalkResult {
  const seen: Seen = { stops: new Map(), lookedThrough: new Set(own.lookedThrough) };
  for (const stop of own.stops) addStop(seen, stop);
  if (own.unseen) seen.unseen = own.unseen;
  mergeSeen(seen, outer);
  return {
    reached: [...own.reached, ...outer.reached], reachedBoundary: own.reachedBoundary,
    stops: [...seen.stops.values()], lookedThrough: seen.lookedThrough, ...unseenOf(seen),
  };
}

function stopLabel(event: Access | Fence | Call): string {
  if (event.kind === "call") return `${event.callee}()`;
  if (event.kind === "access") return `${event.api}(${event.key.id})`;
  return `${event.api}()`;
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
