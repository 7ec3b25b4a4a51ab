import type { Access, Call, Fence } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { getOrCreate } from "../memo.js";
import type { Site } from "../ir/site.js";
import type { CodeScope } from "../pairing/code-scope.js";
import type { FlowScanner } from "../pairing/flow-scan.js";
import { functionFlow } from "../pairing/function-flow.js";

export type Direction = "backward" | "forward";

/** What one side of a barrier holds, as far as the analysis can see. */
export interface SideProbe {
  /** Shared accesses found, nearest first (callees and callers included). */
  accesses: Access[];
  /** Ordering points that end the side. */
  stops: { site: Site; label: string }[];
  /** The side reached the function's entry (backward) or exit (forward). */
  reachedBoundary: boolean;
  /** Functions looked into, callees and callers, in the order first met. */
  lookedThrough: string[];
  /** Why the side may hold accesses the analysis cannot see (an unknown callee, a callee too deep). */
  unseen?: string;
  /** The side reached the function's boundary, and the project shows no direct caller to look into. */
  noKnownCaller: boolean;
}

interface Walk {
  accesses: Access[];
  stops: { site: Site; label: string }[];
  reachedBoundary: boolean;
  lookedThrough: Set<string>;
  unseen?: string;
}

/** Callers followed when a side reaches the function's boundary. */
const MAX_CALLERS = 16;

/**
 * Walks one side of a barrier: back to the previous ordering point or the function's entry, or on to
 * the next one or the exit, through callees to `callDepth` levels and, past the function's boundary,
 * into its direct callers. Ordering points are those the pairing analysis stops at. Unlike the pairing
 * walk, it remembers what it could not see, so that "nothing here" is only claimed when it is known.
 */
export class SideProber {
  private readonly calleeWalks = new WeakMap<FunctionIR, Map<string, Walk>>();

  constructor(private readonly scope: CodeScope, private readonly scanner: FlowScanner, private readonly callDepth: number) {}

  probe(fn: FunctionIR, start: number, direction: Direction, transparent: ReadonlySet<number> = new Set()): SideProbe {
    const walk = this.walk(fn, start, direction, this.callDepth, new Set([fn]), transparent);
    const callers = walk.reachedBoundary ? this.scope.callSitesOf(fn).filter((site) => site.caller !== fn) : [];
    if (walk.reachedBoundary && this.callDepth > 0) this.intoCallers(fn, direction, this.callDepth, new Set([fn]), walk);
    // A callback's callers are behind a function pointer: what they do around the call is unseen.
    const unseen = walk.unseen ?? (walk.reachedBoundary && this.scope.isUsedAsValue(fn) ? `${fn.name}() is called through a pointer` : undefined);
    return {
      accesses: walk.accesses,
      stops: walk.stops,
      reachedBoundary: walk.reachedBoundary,
      noKnownCaller: walk.reachedBoundary && callers.length === 0,
      lookedThrough: [...walk.lookedThrough],
      ...(unseen ? { unseen } : {}),
    };
  }

