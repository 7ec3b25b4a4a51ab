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
  /** Nothing before it in this function, so the address may come from a caller: not judged. */
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
  return dependent ? { kind: "ok" } : { kind: "no-dependent-load", heads, after };
}

/** Loads of the point's own function (callee and caller accesses carry no dependency information). */
function localLoads(sides: readonly SideAccess[]): Access[] {
  return sides
    .filter((side) => side.context === "local" && side.access.op !== "store" && !side.crossesIteration)
    .map((side) => side.access)
    .sort((a, b) => a.site.range[0] - b.site.range[0]);
}

function byOrdinal(a: string, b: string): number {
  return Number(a.slice(a.lastIndexOf("#") + 1)) - Number(b.slice(b.lastIndexOf("#") + 1));
}
