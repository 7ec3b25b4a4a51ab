import type { IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { CodeScope } from "../pairing/code-scope.js";
import type { MixedAccessOptions } from "./mixed-access-options.js";

/** Call sites looked at when deciding whether every caller holds a lock; more make the answer "no". */
const MAX_CALL_SITES = 32;

/** Lock nesting is counted up to this depth; deeper nesting changes nothing. */
const MAX_DEPTH = 8;

/** Ids of the loops of a function whose body runs with a lock held (`WITH_QEMU_LOCK_GUARD(&m) { }`). */
export type GuardLoops = (fn: FunctionIR) => ReadonlySet<string>;

/**
 * Where a lock is held. Lock and unlock calls are matched by name only (which lock is not compared):
 * an event is under a lock when every path from the function's entry to it took more locks than it
 * released. A function is entered with a lock held when its name ends in `_locked` (QEMU's
 * convention) or when every call site of it in the project is itself under a lock.
 */
export class LockFacts {
  private readonly heldMaps = new WeakMap<FunctionIR, Map<boolean, ReadonlyMap<string, boolean>>>();
  private readonly entries = new WeakMap<FunctionIR, boolean>();

  constructor(
    private readonly scope: CodeScope,
    private readonly options: MixedAccessOptions,
    private readonly callDepth: number,
    private readonly guardLoops: GuardLoops,
  ) {}

  /** Whether the leaf event `eventId` of `fn` (an access or a call) always runs with a lock held. */
  isHeldAt(fn: FunctionIR, eventId: string): boolean {
    return this.heldMap(fn, this.entryHeld(fn)).get(eventId) === true;
  }

  /** Whether `fn` is always entered with a lock held. */
  entryHeld(fn: FunctionIR): boolean {
    let held = this.entries.get(fn);
    if (held === undefined) {
      held = this.entryHeldWithin(fn, this.callDepth, new Set([fn]));
      this.entries.set(fn, held);
    }
    return held;
  }

  private entryHeldWithin(fn: FunctionIR, depth: number, visiting: ReadonlySet<FunctionIR>): boolean {
    if (fn.name.endsWith("_locked")) return true;
    if (depth <= 0) return false;
    const sites = this.scope.callSitesOf(fn).filter((site) => !visiting.has(site.caller));
    if (sites.length === 0 || sites.length > MAX_CALL_SITES) return false;
    return sites.every(({ caller, call }) => {
      const callerHeld = this.entryHeldWithin(caller, depth - 1, new Set([...visiting, caller]));
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
      held = new LockWalk(this.options, this.guardLoops(fn)).run(fn.body, entryHeld ? 1 : 0);
      byEntry.set(entryHeld, held);
    }
    return held;
  }
}

/**
 * A walk over the structured IR with the number of locks held. Branch arms join with the minimum
 * (a lock must be held on every path); an arm that leaves (return, break, goto) does not join.
 */
class LockWalk {
  private readonly held = new Map<string, boolean>();

  constructor(private readonly options: MixedAccessOptions, private readonly guardLoops: ReadonlySet<string>) {}

  run(body: readonly IrEvent[], entryDepth: number): ReadonlyMap<string, boolean> {
    this.sequence(body, entryDepth);
    return this.held;
  }

  private record(id: string, depth: number): void {
    const known = this.held.get(id);
    this.held.set(id, (known ?? true) && depth > 0);
  }

  /** Returns the depth at the end of the sequence, or undefined when no path falls through it. */
  private sequence(events: readonly IrEvent[], entryDepth: number): number | undefined {
    let depth: number | undefined = entryDepth;
    let scopedGuards = 0;
    for (const event of events) {
      if (depth === undefined) {
        // Unreachable by falling through (after a return); a label may still lead here: walk it unlocked.
        depth = 0;
      }
      depth = this.event(event, depth, () => scopedGuards++);
    }
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
        if (this.options.scopedGuards.has(event.callee)) {
          addScopedGuard();
          return Math.min(MAX_DEPTH, depth + 1);
        }
        if (this.options.locks.has(event.callee)) return Math.min(MAX_DEPTH, depth + 1);
        if (this.options.unlocks.has(event.callee)) return Math.max(0, depth - 1);
        return depth;
      case "exit":
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
