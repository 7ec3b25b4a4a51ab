import type { Access } from "../ir/events.js";
import type { OrderingPoint, SideAccess } from "../pairing/ordering-point.js";
import { functionDependencies } from "./dependency-closure.js";

/** What a `smp_read_barrier_depends()` orders, judged from the loads on both of its sides. */
export type ReadDependsVerdict =
  /** Some load after it is computed from a load before it, and none depends on one by control only. */
  | { kind: "ok" }
  /** Loads after it that depend on a load before it only through a condition. */
  | { kind: "control"; loads: ControlDependentLoad[] }
  /** No load after it depends on a load before it (or there is no load after it at all). */
  | { kind: "no-dependent-load"; heads: Access[]; after: Access[] }
  /**
   * Not judged: nothing before it in this function (the address may come from a caller), or a load
   * after it goes through a pointer of unknown origin (a parameter, a macro's or a call's result).
   */
  | { kind: "unknown" };

export interface ControlDependentLoad {
  load: Access;
  /** The load before the barrier whose value the condition read. */
  head: Access;
}

/**
 * Judges a read-depends fence by the dependencies of its function's loads. The reference: "the first
 * load really has to have a _data_ dependency and not a control dependency", otherwise "a full read
 * barrier or better is required".
 */
export function judgeReadDepends(point: OrderingPoint): ReadDependsVerdict {
  const heads = localLoads(point.read?.before ?? []);
  const after = localLoads(point.read?.after ?? []);
  if (heads.length === 0 && after.length > 0) return { kind: "unknown" };
  const dependencies = functionDependencies(point.fn);
  const headIds = new Set(heads.map((head) => head.id));
  const control: ControlDependentLoad[] = [];
  let dependent = false;
  for (const load of after) {
    const closure = dependencies.closureOf(load);
    if ([...closure.data].some((id) => headIds.has(id))) {
      dependent = true;
      continue;
    }
    const headId = [...closure.control].filter((id) => headIds.has(id)).sort(byOrdinal).at(-1);
    const head = headId === undefined ? undefined : dependencies.access(headId);
    if (head) control.push({ load, head });
  }
  if (control.length > 0) return { kind: "control", loads: control };
  if (dependent) return { kind: "ok" };
  return after.some(hasUnknownAddress) ? { kind: "unknown" } : { kind: "no-dependent-load", heads, after };
}

/** Loads of the point's own function (callee and caller accesses carry no dependency information). */
function localLoads(sides: readonly SideAccess[]): Access[] {
  return sides
    .filter((side) => side.context === "local" && side.access.op !== "store" && !side.crossesIteration)
    .map((side) => side.access)
    .sort((a, b) => a.site.range[0] - b.site.range[0]);
}

/**
 * A load through a pointer (`p->f`, `*p`, `p[i]`) whose address depends on no load the function
 * made: the pointer is a parameter or comes from a call or a macro (`QSIMPLEQ_FIRST()`), which the IR
 * does not follow, so it may well come from the load before the barrier.
 */
function hasUnknownAddress(load: Access): boolean {
  const throughPointer = !/^(?:[\w.-]+::)?[A-Za-z_]\w*$/u.test(load.key.id);
  return throughPointer && !load.dependsOn.some((dependency) => dependency.via !== "control");
}

function byOrdinal(a: string, b: string): number {
  return Number(a.slice(a.lastIndexOf("#") + 1)) - Number(b.slice(b.lastIndexOf("#") + 1));
}
