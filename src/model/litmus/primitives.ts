/**
 * The kernel primitives the litmus reader knows, after linux-kernel.def. Every
 * other call is refused by name ("unsupported: spin_lock"), never guessed at.
 */
import type { AccessOrder, FenceKind } from "../events.js";
import type { RmwOrder } from "../trace-builder.js";

export type Primitive =
  /** pointer: the argument is a pointer (smp_load_acquire(x)); otherwise an lvalue (READ_ONCE(*x)). */
  | { readonly kind: "load"; readonly order: AccessOrder; readonly pointer: boolean }
  | { readonly kind: "store"; readonly order: AccessOrder; readonly pointer: boolean; readonly fenceAfter?: FenceKind }
  | { readonly kind: "fence"; readonly fence: FenceKind }
  /**
   * rcu_read_lock()/rcu_read_unlock(): LKMM gives them meaning only against a
   * grace period (synchronize_rcu), which the reader refuses; without one, every
   * RCU relation of linux-kernel.cat is empty and they order nothing.
   */
  | { readonly kind: "rcu-reader" }
  /** spin_lock() / spin_unlock(); spin_trylock() and spin_is_locked() are not read. */
  | { readonly kind: "lock" | "unlock" }
  | { readonly kind: "xchg"; readonly order: RmwOrder }
  | { readonly kind: "cmpxchg"; readonly order: RmwOrder }
  | {
      readonly kind: "arith";
      readonly order: RmwOrder;
      readonly op: "+" | "-";
      /** Whether the operand is the first argument (atomic_add(V, X)) or a constant 1 (atomic_inc(X)). */
      readonly operand: "first-arg" | "one";
      readonly returns: "nothing" | "new" | "old" | "new==0" | "new<0";
    };

const table = new Map<string, Primitive>([
  ["READ_ONCE", { kind: "load", order: "once", pointer: false }],
  ["rcu_dereference", { kind: "load", order: "consume", pointer: false }],
  ["smp_load_acquire", { kind: "load", order: "acquire", pointer: true }],
  ["atomic_read", { kind: "load", order: "once", pointer: true }],
  ["atomic_read_acquire", { kind: "load", order: "acquire", pointer: true }],
  ["WRITE_ONCE", { kind: "store", order: "once", pointer: false }],
  ["smp_store_release", { kind: "store", order: "release", pointer: true }],
  ["rcu_assign_pointer", { kind: "store", order: "release", pointer: false }],
  ["smp_store_mb", { kind: "store", order: "once", pointer: false, fenceAfter: "mb" }],
  ["atomic_set", { kind: "store", order: "once", pointer: true }],
  ["atomic_set_release", { kind: "store", order: "release", pointer: true }],
  ["smp_mb", { kind: "fence", fence: "mb" }],
  ["smp_rmb", { kind: "fence", fence: "rmb" }],
  ["smp_wmb", { kind: "fence", fence: "wmb" }],
  ["smp_mb__before_atomic", { kind: "fence", fence: "before-atomic" }],
  ["smp_mb__after_atomic", { kind: "fence", fence: "after-atomic" }],
  ["barrier", { kind: "fence", fence: "barrier" }],
  ["rcu_read_lock", { kind: "rcu-reader" }],
  ["spin_lock", { kind: "lock" }],
  ["spin_unlock", { kind: "unlock" }],
  ["smp_mb__after_spinlock", { kind: "fence", fence: "after-spinlock" }],
  ["rcu_read_unlock", { kind: "rcu-reader" }],
]);

const SUFFIXES: readonly [string, RmwOrder][] = [["", "full"], ["_relaxed", "once"], ["_acquire", "acquire"], ["_release", "release"]];

for (const [suffix, order] of SUFFIXES) {
  for (const prefix of ["", "atomic_"]) {
    table.set(`${prefix}xchg${suffix}`, { kind: "xchg", order });
    table.set(`${prefix}cmpxchg${suffix}`, { kind: "cmpxchg", order });
  }
  for (const [name, op] of [["add", "+"], ["sub", "-"]] as const) {
    table.set(`atomic_${name}_return${suffix}`, { kind: "arith", order, op, operand: "first-arg", returns: "new" });
    table.set(`atomic_fetch_${name}${suffix}`, { kind: "arith", order, op, operand: "first-arg", returns: "old" });
  }
  for (const [name, op] of [["inc", "+"], ["dec", "-"]] as const) {
    table.set(`atomic_${name}_return${suffix}`, { kind: "arith", order, op, operand: "one", returns: "new" });
    table.set(`atomic_fetch_${name}${suffix}`, { kind: "arith", order, op, operand: "one", returns: "old" });
  }
}
table.set("atomic_add", { kind: "arith", order: "once", op: "+", operand: "first-arg", returns: "nothing" });
table.set("atomic_sub", { kind: "arith", order: "once", op: "-", operand: "first-arg", returns: "nothing" });
table.set("atomic_inc", { kind: "arith", order: "once", op: "+", operand: "one", returns: "nothing" });
table.set("atomic_dec", { kind: "arith", order: "once", op: "-", operand: "one", returns: "nothing" });
table.set("atomic_sub_and_test", { kind: "arith", order: "full", op: "-", operand: "first-arg", returns: "new==0" });
table.set("atomic_dec_and_test", { kind: "arith", order: "full", op: "-", operand: "one", returns: "new==0" });
table.set("atomic_inc_and_test", { kind: "arith", order: "full", op: "+", operand: "one", returns: "new==0" });
table.set("atomic_add_negative", { kind: "arith", order: "full", op: "+", operand: "first-arg", returns: "new<0" });

export function primitive(name: string): Primitive | undefined {
  return table.get(name);
}

export function primitiveNames(): string[] {
  return [...table.keys()];
}
