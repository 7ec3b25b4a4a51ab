import { fence, load, rmw, store } from "./build-table.js";
import type { AccessPrimitive, Dialect, LockingFacts, Primitive } from "./primitive.js";

const ATOMIC_TYPES = ["atomic_", "atomic64_", "atomic_long_"] as const;
/** Operations that take the value first and the atomic_t second: `atomic_add(i, v)`. */
const VALUE_FIRST = ["add", "sub", "and", "or", "xor", "andnot"] as const;
const ORDERING_SUFFIXES: readonly [string, Partial<AccessPrimitive>][] = [
  ["", { order: "seqcst", rmwIsFullBarrier: true }],
  ["_relaxed", { order: "once", rmwIsFullBarrier: false }],
  ["_acquire", { order: "acquire", rmwIsFullBarrier: false }],
  ["_release", { order: "release", rmwIsFullBarrier: false }],
];

/**
 * The kernel's atomic_t API: void RMWs are unordered, value-returning ones are full barriers unless a
 * `_relaxed`, `_acquire` or `_release` suffix says otherwise (Documentation/atomic_t.txt).
 */
function atomicTypeOperations(): Record<string, Primitive> {
  const table: Record<string, Primitive> = {};
  for (const type of ATOMIC_TYPES) {
    table[`${type}read`] = load("once");
    table[`${type}set`] = store("once");
    table[`${type}read_acquire`] = load("acquire");
    table[`${type}set_release`] = store("release");
    for (const operation of [...VALUE_FIRST, "inc", "dec"]) {
      const addressArg = (VALUE_FIRST as readonly string[]).includes(operation) ? 1 : 0;
      table[`${type}${operation}`] = rmw("once", { addressArg, rmwIsFullBarrier: false });
      for (const [suffix, ordering] of ORDERING_SUFFIXES) {
        const returning = { addressArg, returnsValue: true, ...ordering };
        table[`${type}fetch_${operation}${suffix}`] = rmw("seqcst", returning);
        if (operation !== "and" && operation !== "or" && operation !== "xor" && operation !== "andnot") {
          table[`${type}${operation}_return${suffix}`] = rmw("seqcst", returning);
        }
      }
    }
    for (const [suffix, ordering] of ORDERING_SUFFIXES) {
      table[`${type}xchg${suffix}`] = rmw("seqcst", { returnsValue: true, ...ordering });
      table[`${type}cmpxchg${suffix}`] = rmw("seqcst", { returnsValue: true, ...ordering });
      table[`${type}try_cmpxchg${suffix}`] = rmw("seqcst", { returnsValue: true, ...ordering });
    }
    const fullyOrdered = { returnsValue: true, rmwIsFullBarrier: true };
    table[`${type}inc_and_test`] = rmw("seqcst", fullyOrdered);
    table[`${type}dec_and_test`] = rmw("seqcst", fullyOrdered);
    table[`${type}sub_and_test`] = rmw("seqcst", { ...fullyOrdered, addressArg: 1 });
    table[`${type}add_negative`] = rmw("seqcst", { ...fullyOrdered, addressArg: 1 });
    table[`${type}add_unless`] = rmw("seqcst", fullyOrdered);
    table[`${type}inc_not_zero`] = rmw("seqcst", fullyOrdered);
  }
  return table;
}

/** Lockdep's assertions, the predicates `WARN_ON(!...)` tests, guards, and sparse's `__must_hold()`. */
const LINUX_LOCKING: LockingFacts = {
  assertions: [
    "lockdep_assert_held", "lockdep_assert_held_write", "lockdep_assert_held_read", "lockdep_assert_held_once",
    "lockdep_assert_locked", "assert_spin_locked", "assert_raw_spin_locked",
  ],
  heldPredicates: ["lockdep_is_held", "spin_is_locked", "mutex_is_locked", "rwsem_is_locked"],
  assertMacros: ["lockdep_assert"],
  requiresAnnotations: ["__must_hold"],
};