  private walk(
    fn: FunctionIR, start: number, direction: Direction, depth: number, visiting: ReadonlySet<FunctionIR>,
    transparent: ReadonlySet<number> = new Set(),
  ): Walk {
    const flow = functionFlow(fn);
    const stops = this.scanner.stopNodes(fn);
    const result: Walk = { accesses: [], stops: [], reachedBoundary: false, lookedThrough: new Set() };
    const seen = new Uint8Array(flow.nodes.length);
    seen[start] = 1;
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const current = flow.nodes[queue[head]!]!;
      for (const next of direction === "backward" ? current.predecessors : current.successors) {
        if (seen[next]) continue;
        seen[next] = 1;
        if (this.passes(fn, next, direction, depth, visiting, transparent, stops, result)) queue.push(next);
      }
    }
    return result;
  }

  /** Records what node `index` contributes; returns whether the walk goes on past it. */
  private passes(
    fn: FunctionIR, index: number, direction: Direction, depth: number, visiting: ReadonlySet<FunctionIR>,
    transparent: ReadonlySet<number>, stops: ReadonlySet<number>, result: Walk,
  ): boolean {
    const node = functionFlow(fn).nodes[index]!;
    if (node.role === "entry" || node.role === "exit") {
      result.reachedBoundary = true;
      return false;
    }
    const event = node.event;
    if (!event) return true;
    if (event.kind === "access") result.accesses.push(event);
    if (transparent.has(index)) return true;
    if (stops.has(index)) {
      result.stops.push({ site: event.site, label: stopLabel(event) });
      return false;
    }
    if (event.kind !== "call") return true;
    return this.intoCallees(fn, event.callee, direction, depth, visiting, result);
  }

  private intoCallees(
    caller: FunctionIR, name: string, direction: Direction, depth: number, visiting: ReadonlySet<FunctionIR>, result: Walk,
  ): boolean {
    const callees = this.scope.calleesOf(caller, name);
    if (callees.length === 0) {
      result.unseen ??= `${name}() is not defined in the analysed code`;
      return true;
    }
    let goesOn = false;
    for (const callee of callees) {
      if (visiting.has(callee)) {
        goesOn = true;
        continue;
      }
      result.lookedThrough.add(callee.name);
      if (depth <= 0) {
        result.unseen ??= `${callee.name}() is deeper than the call depth`;
        goesOn = true;
        continue;
      }
      if (callee.hasParseErrors) result.unseen ??= `${callee.name}() has parse errors`;
      const summary = this.calleeWalk(callee, direction, depth - 1, new Set([...visiting, callee]));
      result.accesses.push(...summary.accesses);
      result.stops.push(...summary.stops);
      for (const looked of summary.lookedThrough) result.lookedThrough.add(looked);
      if (summary.unseen) result.unseen ??= summary.unseen;
      goesOn ||= summary.reachedBoundary;
    }
    return goesOn;
  }

  /** A callee from its entry (forward) or exit (backward) to its first ordering point. */
  private calleeWalk(fn: FunctionIR, direction: Direction, depth: number, visiting: ReadonlySet<FunctionIR>): Walk {
    const byKey = getOrCreate(this.calleeWalks, fn, () => new Map<string, Walk>());
    return getOrCreate(byKey, `${direction}:${depth}`, () => {
      const flow = functionFlow(fn);
      return this.walk(fn, direction === "forward" ? flow.entry : flow.exit, direction, depth, visiting);
    });
  }

  /** Around the calls of `fn`: what its callers do before (backward) or after (forward) calling it. */
  private intoCallers(fn: FunctionIR, direction: Direction, depth: number, path: ReadonlySet<FunctionIR>, result: Walk): void {
    const sites = this.scope.callSitesOf(fn).filter((site) => !path.has(site.caller));
    if (sites.length > MAX_CALLERS) {
      result.unseen ??= `${fn.name}() has more than ${MAX_CALLERS} callers`;
      return;
    }
    for (const { caller, call } of sites) {
      const start = functionFlow(caller).nodeOfEvent.get(call.id);
      if (start === undefined) continue;
      result.lookedThrough.add(`caller ${caller.name}`);
      if (caller.hasParseErrors) result.unseen ??= `${caller.name}() has parse errors`;
      const callerPath = new Set([...path, caller]);
      const around = this.walk(caller, start, direction, this.callDepth, callerPath);
      result.accesses.push(...around.accesses);
      result.stops.push(...around.stops);
      for (const looked of around.lookedThrough) result.lookedThrough.add(looked);
      if (around.unseen) result.unseen ??= around.unseen;
      if (around.reachedBoundary && depth > 1) this.intoCallers(caller, direction, depth - 1, callerPath, result);
    }
  }
}

function stopLabel(event: Access | Fence | Call): string {
  if (event.kind === "call") return `${event.callee}()`;
  if (event.kind === "access") return `${event.api}(${event.key.id})`;
  return `${event.api}()`;
}
