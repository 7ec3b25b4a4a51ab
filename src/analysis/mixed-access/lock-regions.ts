import type { Call, IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { getOrCreate } from "../memo.js";
import { leafEvents, loopsIn } from "../ir/walk.js";
import type { CodeScope } from "../pairing/code-scope.js";
import type { MixedAccessOptions } from "./mixed-access-options.js";

/** Call sites looked at when deciding whether every caller holds a lock; more make the answer "no". */
const MAX_CALL_SITES = 32;

/** Lock nesting is counted up to this depth; deeper nesting changes nothing. */
const MAX_DEPTH = 8;

/**
 * Steps up the callers of a static function that do not count against `callDepth`: its call sites
 * are all in its own file, so helpers of helpers (`qht_entry_is_last` under `qht_bucket_remove_entry`
 * under `qht_remove__locked`) are followed to a caller that takes the lock.
 */
const EXTRA_STATIC_STEPS = 4;

/** A function with more leaf events than this is not taken for a lock wrapper. */
const MAX_WRAPPER_EVENTS = 24;

/** Wrappers of wrappers are followed this deep. */
const MAX_WRAPPER_NESTING = 3;

/** The start depth of a wrapper's walk: high enough that its unlocks are counted, not clamped at 0. */
const WRAPPER_BASE = 4;

/**
 * Functions whose lock held on entry is worked out per question, at most; a caller graph that
 * needs more gives "not held", which reports more rather than less.
 */
const MAX_ENTRY_STEPS = 256;

/** Ids of the loops of a function whose body runs with a lock held (`WITH_QEMU_LOCK_GUARD(&m) { }`). */
export type GuardLoops = (fn: FunctionIR) => ReadonlySet<string>;

/**
 * Guard blocks of a function known only by its IR (another file): foreach loops whose macro is a guard.
 * `scoped_guard(rcu)` is judged by its argument, which only the syntax has, so it is left out here.
 */
export function guardLoopsOfIR(fn: FunctionIR, guardBlocks: ReadonlySet<string>): Set<string> {
  return new Set(loopsIn(fn.body).filter((loop) => loop.macro && loop.macro !== "scoped_guard" && guardBlocks.has(loop.macro)).map((loop) => loop.id));
}

/** Whether a function's own definition says it is entered with a lock held (`TSA_REQUIRES(m)`). */
export type EntryAnnotated = (fn: FunctionIR) => boolean;

/**
 * What a call does to the locks held: takes one, releases one, takes one to the end of its block, or
 * states that one is held (`lockdep_assert_held(&m)`: held from there on, but the callee takes nothing).
 */
export type LockEffect = "lock" | "unlock" | "scoped" | "asserted";

type EffectOf = (caller: FunctionIR, call: Call) => LockEffect | undefined;

/**
 * What project functions do to locks, shared by the files linted against one project view (a lock
 * wrapper is found once, not once per linted file). Calls made by the linted file itself are not
 * cached here: its names may resolve to its own fresh functions.
 */
interface SharedWrapperFacts {
  byFunction: WeakMap<FunctionIR, LockEffect | null>;
  byCall: Map<string, LockEffect | null>;
}

const sharedFacts = new WeakMap<object, WeakMap<MixedAccessOptions, SharedWrapperFacts>>();

function sharedWrapperFacts(project: object, options: MixedAccessOptions): SharedWrapperFacts {
  const byOptions = getOrCreate(sharedFacts, project, () => new WeakMap<MixedAccessOptions, SharedWrapperFacts>());
  return getOrCreate(byOptions, options, () => ({ byFunction: new WeakMap(), byCall: new Map() }));
}

/**
 * Where a lock is held. Lock and unlock calls are matched by name only (which lock is not compared):
 * an event is under a lock when every path from the function's entry to it took more locks than it
 * released. A function is entered with a lock held when its name ends in `_locked` (QEMU's
 * convention) or when every call site of it in the project is itself under a lock. A project
 * function that takes a lock on every path and releases none (`qht_lock()`, `cpu_list_lock()`) is a
 * lock function too, and one that releases one on every path is an unlock function.
 */
export class LockFacts {
  private readonly heldMaps = new WeakMap<FunctionIR, Map<boolean, ReadonlyMap<string, boolean>>>();
  private readonly entries = new WeakMap<FunctionIR, boolean>();
  private readonly wrapperEffects: WeakMap<FunctionIR, LockEffect | null>;
  /** Effects of calls by caller file and callee name (what a name resolves to depends on the file). */
  private readonly sharedCallEffects: Map<string, LockEffect | null>;
  private readonly ownCallEffects = new Map<string, LockEffect | null>();
  private readonly effectOf: EffectOf;
  private entrySteps = 0;

  /** `lintedFile`: the file whose fresh functions the scope holds; its calls are not shared with other files. */
  constructor(
    private readonly scope: CodeScope,
    private readonly options: MixedAccessOptions,
    private readonly callDepth: number,
    private readonly guardLoops: GuardLoops,
    private readonly lintedFile?: string,
    private readonly entryAnnotated?: EntryAnnotated,
  ) {
    this.effectOf = (caller, call) => this.callEffect(caller, call, 0);
    const shared = sharedWrapperFacts(scope.project, options);
    this.wrapperEffects = shared.byFunction;
    this.sharedCallEffects = shared.byCall;
  }

  /** Whether the leaf event `eventId` of `fn` (an access or a call) always runs with a lock held. */
  isHeldAt(fn: FunctionIR, eventId: string): boolean {
    return this.heldMap(fn, this.entryHeld(fn)).get(eventId) === true;
  }

  /** Whether `fn` is always entered with a lock held. */
  entryHeld(fn: FunctionIR): boolean {
    let held = this.entries.get(fn);
    if (held === undefined) {
      this.entrySteps = 0;
      held = this.entryHeldWithin(fn, this.callDepth, EXTRA_STATIC_STEPS, new Set([fn]));
      this.entries.set(fn, held);
    }
    return held;
  }

  private entryHeldWithin(fn: FunctionIR, depth: number, staticSteps: number, visiting: ReadonlySet<FunctionIR>): boolean {
    if (fn.name.endsWith("_locked") || this.entryAnnotated?.(fn) === true) return true;
    if (++this.entrySteps > MAX_ENTRY_STEPS) return false;
    const free = fn.isStatic && staticSteps > 0;
    if (depth <= 0 && !free) return false;
    const sites = this.scope.callSitesOf(fn).filter((site) => !visiting.has(site.caller));
    if (sites.length === 0 || sites.length > MAX_CALL_SITES) return false;
    const nextDepth = free ? depth : depth - 1;
    const nextStatic = free ? staticSteps - 1 : staticSteps;
    return sites.every(({ caller, call }) => {
      const callerHeld = this.entryHeldWithin(caller, nextDepth, nextStatic, new Set([...visiting, caller]));
      return this.heldMap(caller, callerHeld).get(call.id) === true;
    });
  }

  private heldMap(fn: FunctionIR, entryHeld: boolean): ReadonlyMap<string, boolean> {
    let byEntry = this.heldMaps.get(fn);
    if (!byEntry) {
      byEntry = new Map();
      this.heldMaps.set(fn, byEntry);
    }
    let held = byEntry.get(entryHeld);
    if (!held) {
      held = new LockWalk(fn, this.guardLoops(fn), this.effectOf, this.options).run(fn.body, entryHeld ? 1 : 0).held;
      byEntry.set(entryHeld, held);
    }
    return held;
  }

  private callEffect(caller: FunctionIR, call: Call, nesting: number): LockEffect | undefined {
    const { callee } = call;
    if (this.options.scopedGuards.has(callee)) return "scoped";
    if (this.options.lockAssertions.has(callee)) return "asserted";
    if (this.options.locks.has(callee)) return "lock";
    if (this.options.unlocks.has(callee)) return "unlock";
    if (nesting >= MAX_WRAPPER_NESTING) return undefined;
    const memo = caller.site.file === this.lintedFile ? this.ownCallEffects : this.sharedCallEffects;
    const memoKey = nesting === 0 ? `${caller.site.file}\0${callee}` : undefined;
    const known = memoKey === undefined ? undefined : memo.get(memoKey);
    if (known !== undefined) return known ?? undefined;
    const effect = this.wrappedEffect(caller, callee, nesting);
    if (memoKey !== undefined) memo.set(memoKey, effect ?? null);
    return effect;
  }

  private wrappedEffect(caller: FunctionIR, callee: string, nesting: number): LockEffect | undefined {
    const targets = this.scope.calleesOf(caller, callee);
    if (targets.length === 0) return undefined;
    let effect: LockEffect | undefined;
    for (const target of targets) {
      const own = this.wrapperEffect(target, nesting + 1);
      if (own === undefined || (effect !== undefined && own !== effect)) return undefined;
      effect = own;
    }
    return effect;
  }

  /**
   * "lock" when every path through `fn` takes more locks than it releases, "unlock" when every path
   * releases more than it takes. A wrapper that loops or jumps is not judged.
   */
  private wrapperEffect(fn: FunctionIR, nesting: number): LockEffect | undefined {
    const known = this.wrapperEffects.get(fn);
    if (known !== undefined) return known ?? undefined;
    // Marked first, so that a wrapper reaching itself again is no wrapper.
    this.wrapperEffects.set(fn, null);
    let effect: LockEffect | undefined;
    const leaves = leafEvents(fn.body);
    if (leaves.length <= MAX_WRAPPER_EVENTS && leaves.some((event) => event.kind === "call") && !hasLoopOrJump(fn.body)) {
      // An assertion in a wrapper takes nothing: only what the wrapper takes and releases counts.
      const walk = new LockWalk(fn, new Set(), (caller, call) => {
        const effect = this.callEffect(caller, call, nesting);
        return effect === "asserted" ? undefined : effect;
      }).run(fn.body, WRAPPER_BASE);
      const nets = walk.ends.map((depth) => depth - WRAPPER_BASE);
      if (nets.length > 0 && nets.every((net) => net > 0)) effect = "lock";
      else if (nets.length > 0 && nets.every((net) => net < 0)) effect = "unlock";
    }
    this.wrapperEffects.set(fn, effect ?? null);
    return effect;
  }
}

function hasLoopOrJump(events: readonly IrEvent[]): boolean {
  return events.some((event) => event.kind === "loop"
    || (event.kind === "exit" && event.exitKind !== "return")
    || (event.kind === "branch" && event.arms.some(hasLoopOrJump)));
}

interface WalkResult {
  /** Whether each leaf event (by id) runs with a lock held on every path to it. */
  held: ReadonlyMap<string, boolean>;
  /** The depth at each way out of the walked body: its end, and each return. */
  ends: readonly number[];
}

/**
 * A walk over the structured IR with the number of locks held. Branch arms join with the minimum
 * (a lock must be held on every path); an arm that leaves (return, break, goto) does not join.
 */
class LockWalk {
  private readonly held = new Map<string, boolean>();
  private readonly ends: number[] = [];
  /** Scoped guards of the enclosing blocks: a return leaves their blocks and releases them. */
  private openScopedGuards = 0;

  /** `assertions`: the held predicates and assertion macros that state a lock is held; none for a wrapper's walk. */
  constructor(
    private readonly fn: FunctionIR, private readonly guardLoops: ReadonlySet<string>, private readonly effectOf: EffectOf,
    private readonly assertions?: Pick<MixedAccessOptions, "heldPredicates" | "assertMacros">,
  ) {}

  /** `assert(bql_locked())`: the predicate's call, then the assertion's, one after the other. */
  private assertsHeld(previous: IrEvent | undefined, event: IrEvent): boolean {
    return this.assertions !== undefined && previous?.kind === "call" && event.kind === "call"
      && this.assertions.heldPredicates.has(previous.callee) && this.assertions.assertMacros.has(event.callee);
  }

  run(body: readonly IrEvent[], entryDepth: number): WalkResult {
    const end = this.sequence(body, entryDepth);
    if (end !== undefined) this.ends.push(end);
    return { held: this.held, ends: this.ends };
  }

  private record(id: string, depth: number): void {
    const known = this.held.get(id);
    this.held.set(id, (known ?? true) && depth > 0);
  }

  /** Returns the depth at the end of the sequence, or undefined when no path falls through it. */
  private sequence(events: readonly IrEvent[], entryDepth: number): number | undefined {
    let depth: number | undefined = entryDepth;
    let scopedGuards = 0;
    let previous: IrEvent | undefined;
    for (const event of events) {
      if (depth === undefined) {
        // Unreachable by falling through (after a return); a label may still lead here: walk it unlocked.
        depth = 0;
      }
      depth = this.event(event, depth, () => {
        scopedGuards++;
        this.openScopedGuards++;
      });
      if (depth !== undefined && this.assertsHeld(previous, event)) depth = Math.min(MAX_DEPTH, depth + 1);
      previous = event;
    }
    this.openScopedGuards -= scopedGuards;
    return depth === undefined ? undefined : Math.max(0, depth - scopedGuards);
  }

  private event(event: IrEvent, depth: number, addScopedGuard: () => void): number | undefined {
    switch (event.kind) {
      case "access":
        this.record(event.id, depth);
        return depth;
      case "fence":
        return depth;
      case "call":
        this.record(event.id, depth);
        switch (this.effectOf(this.fn, event)) {
          case "scoped":
            addScopedGuard();
            return Math.min(MAX_DEPTH, depth + 1);
          case "lock":
          case "asserted":
            return Math.min(MAX_DEPTH, depth + 1);
          case "unlock":
            return Math.max(0, depth - 1);
          default:
            return depth;
        }
      case "exit":
        if (event.exitKind === "return") this.ends.push(Math.max(0, depth - this.openScopedGuards));
        return undefined;
      case "branch": {
        const ends = event.arms.map((arm) => this.sequence(arm, depth));
        if (event.arms.length < 2) ends.push(depth);
        const joined = ends.filter((end): end is number => end !== undefined);
        return joined.length === 0 ? undefined : Math.min(...joined);
      }
      case "loop": {
        const guarded = this.guardLoops.has(event.id);
        const inside = guarded ? Math.min(MAX_DEPTH, depth + 1) : depth;
        const end = this.sequence(event.body, inside);
        // A body that releases more than it takes starts its next iteration with fewer locks.
        if (end !== undefined && end < inside) this.sequence(event.body, end);
        // The loop may be left before its body runs, or (through break) from inside it.
        return guarded ? depth : Math.min(depth, end ?? depth);
      }
    }
  }
}
