/**
 * The vocabulary of the model: values, orderings, fences, and the events of one
 * thread's trace. A trace is one path through a thread with the value of every
 * read decided (or left open), which is what both the litmus reader and the
 * skeletons built from real code produce.
 */

/** A number, or the address of a named location. */
export type Value = number | { readonly addressOf: string };

/** Ordering of one access. "once" is READ_ONCE/WRITE_ONCE and C11 relaxed alike. */
export type AccessOrder = "plain" | "once" | "acquire" | "release" | "acq_rel" | "sc" | "consume";

export type FenceKind =
  /** smp_mb(); C11 has no such fence, it maps seq_cst fences to "sc". */
  | "mb"
  | "wmb"
  | "rmb"
  /** smp_mb__before_atomic() / smp_mb__before_rmw(): a full barrier with the next RMW. */
  | "before-atomic"
  /** smp_mb__after_atomic() / smp_mb__after_rmw(): a full barrier with the previous RMW. */
  | "after-atomic"
  /** smp_mb__after_spinlock(): a full barrier after the previous lock acquisition. */
  | "after-spinlock"
  /** barrier(): orders the compiler only; no hardware ordering. */
  | "barrier"
  /** atomic_thread_fence(memory_order_*) */
  | "acquire"
  | "release"
  | "acq_rel"
  | "sc";

export type EventKind = "R" | "W" | "F";

/** One event of a thread trace; indices into the thread's event list link the parts. */
export interface TraceEvent {
  readonly kind: EventKind;
  readonly loc?: string;
  /** For W the value written; for R the value the path assumed, or undefined for "any". */
  readonly value?: Value;
  readonly order?: AccessOrder;
  readonly fence?: FenceKind;
  /** On the read half of an RMW: the index of its write half. */
  readonly rmwWrite?: number;
  /** Read half of an RMW whose result is not used (atomic_inc): smp_rmb does not order it. */
  readonly noReturn?: boolean;
  /** Spinlock events: the lock's read and write (spin_lock) and the unlock (spin_unlock). */
  readonly lock?: "LKR" | "LKW" | "UL";
  /** Read of an RMW that did not write (failed cmpxchg). */
  readonly failedRmw?: boolean;
  /** Register that receives a read's value, if any. */
  readonly reg?: string;
  /** Source text, for witnesses. */
  readonly label: string;
}

export interface ThreadTrace {
  readonly events: readonly TraceEvent[];
  /** Dependencies as [from read index, to event index] pairs within the thread. */
  readonly addr: readonly (readonly [number, number])[];
  readonly data: readonly (readonly [number, number])[];
  readonly ctrl: readonly (readonly [number, number])[];
  /** Final register values of this path. */
  readonly regs: ReadonlyMap<string, Value>;
  /** Set when the path stops short: why it cannot go on (its events are the prefix before that). */
  readonly stuck?: string;
}

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === "number" || typeof b === "number") return a === b;
  return a.addressOf === b.addressOf;
}

export function showValue(v: Value | undefined): string {
  if (v === undefined) return "?";
  return typeof v === "number" ? String(v) : v.addressOf;
}

export function isMarked(order: AccessOrder | undefined): boolean {
  return order !== undefined && order !== "plain";
}
