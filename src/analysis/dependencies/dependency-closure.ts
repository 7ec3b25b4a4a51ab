import type { Access, IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { getOrCreate } from "../memo.js";

/**
 * The loads an access depends on, per kind, followed through earlier loads: `q = p->next; q->val`
 * makes the load of `val` depend on the load of `p` through its address, and `if (q) x = a` makes the
 * load of `a` depend on `p` by control, since `q`'s value comes from `p`.
 */
export interface DependencyClosure {
  /** Loads whose value the access's address (or stored value) is computed from, directly or not. */
  data: ReadonlySet<string>;
  /** Loads that only decide whether the access happens (a condition on their value). */
  control: ReadonlySet<string>;
}

const EMPTY: DependencyClosure = { data: new Set(), control: new Set() };

/** Closures of every access of one function, computed once per FunctionIR object. */
export class FunctionDependencies {
  private readonly accesses = new Map<string, Access>();
  private readonly closures = new Map<string, DependencyClosure>();

  constructor(fn: FunctionIR) {
    collect(fn.body, this.accesses);
  }

  access(id: string): Access | undefined {
    return this.accesses.get(id);
  }

  closureOf(access: Access): DependencyClosure {
    return this.closure(access.id, new Set());
  }

  private closure(id: string, visiting: Set<string>): DependencyClosure {
    const known = this.closures.get(id);
    if (known) return known;
    const access = this.accesses.get(id);
    if (!access || visiting.has(id)) return EMPTY;
    visiting.add(id);
    const data = new Set<string>();
    const control = new Set<string>();
    for (const dependency of access.dependsOn) {
      const source = this.closure(dependency.loadId, visiting);
      if (dependency.via === "control") {
        // Whatever the condition's value was computed from also only controls this access.
        control.add(dependency.loadId);
        for (const id of source.data) control.add(id);
        for (const id of source.control) control.add(id);
      } else {
        data.add(dependency.loadId);
        for (const id of source.data) data.add(id);
        for (const id of source.control) control.add(id);
      }
    }
    for (const id of data) control.delete(id);
    visiting.delete(id);
    const result: DependencyClosure = { data, control };
    this.closures.set(id, result);
    return result;
  }
}

const perFunction = new WeakMap<FunctionIR, FunctionDependencies>();

export function functionDependencies(fn: FunctionIR): FunctionDependencies {
  return getOrCreate(perFunction, fn, () => new FunctionDependencies(fn));
}

function collect(events: readonly IrEvent[], into: Map<string, Access>): void {
  for (const event of events) {
    if (event.kind === "access") into.set(event.id, event);
    else if (event.kind === "loop") collect(event.body, into);
    else if (event.kind === "branch") for (const arm of event.arms) collect(arm, into);
  }
}