export const linuxDialect: Dialect = {
  id: "linux",
  description: "Linux kernel primitives (READ_ONCE/WRITE_ONCE, smp_load_acquire, atomic_t, {,smp_,dma_,virt_}{r,w,}mb)",
  // LKMM: a plain flag between smp_wmb() and smp_rmb() is a data race.
  plainFlagRaces: true,
  primitives: {
    READ_ONCE: load("once", "lvalue"),
    WRITE_ONCE: store("once", "lvalue"),
    smp_load_acquire: load("acquire"),
    smp_store_release: store("release"),
    smp_cond_load_acquire: load("acquire"),
    smp_cond_load_relaxed: load("once"),
    rcu_dereference: load("consume", "lvalue"),
    rcu_dereference_raw: load("consume", "lvalue"),
    rcu_dereference_check: load("consume", "lvalue"),
    rcu_dereference_protected: load("once", "lvalue"),
    srcu_dereference: load("consume", "lvalue"),
    rcu_access_pointer: load("once", "lvalue"),
    rcu_assign_pointer: store("release", "lvalue"),
    RCU_INIT_POINTER: store("once", "lvalue"),
    smp_store_mb: store("mb", "lvalue"),
    xchg: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    cmpxchg: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    try_cmpxchg: rmw("seqcst", { returnsValue: true, rmwIsFullBarrier: true }),
    xchg_relaxed: rmw("once", { returnsValue: true }),
    cmpxchg_relaxed: rmw("once", { returnsValue: true }),
    cmpxchg_acquire: rmw("acquire", { returnsValue: true }),
    cmpxchg_release: rmw("release", { returnsValue: true }),
    set_bit: rmw("once", { addressArg: 1 }),
    clear_bit: rmw("once", { addressArg: 1 }),
    change_bit: rmw("once", { addressArg: 1 }),
    test_and_set_bit: rmw("seqcst", { addressArg: 1, returnsValue: true, rmwIsFullBarrier: true }),
    test_and_clear_bit: rmw("seqcst", { addressArg: 1, returnsValue: true, rmwIsFullBarrier: true }),
    test_and_change_bit: rmw("seqcst", { addressArg: 1, returnsValue: true, rmwIsFullBarrier: true }),
    test_and_set_bit_lock: rmw("acquire", { addressArg: 1, returnsValue: true }),
    clear_bit_unlock: rmw("release", { addressArg: 1 }),
    ...atomicTypeOperations(),
    smp_mb: fence("mb"),
    smp_rmb: fence("rmb"),
    smp_wmb: fence("wmb"),
    mb: fence("mb", { flavour: "mandatory" }),
    rmb: fence("rmb", { flavour: "mandatory" }),
    wmb: fence("wmb", { flavour: "mandatory" }),
    dma_rmb: fence("rmb", { flavour: "dma" }),
    dma_wmb: fence("wmb", { flavour: "dma" }),
    dma_mb: fence("mb", { flavour: "dma" }),
    virt_mb: fence("mb", { flavour: "virt" }),
    virt_rmb: fence("rmb", { flavour: "virt" }),
    virt_wmb: fence("wmb", { flavour: "virt" }),
    smp_read_barrier_depends: fence("read-depends"),
    read_barrier_depends: fence("read-depends", { flavour: "mandatory" }),
    smp_mb__before_atomic: fence("before-rmw"),
    smp_mb__after_atomic: fence("after-rmw"),
    smp_mb__after_spinlock: fence("mb"),
    smp_mb__after_unlock_lock: fence("mb"),
    smp_acquire__after_ctrl_dep: fence("acquire"),
    barrier: fence("compiler"),
  },
  commentedBarriers: [
    "mb", "rmb", "wmb", "smp_mb", "smp_rmb", "smp_wmb", "dma_rmb", "dma_wmb", "dma_mb", "virt_mb", "virt_rmb",
    "virt_wmb", "smp_read_barrier_depends", "read_barrier_depends", "smp_store_mb", "smp_mb__before_atomic",
    "smp_mb__after_atomic", "smp_store_release", "smp_load_acquire", "smp_mb__after_spinlock",
    "smp_acquire__after_ctrl_dep",
  ],
  locking: LINUX_LOCKING,
};
