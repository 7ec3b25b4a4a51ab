import type { ResolvedDialect } from "../dialects/registry.js";
import type { Access, IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { OrderingPoint } from "../pairing/ordering-point.js";
import { KeyCounter } from "./key-counter.js";

/** An access that publishes (mb set, release store) or waits for (mb read, acquire load) a variable. */
export interface Trigger {
  access: Access;
  fn: FunctionIR;
  side: "set" | "read";
}

/** What one file contributes to the project-wide picture of matched stores and loads. */
export interface FileFacts {
  file: string;
  /** Loads some read-side ordering point orders (acquire/mb/consume loads themselves, loads before a read barrier). */
  orderedLoads: KeyCounter;
  /** Stores some write-side ordering point orders (release/mb stores themselves, stores after a write barrier). */
  orderedStores: KeyCounter;
  triggers: Trigger[];
}

/**
 * The facts of one file, from its ordering points and its functions. An mb set's trailing full
 * barrier is not counted as ordering the stores and loads around it: the reference gives a second
 * definition of the mb forms (`smp_mb_release(); atomic_set()` with the full barrier moved into the
 * read), under which it does not exist, and code must be correct under both.
 */
export function fileFacts(file: string, points: readonly OrderingPoint[], functions: readonly FunctionIR[], dialect: ResolvedDialect): FileFacts {
  const orderedLoads = new KeyCounter();
  const orderedStores = new KeyCounter();
  for (const point of points) {
    if (point.kind === "mb-store") {
      const own = ownKey(point);
      if (own !== undefined) orderedStores.add(own);
      continue;
    }
    for (const side of point.read?.before ?? []) if (side.access.op !== "store") orderedLoads.add(side.access.key.id);
    for (const side of point.write?.after ?? []) if (side.access.op !== "load") orderedStores.add(side.access.key.id);
  }
  const triggers: Trigger[] = [];
  for (const fn of functions) {
    for (const access of accessesOf(fn.body)) {
      // A wrapper such as `my_mb_set(int *p, int v)` accesses whatever its callers pass: no variable of its own.
      if (fn.isPrimitiveWrapper && access.key.id.startsWith("*")) continue;
      const side = triggerSide(access, dialect);
      if (side) triggers.push({ access, fn, side });
    }
  }
  return { file, orderedLoads, orderedStores, triggers };
}

/** mb sets and release stores publish; mb reads and acquire loads wait. Linux's smp_store_mb() is a store then a full barrier, not a publication. */
function triggerSide(access: Access, dialect: ResolvedDialect): Trigger["side"] | undefined {
  if (access.op === "store") {
    if (access.order === "release") return "set";
    if (access.order === "mb") {
      const primitive = dialect.primitives.get(access.api);
      return primitive?.kind === "access" && primitive.mbForm ? "set" : undefined;
    }
    return undefined;
  }
  if (access.op === "load" && (access.order === "acquire" || access.order === "mb")) return "read";
  return undefined;
}

function ownKey(point: OrderingPoint): string | undefined {
  const self = point.write?.after.find((side) => side.position === "self");
  return self?.access.key.id;
}

export function accessesOf(events: readonly IrEvent[]): Access[] {
  const found: Access[] = [];
  const visit = (list: readonly IrEvent[]) => {
    for (const event of list) {
      if (event.kind === "access") found.push(event);
      else if (event.kind === "loop") visit(event.body);
      else if (event.kind === "branch") for (const arm of event.arms) visit(arm);
    }
  };
  visit(events);
  return found;
}
