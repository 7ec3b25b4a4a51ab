/**
 * Builds one thread's trace event by event. The litmus reader and the skeleton
 * converter both use it, so an RMW or a dependency means the same in both.
 */
import type { AccessOrder, FenceKind, ThreadTrace, TraceEvent, Value } from "./events.js";

/** Orderings an RMW can carry; "full" is the kernel's fully ordered form (xchg, atomic_inc_return). */
export type RmwOrder = "full" | "once" | "acquire" | "release" | "sc" | "acq_rel";

export interface DependencySources {
  /** Indices of earlier reads in this thread. */
  readonly addr?: readonly number[];
  readonly data?: readonly number[];
}

export class ThreadTraceBuilder {
  readonly events: TraceEvent[] = [];
  readonly addr: [number, number][] = [];
  readonly data: [number, number][] = [];
  readonly ctrl: [number, number][] = [];
  /** Reads whose value decides whether the events now being added execute (enclosing branches). */
  private ctrlSources: ReadonlySet<number> = new Set<number>();
  readonly regs = new Map<string, Value>();

  private push(e: TraceEvent, deps?: DependencySources): number {
    const index = this.events.length;
    this.events.push(e);
    for (const from of deps?.addr ?? []) this.addr.push([from, index]);
    for (const from of deps?.data ?? []) this.data.push([from, index]);
    for (const from of this.ctrlSources) this.ctrl.push([from, index]);
    return index;
  }

  read(loc: string, order: AccessOrder, value: Value | undefined, label: string, deps?: DependencySources, reg?: string): number {
    return this.push({ kind: "R", loc, order, value, label, ...(reg ? { reg } : {}) }, deps);
  }

  write(loc: string, order: AccessOrder, value: Value, label: string, deps?: DependencySources): number {
    return this.push({ kind: "W", loc, order, value, label }, deps);
  }

  fence(fence: FenceKind, label: string): number {
    return this.push({ kind: "F", fence, label });
  }

  /**
   * A read-modify-write. With written === undefined the RMW failed (a cmpxchg
   * that did not match): only its read happens and it carries no ordering.
   */
  rmw(loc: string, order: RmwOrder, readValue: Value | undefined, written: Value | undefined, label: string, opts: { deps?: DependencySources; noReturn?: boolean; reg?: string } = {}): number {
    if (written === undefined) {
      return this.push({ kind: "R", loc, order: "once", value: readValue, failedRmw: true, label, ...(opts.reg ? { reg: opts.reg } : {}) }, opts.deps);
    }
    if (order === "full") this.fence("mb", `${label} (implied smp_mb before)`);
    const readOrder: AccessOrder = order === "acquire" || order === "acq_rel" ? "acquire" : order === "sc" ? "sc" : "once";
    const writeOrder: AccessOrder = order === "release" || order === "acq_rel" ? "release" : order === "sc" ? "sc" : "once";
    const r = this.events.length;
    this.push({ kind: "R", loc, order: order === "acq_rel" ? "acq_rel" : readOrder, value: readValue, rmwWrite: r + 1, label, ...(opts.noReturn ? { noReturn: true } : {}), ...(opts.reg ? { reg: opts.reg } : {}) }, opts.deps);
    this.push({ kind: "W", loc, order: order === "acq_rel" ? "acq_rel" : writeOrder, value: written, label }, { data: opts.deps?.data ?? [] });
    if (order === "full") this.fence("mb", `${label} (implied smp_mb after)`);
    return r;
  }

  /**
   * spin_lock(): as lock.cat has it, an acquire read that sees the lock free (0)
   * and the write that takes it (1), paired like an RMW.
   */
  lock(loc: string, label: string): number {
    const r = this.events.length;
    this.push({ kind: "R", loc, order: "acquire", value: 0, rmwWrite: r + 1, lock: "LKR", label });
    this.push({ kind: "W", loc, order: "once", value: 1, lock: "LKW", label });
    return r;
  }

  /** spin_unlock(): a release write that frees the lock. */
  unlock(loc: string, label: string): number {
    return this.push({ kind: "W", loc, order: "release", value: 0, lock: "UL", label });
  }

  /**
   * Events added by `body` are control-dependent on these reads. As in herd7, the
   * dependency covers the branch's own events, not those after it rejoins.
   */
  underBranch(reads: Iterable<number>, body: () => void): void {
    const outer = this.ctrlSources;
    this.ctrlSources = new Set([...outer, ...reads]);
    try {
      body();
    } finally {
      this.ctrlSources = outer;
    }
  }

  build(): ThreadTrace {
    return { events: [...this.events], addr: [...this.addr], data: [...this.data], ctrl: [...this.ctrl], regs: new Map(this.regs) };
  }
}
