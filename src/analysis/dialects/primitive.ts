import type { AccessOp, FenceKind } from "../ir/events.js";
import type { Order } from "../ir/order.js";
import type { MemoryOrder } from "./c11.js";

/** How a primitive names the location it accesses. */
export type AddressForm =
  /** `atomic_read(&s->x)`, `atomic_load_explicit(p, ...)`: the argument is a pointer to it. */
  | "pointer"
  /** `READ_ONCE(s->x)`: the argument is the location itself. */
  | "lvalue"
  /** `Atomics.load(view, index)`: argument 0 is a typed array, argument 1 the index. */
  | "typed-array";

export interface AccessPrimitive {
  kind: "access";
  op: AccessOp;
  order: Order;
  /** Index of the argument that designates the location. */
  addressArg: number;
  addressForm: AddressForm;
  /** Index of an argument holding a C11/GCC memory order that overrides `order`. */
  orderArg?: number;
  /** RMWs: the primitive is a full barrier for the accesses around it (Linux value-returning ops). */
  rmwIsFullBarrier?: boolean;
  returnsValue?: boolean;
  /**
   * `mb` forms: QEMU's mb read/set. The reference restricts them to types no wider than `int`;
   * the width rule reads this flag.
   */
  mbForm?: boolean;
  /** Floats are forbidden for this primitive in its dialect. */
  forbidsFloat?: boolean;
  /**
   * The primitive reaches memory outside the program (a guest's RAM through an address-space API):
   * its location is this pseudo key, named `<...>`, whatever its arguments say. Such keys never pair
   * inside the project; `externalPartners` says who holds their other side.
   */
  externalMemory?: string;
  /**
   * A queue macro (`QSLIST_INSERT_HEAD_ATOMIC(head, elm, field)`, `QLIST_EMPTY(head)`): the address
   * argument points to the list head, the location accessed. An insert also stores the element's
   * link first (a plain store of `Elem.field`); the link argument names a field, not a value.
   */
  queue?: QueueMacro;
}

export interface QueueMacro {
  /** Index of the element inserted. */
  elementArg?: number;
  /** Index of the argument naming the element's link field. */
  linkArg?: number;
}

export interface FencePrimitive {
  kind: "fence";
  fence: FenceKind;
  flavour?: "smp" | "mandatory" | "dma" | "virt";
  /** Index of a memory-order argument (`atomic_thread_fence(memory_order_acquire)`). */
  orderArg?: number;
}

export type Primitive = AccessPrimitive | FencePrimitive;

export type PrimitiveTable = Readonly<Record<string, Primitive>>;

export interface Dialect {
  id: string;
  description: string;
  primitives: PrimitiveTable;
  /**
   * Barrier names checkpatch-style comment checks apply to.
   */
  commentedBarriers: readonly string[];
  /**
   * Shared structures whose other side lives outside the project (a kernel, a guest, a device):
   * `"Type"` or `"Type.field"` -> who holds that side. A barrier ordering them has its partner there.
   */
  externalPartners?: Readonly<Record<string, string>>;
  /** What the dialect's code says about locks, beyond the names every dialect shares (`mixed-atomic-access`). */
  locking?: LockingFacts;
  /** The dialect's own names of memory orders (liburcu's `CMM_ACQUIRE`), read by primitives with an `orderArg`. */
  memoryOrders?: Readonly<Record<string, MemoryOrder>>;
  /**
   * Whether the dialect's code treats a plain access to a flag that barriers order as a data race,
   * as LKMM does (`linux`): a message-passing pair whose flag is plain is then judged by the model,
   * race and all. QEMU writes such flags between `smp_wmb()` and `smp_rmb()` throughout and leaves
   * them to `mixed-atomic-access`.
   */
  plainFlagRaces?: boolean;
}

/**
 * Facts about locks that the code states: which calls take and release one, and which calls and
 * annotations say that one is held. Names only; which lock is not compared.
 */
export interface LockingFacts {
  locks?: readonly string[];
  unlocks?: readonly string[];
  /** Calls that hold a lock until the end of their block (`QEMU_LOCK_GUARD(&m);`). */
  scopedGuards?: readonly string[];
  /** Block macros whose body runs with a lock held (`WITH_QEMU_LOCK_GUARD(&m) { }`). */
  guardBlocks?: readonly string[];
  /** Calls that state a lock is held from there on (`lockdep_assert_held(&m)`). */
  assertions?: readonly string[];
  /** Functions that say whether a lock is held (`bql_locked()`): asserted, the lock is held from there on. */
  heldPredicates?: readonly string[];
  /** Assertion macros, whose argument a held predicate may be (`assert(bql_locked())`). */
  assertMacros?: readonly string[];
  /** Function annotations that say the function is entered with a lock held (`TSA_REQUIRES(m)`, `__must_hold(m)`). */
  requiresAnnotations?: readonly string[];
}
