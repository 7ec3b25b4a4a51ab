import type { ResolvedDialect } from "../dialects/registry.js";
import type { AccessOp } from "../ir/events.js";

/** What a message tells the author to write instead of a plain access, per operation. */
export type FixNames = Readonly<Record<AccessOp, string>>;

/**
 * Relaxed accessors in order of preference; the first the dialect defines is the one messages name
 * and suggestions (`c-suggestions.ts`) write.
 */
export const RELAXED_LOADS: readonly string[] = ["qatomic_read", "READ_ONCE", "atomic_read", "CMM_LOAD_SHARED", "atomic_load_explicit", "__atomic_load_n"];
export const RELAXED_STORES: readonly string[] = ["qatomic_set", "WRITE_ONCE", "atomic_set", "CMM_STORE_SHARED", "atomic_store_explicit", "__atomic_store_n"];
const UPDATES = ["qatomic_fetch_add", "atomic_fetch_add", "atomic_fetch_add_explicit", "__atomic_fetch_add", "__sync_fetch_and_add"];

/** The memory-order argument that makes an `_explicit`/`__atomic` accessor relaxed; it is passed last. */
export const RELAXED_ORDER: Readonly<Record<string, string>> = {
  atomic_load_explicit: "memory_order_relaxed", atomic_store_explicit: "memory_order_relaxed",
  __atomic_load_n: "__ATOMIC_RELAXED", __atomic_store_n: "__ATOMIC_RELAXED",
};

export const JS_FIX_NAMES: FixNames = {
  load: "Atomics.load()",
  store: "Atomics.store()",
  rmw: "an Atomics read-modify-write (Atomics.add(), Atomics.exchange(), ...)",
};

const cache = new WeakMap<ResolvedDialect, FixNames>();

/** The accessors of the active C dialect (`qatomic_read()`, `READ_ONCE()`, ...). */
export function cFixNames(dialect: ResolvedDialect): FixNames {
  let names = cache.get(dialect);
  if (!names) {
    const load = firstDefined(dialect, RELAXED_LOADS, "load");
    const store = firstDefined(dialect, RELAXED_STORES, "store");
    const update = firstDefined(dialect, UPDATES, "rmw");
    names = {
      load: load ? spelled(load) : "an atomic read",
      store: store ? spelled(store) : "an atomic store",
      rmw: update ? `an atomic read-modify-write such as ${update}()` : "an atomic read-modify-write",
    };
    cache.set(dialect, names);
  }
  return names;
}

function firstDefined(dialect: ResolvedDialect, candidates: readonly string[], op: AccessOp): string | undefined {
  return candidates.find((name) => {
    const primitive = dialect.primitives.get(name);
    return primitive?.kind === "access" && primitive.op === op;
  });
}

function spelled(name: string): string {
  const order = RELAXED_ORDER[name];
  return order === undefined ? `${name}()` : `${name}(..., ${order})`;
}
