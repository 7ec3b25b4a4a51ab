import { c11Dialect, gccBuiltinsDialect, MEMORY_ORDER_OF_C_NAME, MEMORY_ORDERS, type CMemoryOrderName, type MemoryOrder } from "./c11.js";
import { javascriptDialect } from "./javascript.js";
import { linuxDialect } from "./linux.js";
import { liburcuDialect } from "./liburcu.js";
import { liburingDialect } from "./liburing.js";
import type { Dialect, LockingFacts, Primitive } from "./primitive.js";
import { qemu2020Dialect, qemuDialect } from "./qemu.js";

export const DIALECTS: Readonly<Record<string, Dialect>> = {
  qemu: qemuDialect,
  qemu2020: qemu2020Dialect,
  linux: linuxDialect,
  c11: c11Dialect,
  gcc: gccBuiltinsDialect,
  liburing: liburingDialect,
  liburcu: liburcuDialect,
  js: javascriptDialect,
};

/** Dialect sets of the presets. Generic C11 names clash with QEMU-2020 and Linux names, so those leave them out. */
export const PRESET_DIALECTS: Readonly<Record<string, readonly string[]>> = {
  recommended: ["qemu", "c11", "gcc", "liburing"],
  qemu: ["qemu", "c11", "gcc"],
  qemu2020: ["qemu2020", "gcc"],
  linux: ["linux", "gcc"],
  c11: ["c11", "gcc", "liburing"],
  js: ["js", "qemu", "linux"],
};

export interface ResolvedDialect {
  ids: readonly string[];
  primitives: ReadonlyMap<string, Primitive>;
  commentedBarriers: ReadonlySet<string>;
  /** `"Type"` or `"Type.field"` -> who holds the other side (see `Dialect.externalPartners`). */
  externalPartners: ReadonlyMap<string, string>;
  /**
   * Identifiers a memory-order argument may be spelled with: the C11 and GCC names, then the user's
   * own (`rte_memory_order_acquire`, a macro for one of them). An identifier not here leaves the
   * primitive's declared order.
   */
  memoryOrders: ReadonlyMap<string, MemoryOrder>;
  /** The dialects' lock facts, merged. */
  locking: ResolvedLocking;
  /** Whether one of the dialects treats a plain flag between barriers as a data race (`Dialect.plainFlagRaces`). */
  plainFlagRaces: boolean;
}

export type ResolvedLocking = { readonly [Name in keyof LockingFacts]-?: ReadonlySet<string> };

const LOCKING_KEYS = [
  "locks", "unlocks", "scopedGuards", "guardBlocks", "assertions", "heldPredicates", "assertMacros", "requiresAnnotations",
] as const satisfies readonly (keyof LockingFacts)[];

/**
 * Merges dialects in order (a later dialect wins a name) and then the user's own primitives.
 * Unknown dialect names are an error: a silent fallback would hide a typo in eslint.config.js.
 */
export function resolveDialect(
  ids: readonly string[], userPrimitives: Readonly<Record<string, Primitive>> = {}, userExternalPartners: Readonly<Record<string, string>> = {},
  userMemoryOrders: Readonly<Record<string, CMemoryOrderName>> = {},
): ResolvedDialect {
  const primitives = new Map<string, Primitive>();
  const commentedBarriers = new Set<string>();
  const externalPartners = new Map<string, string>();
  for (const id of ids) {
    const dialect = DIALECTS[id];
    if (!dialect) throw new Error(`barriers: unknown dialect "${id}"; known: ${Object.keys(DIALECTS).join(", ")}`);
    for (const [name, primitive] of Object.entries(dialect.primitives)) primitives.set(name, primitive);
    for (const name of dialect.commentedBarriers) commentedBarriers.add(name);
    for (const [pattern, holder] of Object.entries(dialect.externalPartners ?? {})) externalPartners.set(pattern, holder);
  }
  for (const [name, primitive] of Object.entries(userPrimitives)) {
    primitives.set(name, primitive);
    if (primitive.kind === "fence" && primitive.fence !== "compiler") commentedBarriers.add(name);
  }
  for (const [pattern, holder] of Object.entries(userExternalPartners)) externalPartners.set(pattern, holder);
  const memoryOrders = new Map<string, MemoryOrder>(Object.entries(MEMORY_ORDERS));
  for (const id of ids) for (const [name, order] of Object.entries(DIALECTS[id]!.memoryOrders ?? {})) memoryOrders.set(name, order);
  for (const [name, order] of Object.entries(userMemoryOrders)) memoryOrders.set(name, MEMORY_ORDER_OF_C_NAME[order]);
  const locking = Object.fromEntries(LOCKING_KEYS.map((key) => [key, new Set(ids.flatMap((id) => DIALECTS[id]!.locking?.[key] ?? []))])) as unknown as ResolvedLocking;
  const plainFlagRaces = ids.some((id) => DIALECTS[id]!.plainFlagRaces === true);
  return { ids, primitives, commentedBarriers, externalPartners, memoryOrders, locking, plainFlagRaces };
}
