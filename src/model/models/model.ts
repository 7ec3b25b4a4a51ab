/** What a memory model provides: which events it understands, and its axioms. */
import type { TraceEvent } from "../events.js";
import type { ExecEvent, Execution } from "../execution.js";
import { EventSet, Relation } from "../relation.js";

export interface Judgement {
  /** Every axiom holds. */
  readonly consistent: boolean;
  /** The first axiom that failed, by its name in the model. */
  readonly failedAxiom?: string;
  /** A data race between plain (non-atomic) accesses in this execution. */
  readonly race: boolean;
}

export interface MemoryModel {
  readonly name: "lkmm" | "c11" | "js";
  /** Whether a data race makes the whole program's behaviour undefined (LKMM, C11) or not (JS). */
  readonly raceIsUndefined: boolean;
  /** Why this model cannot judge an event, or undefined when it can. */
  unsupported(e: TraceEvent): string | undefined;
  judge(x: Execution): Judgement;
}

export function eventsWhere(x: Execution, pred: (e: ExecEvent) => boolean): EventSet {
  return EventSet.where(x.size, (i) => pred(x.events[i]!));
}

/** herd's fencerel(S) = (po & (_ * S)) ; po */
export function fencerel(x: Execution, fences: EventSet): Relation {
  return x.po.restrict(null, fences).seq(x.po);
}
