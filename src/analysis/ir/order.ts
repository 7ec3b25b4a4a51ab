/**
 * The ordering an access carries, weakest first.
 * - `plain`: an ordinary C access; the compiler may tear, fuse or hoist it.
 * - `once`: READ_ONCE/WRITE_ONCE, atomic_read/atomic_set, relaxed atomics: single-copy atomic, unordered.
 * - `consume`: rcu_dereference / atomic_rcu_read: orders later accesses that depend on the value.
 * - `acquire` / `release`: one-way ordering.
 * - `seqcst`: C11 sequentially consistent accesses and RMWs, JS `Atomics.*`.
 * - `mb`: QEMU's atomic_mb_read / atomic_mb_set (load-acquire; store-release followed by a full barrier).
 */
export type Order = "plain" | "once" | "consume" | "acquire" | "release" | "seqcst" | "mb";

export const ORDER_STRENGTH: Readonly<Record<Order, number>> = {
  plain: 0, once: 1, consume: 2, acquire: 3, release: 3, seqcst: 4, mb: 4,
};

export function isAtomicOrder(order: Order): boolean {
  return order !== "plain";
}
