import type { Access } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { Site } from "../ir/site.js";

/** What kind of ordering an ordering point provides. */
export type PointKind =
  | "wmb" | "rmb" | "mb" | "acquire-fence" | "release-fence" | "read-depends"
  | "release-store" | "seqcst-store" | "mb-store"
  | "acquire-load" | "consume-load" | "seqcst-load" | "mb-load"
  | "rmw" | "address-dependency";

/** A shared access seen from an ordering point, with how it was reached. */
export interface SideAccess {
  access: Access;
  /** The function holding the access. */
  fn: FunctionIR;
  /** Before the point, the point's own access, or after it. */
  position: "before" | "self" | "after";
  /** Reached in the point's own function, inside a callee, or in a caller around the call. */
  context: "local" | "callee" | "caller";
  /** Functions crossed to reach it, outermost first: `["aio_compute_timeout"]`. */
  via: readonly string[];
  /** Reached only by going around a loop (the access belongs to another iteration). */
  crossesIteration: boolean;
}

/** The two sides of one ordering role: what is ordered before the point against what comes after it. */
export interface OrderedSides {
  before: readonly SideAccess[];
  after: readonly SideAccess[];
}

/**
 * How strongly a point orders its earlier stores against its later loads (store buffering):
 * `full` for a full barrier, `rmw` for an atomic read-modify-write (which does not order the plain
 * accesses around it unless a before/after-rmw fence flanks it), `weak` for anything else.
 */
export interface StoreBufferingSide {
  stores: readonly SideAccess[];
  loads: readonly SideAccess[];
  strength: "full" | "rmw" | "weak";
  /** For `rmw`: which flanking fences exist. */
  flanks?: { before: boolean; after: boolean };
}

export interface OrderingPoint {
  /** Deterministic: `<file>::<function>::<event id>`. */
  id: string;
  kind: PointKind;
  /** How the point reads in messages: `smp_wmb()`, `qatomic_store_release(VirtQueue.idx)`. */
  label: string;
  /** The primitive used (`smp_wmb`, `qatomic_or`, a wrapper's name). */
  api: string;
  /**
   * Written as a barrier by the programmer (a fence, an acquire/release/consume/mb access, a flanked
   * RMW): reported when unpaired. Seq-cst accesses, plain RMWs and address dependencies are implicit.
   */
  explicit: boolean;
  /** `smp` unless a Linux mandatory/dma/virt barrier, whose partner is usually a device or a host. */
  flavour: "smp" | "mandatory" | "dma" | "virt";
  fn: FunctionIR;
  file: string;
  site: Site;
  /** The IR event the point stands for. */
  eventId: string;
  /**
   * Message passing, writer side: accesses before (stores; loads too for release-kind points)
   * ordered before the stores after (the flag; a release store is its own).
   */
  write?: OrderedSides;
  /**
   * Message passing, reader side: the loads before (the flag; an acquire load is its own) ordered
   * before the accesses after (loads; stores too for acquire-kind points).
   */
  read?: OrderedSides;
  storeBuffering?: StoreBufferingSide;
  /**
   * Plain accesses on the far side of a one-way point, which it does not order: those after a release
   * store, those before an acquire load. A partner that loads (or stores) them on its ordered side
   * makes them misplaced: `Atomics.store(head); slots[i] = v;`.
   */
  unordered?: Partial<OrderedSides>;
}

export function isStore(side: SideAccess): boolean {
  return side.access.op !== "load";
}

export function isLoad(side: SideAccess): boolean {
  return side.access.op !== "store";
}
