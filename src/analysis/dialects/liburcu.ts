import { fence, load, rmw, store } from "./build-table.js";
import type { AccessPrimitive, Dialect, Primitive } from "./primitive.js";

/** `uatomic_*` read-modify-writes: (address, operand[, memory order]); `_mo` forms take the order always. */
const UATOMIC_VOID_RMWS = ["add", "sub", "inc", "dec", "and", "or"] as const;
const UATOMIC_RETURNING_RMWS = ["add_return", "sub_return", "xchg"] as const;

/** The memory order argument of each operation: after the address and its operands. */
const ORDER_ARG: Readonly<Record<string, number>> = {
  load: 1, read: 1, store: 2, set: 2, inc: 1, dec: 1, add: 2, sub: 2, and: 2, or: 2,
  add_return: 2, sub_return: 2, xchg: 2, cmpxchg: 3,
};

/**
 * Userspace RCU's uatomic API (urcu/uatomic/api.h). Without a memory order, a load or store is relaxed,
 * `uatomic_and()` is sequentially consistent and the other void RMWs are relaxed; the value-returning
 * RMWs default to CMM_SEQ_CST_FENCE, a full barrier around them.
 */
function uatomicPrimitives(): Record<string, Primitive> {
  const table: Record<string, Primitive> = {};
  const withOrder = (name: string, primitive: AccessPrimitive) => {
    table[`uatomic_${name}`] = { ...primitive, orderArg: ORDER_ARG[name] };
    table[`uatomic_${name}_mo`] = { ...primitive, orderArg: ORDER_ARG[name] };
  };
  withOrder("load", load("once"));
  withOrder("read", load("once"));
  withOrder("store", store("once"));
  withOrder("set", store("once"));
  for (const operation of UATOMIC_VOID_RMWS) withOrder(operation, rmw(operation === "and" ? "seqcst" : "once"));
  for (const operation of UATOMIC_RETURNING_RMWS) withOrder(operation, rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }));
  withOrder("cmpxchg", rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }));
  return table;
}

export const liburcuDialect: Dialect = {
  id: "liburcu",
  description: "Userspace RCU (cmm_smp_*mb, CMM_LOAD_SHARED/CMM_STORE_SHARED, uatomic_*, rcu_dereference/rcu_assign_pointer)",
  primitives: {
    cmm_smp_mb: fence("mb"),
    cmm_smp_rmb: fence("rmb"),
    cmm_smp_wmb: fence("wmb"),
    cmm_mb: fence("mb", { flavour: "mandatory" }),
    cmm_rmb: fence("rmb", { flavour: "mandatory" }),
    cmm_wmb: fence("wmb", { flavour: "mandatory" }),
    cmm_smp_read_barrier_depends: fence("read-depends"),
    cmm_barrier: fence("compiler"),
    CMM_LOAD_SHARED: load("once", "lvalue"),
    CMM_STORE_SHARED: store("once", "lvalue"),
    CMM_ACCESS_ONCE: load("once", "lvalue"),
    rcu_dereference: load("consume", "lvalue"),
    rcu_assign_pointer: store("release", "lvalue"),
    rcu_set_pointer: store("release"),
    rcu_xchg_pointer: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    rcu_cmpxchg_pointer: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    // The out-of-line forms of the pointer API (urcu/pointer.h), which a program may call by these names;
    // naming them makes their own bodies primitive implementations, not uses.
    rcu_dereference_sym: load("consume", "lvalue"),
    rcu_set_pointer_sym: store("release"),
    rcu_xchg_pointer_sym: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    rcu_cmpxchg_pointer_sym: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    urcu_bp_dereference_sym: load("consume", "lvalue"),
    urcu_bp_set_pointer_sym: store("release"),
    urcu_bp_xchg_pointer_sym: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    urcu_bp_cmpxchg_pointer_sym: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    ...uatomicPrimitives(),
    cmm_smp_mb__before_uatomic_add: fence("before-rmw"),
    cmm_smp_mb__after_uatomic_add: fence("after-rmw"),
    cmm_smp_mb__before_uatomic_inc: fence("before-rmw"),
    cmm_smp_mb__after_uatomic_inc: fence("after-rmw"),
    cmm_smp_mb__before_uatomic_dec: fence("before-rmw"),
    cmm_smp_mb__after_uatomic_dec: fence("after-rmw"),
    cmm_smp_mb__before_uatomic_or: fence("before-rmw"),
    cmm_smp_mb__after_uatomic_or: fence("after-rmw"),
    cmm_smp_mb__before_uatomic_and: fence("before-rmw"),
    cmm_smp_mb__after_uatomic_and: fence("after-rmw"),
  },
  commentedBarriers: ["cmm_smp_mb", "cmm_smp_rmb", "cmm_smp_wmb", "cmm_mb", "cmm_rmb", "cmm_wmb"],
  // enum cmm_memorder; CMM_SEQ_CST_FENCE is sequentially consistent with a full barrier after the operation.
  memoryOrders: {
    CMM_RELAXED: "once", CMM_CONSUME: "consume", CMM_ACQUIRE: "acquire", CMM_RELEASE: "release", CMM_ACQ_REL: "acq_rel",
    CMM_SEQ_CST: "seqcst", CMM_SEQ_CST_FENCE: "seqcst",
  },
};
