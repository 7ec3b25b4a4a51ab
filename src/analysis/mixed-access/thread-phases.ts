import type { Call, IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { leafEvents } from "../ir/walk.js";
import { getOrCreate } from "../memo.js";
import type { CodeScope } from "../pairing/code-scope.js";
import type { MixedAccessOptions } from "./mixed-access-options.js";

/** Call sites looked at when deciding that a helper is only called while the threads are not running. */
const MAX_CALL_SITES = 16;

/** What a call does to the threads of its caller: starts some, or waits for them to end. */
type ThreadEffect = "start" | "join";

/**
 * When a function that starts threads and joins them before it returns runs alone: before its first
 * thread start and after the threads are joined, like a test's main thread that zeroes its counters,
 * starts its workers, joins them and prints the counters. A call starts (joins) threads when its
 * callee is a thread primitive or a project function, up to `callDepth` calls deep, that leaves
 * threads running (that joins them). A join is taken to wait for every thread started before it.
 */
export class ThreadPhases {
  private readonly alone = new WeakMap<FunctionIR, ReadonlyMap<string, boolean> | null>();
  private readonly effects = new WeakMap<FunctionIR, Map<number, ThreadEffect | null>>();

  constructor(private readonly scope: CodeScope, private readonly options: MixedAccessOptions, private readonly callDepth: number) {}

  /**
   * Whether the leaf event `eventId` of `fn` runs while no thread that `fn` started is running, `fn`
   * being a function that starts threads and has joined them on every path by the time it returns.
   */
  runsAlone(fn: FunctionIR, eventId: string): boolean {
    let map = this.alone.get(fn);
    if (map === undefined) {
      const walk = new PhaseWalk((call) => this.callEffect(fn, call, this.callDepth));
      const leavesRunning = walk.run(fn.body, false);
      // A function that returns with its threads running may be called again while they still run.
      map = walk.startsThreads && !leavesRunning ? walk.aloneAt : null;
      this.alone.set(fn, map);
    }
    return map?.get(eventId) === true;
  }

  /**
   * Whether every event of `fn` runs while no thread is running: `fn` is called, and never used as a
   * value, only where its callers run alone (a test's `print_stats()` called after the join), up to
   * `callDepth` callers up.
   */
  calledOnlyAlone(fn: FunctionIR, depth = this.callDepth, visiting: ReadonlySet<FunctionIR> = new Set([fn])): boolean {
    if (depth <= 0 || this.scope.isUsedAsValue(fn)) return false;
    const sites = this.scope.callSitesOf(fn);
    if (sites.length === 0 || sites.length > MAX_CALL_SITES) return false;
    return sites.every(({ caller, call }) => !visiting.has(caller)
      && (this.runsAlone(caller, call.id) || this.calledOnlyAlone(caller, depth - 1, new Set([...visiting, caller]))));
  }

  private callEffect(caller: FunctionIR, call: Call, depth: number): ThreadEffect | undefined {
    if (this.options.threadStarts.has(call.callee)) return "start";
    if (this.options.threadJoins.has(call.callee)) return "join";
    if (depth <= 0) return undefined;
    const targets = this.scope.calleesOf(caller, call.callee);
    if (targets.length !== 1) return undefined;
    return this.functionEffect(targets[0]!, depth);
  }

  /** "start" when `fn` may return with threads it started still running, "join" when it joins threads. */
  private functionEffect(fn: FunctionIR, depth: number): ThreadEffect | undefined {
    const byDepth = getOrCreate(this.effects, fn, () => new Map<number, ThreadEffect | null>());
    const known = byDepth.get(depth);
    if (known !== undefined) return known ?? undefined;
    // Marked first, so that recursion through `fn` finds no effect.
    byDepth.set(depth, null);
    const calls = leafEvents(fn.body).filter((event): event is Call => event.kind === "call");
    const effects = new Map(calls.map((call) => [call, this.callEffect(fn, call, depth - 1)]));
    const found = [...effects.values()];
    let effect: ThreadEffect | undefined;
    if (found.includes("start")) {
      const walk = new PhaseWalk((call) => effects.get(call));
      effect = walk.run(fn.body, false) ? "start" : "join";
    } else if (found.includes("join")) {
      effect = "join";
    }
    byDepth.set(depth, effect ?? null);
    return effect;
  }
}

/**
 * A walk over the structured IR with whether threads started by the function may be running. Branch
 * arms join with "or"; a loop's body is walked again when its first pass leaves threads running.
 */
class PhaseWalk {
  readonly aloneAt = new Map<string, boolean>();
  startsThreads = false;
  /** Whether a path that returned early left threads running. */
  private returnsRunning = false;
  /** Whether a break, continue or goto left with threads running: where it lands is not followed. */
  private jumpedRunning = false;

  constructor(private readonly effectOf: (call: Call) => ThreadEffect | undefined) {}

  /** Returns whether threads may be running when the function returns. */
  run(body: readonly IrEvent[], running: boolean): boolean {
    const end = this.sequence(body, running);
    return this.returnsRunning || end === true;
  }

  private joinsOnly(body: readonly IrEvent[]): boolean {
    const effects = leafEvents(body).flatMap((event) => (event.kind === "call" ? [this.effectOf(event)] : []));
    return effects.includes("join") && !effects.includes("start");
  }

  private record(id: string, running: boolean): void {
    this.aloneAt.set(id, (this.aloneAt.get(id) ?? true) && !running);
  }

  private sequence(events: readonly IrEvent[], entry: boolean): boolean | undefined {
    let running: boolean | undefined = entry;
    for (const event of events) {
      // After a return or a jump, a label may still lead here from anywhere.
      running = this.event(event, running ?? true);
    }
    return running;
  }

  private event(event: IrEvent, entry: boolean): boolean | undefined {
    const running = entry || this.jumpedRunning;
    switch (event.kind) {
      case "access":
      case "fence":
        this.record(event.id, running);
        return running;
      case "call": {
        this.record(event.id, running);
        const effect = this.effectOf(event);
        if (effect === "start") {
          this.startsThreads = true;
          return true;
        }
        return effect === "join" ? false : running;
      }
      case "exit":
        if (running && event.exitKind === "return") this.returnsRunning = true;
        else if (running) this.jumpedRunning = true;
        return undefined;
      case "branch": {
        const ends = event.arms.map((arm) => this.sequence(arm, running));
        if (event.arms.length < 2) ends.push(running);
        const joined = ends.filter((end): end is boolean => end !== undefined);
        return joined.length === 0 ? undefined : joined.some(Boolean);
      }
      case "loop": {
        const end = this.sequence(event.body, running);
        const again = end === true && !running;
        if (again) this.sequence(event.body, true);
        // A loop that joins threads and starts none (`for (i...) qemu_thread_join(&t[i]);`) runs as
        // often as the loop that started them: it is taken to join them all.
        if (this.joinsOnly(event.body)) return false;
        return running || end === true || again;
      }
    }
  }
}
