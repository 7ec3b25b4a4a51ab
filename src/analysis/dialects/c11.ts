import { fence, load, rmw, store } from "./build-table.js";
import type { Dialect, Primitive } from "./primitive.js";

const C11_FETCH = ["add", "sub", "and", "or", "xor"] as const;
const GCC_FETCH = ["add", "sub", "and", "or", "xor", "nand"] as const;

/** `<stdatomic.h>` generic functions. Their seq-cst RMWs order only themselves for plain accesses. */
function c11Primitives(): Record<string, Primitive> {
  const table: Record<string, Primitive> = {
    atomic_load: load("seqcst"),
    atomic_load_explicit: load("seqcst", "pointer", { orderArg: 1 }),
    atomic_store: store("seqcst"),
    atomic_store_explicit: store("seqcst", "pointer", { orderArg: 2 }),
    atomic_exchange: rmw("seqcst", { returnsValue: true }),
    atomic_exchange_explicit: rmw("seqcst", { returnsValue: true, orderArg: 2 }),
    atomic_compare_exchange_strong: rmw("seqcst", { returnsValue: true }),
    atomic_compare_exchange_weak: rmw("seqcst", { returnsValue: true }),
    atomic_compare_exchange_strong_explicit: rmw("seqcst", { returnsValue: true, orderArg: 3 }),
    atomic_compare_exchange_weak_explicit: rmw("seqcst", { returnsValue: true, orderArg: 3 }),
    atomic_flag_test_and_set: rmw("seqcst", { returnsValue: true }),
    atomic_flag_test_and_set_explicit: rmw("seqcst", { returnsValue: true, orderArg: 1 }),
    atomic_flag_clear: store("seqcst"),
    atomic_flag_clear_explicit: store("seqcst", "pointer", { orderArg: 1 }),
    atomic_thread_fence: fence("mb", { orderArg: 0 }),
    atomic_signal_fence: fence("compiler"),
  };
  for (const operation of C11_FETCH) {
    table[`atomic_fetch_${operation}`] = rmw("seqcst", { returnsValue: true });
    table[`atomic_fetch_${operation}_explicit`] = rmw("seqcst", { returnsValue: true, orderArg: 2 });
  }
  return table;
}

/** GCC `__atomic_*` and legacy `__sync_*` builtins; `__sync_*` RMWs are documented as full barriers. */
function gccBuiltinPrimitives(): Record<string, Primitive> {
  const table: Record<string, Primitive> = {
    __atomic_load_n: load("seqcst", "pointer", { orderArg: 1 }),
    __atomic_load: load("seqcst", "pointer", { orderArg: 2 }),
    __atomic_store_n: store("seqcst", "pointer", { orderArg: 2 }),
    __atomic_store: store("seqcst", "pointer", { orderArg: 2 }),
    __atomic_exchange_n: rmw("seqcst", { returnsValue: true, orderArg: 2 }),
    __atomic_exchange: rmw("seqcst", { returnsValue: true, orderArg: 3 }),
    __atomic_compare_exchange_n: rmw("seqcst", { returnsValue: true, orderArg: 4 }),
    __atomic_compare_exchange: rmw("seqcst", { returnsValue: true, orderArg: 4 }),
    __atomic_test_and_set: rmw("seqcst", { returnsValue: true, orderArg: 1 }),
    __atomic_clear: store("seqcst", "pointer", { orderArg: 1 }),
    __atomic_thread_fence: fence("mb", { orderArg: 0 }),
    __atomic_signal_fence: fence("compiler"),
    __sync_synchronize: fence("mb"),
    __sync_lock_test_and_set: rmw("acquire", { returnsValue: true }),
    __sync_lock_release: store("release"),
    __sync_val_compare_and_swap: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    __sync_bool_compare_and_swap: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
  };
  for (const operation of GCC_FETCH) {
    table[`__atomic_fetch_${operation}`] = rmw("seqcst", { returnsValue: true, orderArg: 2 });
    table[`__atomic_${operation}_fetch`] = rmw("seqcst", { returnsValue: true, orderArg: 2 });
    table[`__sync_fetch_and_${operation}`] = rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true });
    table[`__sync_${operation}_and_fetch`] = rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true });
  }
  return table;
}

export const c11Dialect: Dialect = {
  id: "c11",
  description: "C11 <stdatomic.h> generic functions and atomic_thread_fence",
  primitives: c11Primitives(),
  commentedBarriers: ["atomic_thread_fence"],
};

export const gccBuiltinsDialect: Dialect = {
  id: "gcc",
  description: "GCC __atomic_* and __sync_* builtins",
  primitives: gccBuiltinPrimitives(),
  commentedBarriers: ["__atomic_thread_fence", "__sync_synchronize"],
};

/** A memory-order argument as the IR reads it: relaxed is "once", acq_rel splits by operation. */
export type MemoryOrder = "once" | "consume" | "acquire" | "release" | "acq_rel" | "seqcst";

/** The orders as C spells them (`memory_order_<name>`), the names `settings.barriers.memoryOrders` maps to. */
export const C_MEMORY_ORDER_NAMES = ["relaxed", "consume", "acquire", "release", "acq_rel", "seq_cst"] as const;
export type CMemoryOrderName = (typeof C_MEMORY_ORDER_NAMES)[number];

export const MEMORY_ORDER_OF_C_NAME: Readonly<Record<CMemoryOrderName, MemoryOrder>> = {
  relaxed: "once", consume: "consume", acquire: "acquire", release: "release", acq_rel: "acq_rel", seq_cst: "seqcst",
};

/** C11 and GCC names of memory orders, mapped to the IR's orders; every dialect reads them. */
export const MEMORY_ORDERS: Readonly<Record<string, MemoryOrder>> = {
  memory_order_relaxed: "once", __ATOMIC_RELAXED: "once",
  memory_order_consume: "consume", __ATOMIC_CONSUME: "consume",
  memory_order_acquire: "acquire", __ATOMIC_ACQUIRE: "acquire",
  memory_order_release: "release", __ATOMIC_RELEASE: "release",
  memory_order_acq_rel: "acq_rel", __ATOMIC_ACQ_REL: "acq_rel",
  memory_order_seq_cst: "seqcst", __ATOMIC_SEQ_CST: "seqcst",
};
