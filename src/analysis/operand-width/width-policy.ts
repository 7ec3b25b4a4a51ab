import type { AccessPrimitive } from "../dialects/primitive.js";
import { DIALECTS, type ResolvedDialect } from "../dialects/registry.js";

/** The widest operand a primitive accepts: a byte count, or the host's pointer size. */
export interface WidthLimit {
  bytes: number | "pointer";
  /** Where the limit comes from, for messages. */
  reason: string;
}

/** What one primitive accepts as its operand, according to the dialect that defines it. */
export interface WidthPolicy {
  limit?: WidthLimit;
  /** QEMU's mb forms: the reference restricts them to types no wider than `int`. */
  mbForm: boolean;
  /**
   * The width the mb forms are held to when the rule's options do not say: `int` where the 2020
   * reference text applies (its `atomic_mb_*` API and user-defined mb forms), `pointer` for QEMU
   * today, whose text dropped that sentence along with `qatomic_mb_read()`.
   */
  mbDefault?: "int" | "pointer";
  /** Why structs and unions are rejected, when they are. */
  aggregates?: string;
  /** Why floating-point operands are rejected, when they are. */
  floats?: string;
}

const ATOMIC_REG_SIZE: WidthLimit = { bytes: "pointer", reason: "QEMU's ATOMIC_REG_SIZE, the size of a pointer on the host" };
const NATIVE_WORD: WidthLimit = { bytes: "pointer", reason: "the kernel's native word size (__native_word())" };
const LONG_LONG: WidthLimit = { bytes: 8, reason: "sizeof(long long), the most READ_ONCE()/WRITE_ONCE() accept" };
const GCC_SIZED: WidthLimit = { bytes: 16, reason: "16 bytes, the largest size GCC's sized __atomic and __sync builtins accept" };

const QEMU_SCALARS = "QEMU's atomics take integers and pointers (they expand to GCC's sized __atomic builtins or check sizeof against ATOMIC_REG_SIZE)";
const GCC_SCALARS = "GCC's sized builtins (__atomic_*_n, __atomic_fetch_*, __sync_*) take integers and pointers only";
const C11_INTEGERS = "C11's atomic_fetch_* operations apply to atomic integer types only (C11 7.17.7.5)";

/**
 * The operand policy of `api` in the active dialect, or undefined when the dialect sets no limits
 * on it (C11's generic functions, liburing, the Linux atomic_t API, whose operand type is fixed).
 * A primitive the user defined or redefined in settings gets only the flags it carries.
 */
export function widthPolicy(api: string, dialect: ResolvedDialect): WidthPolicy | undefined {
  const primitive = dialect.primitives.get(api);
  if (!primitive || primitive.kind !== "access") return undefined;
  const owner = owningDialect(api, dialect);
  switch (owner) {
    case "qemu": return qemuPolicy(api, "qatomic_", primitive, "pointer");
    case "qemu2020": return qemuPolicy(api, "atomic_", primitive, "int");
    case "linux": return linuxPolicy(api);
    case "gcc": return gccPolicy(api);
    case "c11": return /^atomic_fetch_/u.test(api) ? { mbForm: false, aggregates: C11_INTEGERS, floats: C11_INTEGERS } : undefined;
    case undefined: return userPolicy(primitive);
    default: return undefined;
  }
}

/** The dialect whose table gave the resolved primitive (a later dialect wins a name, as in `resolveDialect`). */
function owningDialect(api: string, dialect: ResolvedDialect): string | undefined {
  const resolved = dialect.primitives.get(api);
  for (const id of [...dialect.ids].reverse()) {
    const table = DIALECTS[id]?.primitives;
    if (table && Object.hasOwn(table, api) && table[api] === resolved) return id;
  }
  return undefined;
}

function qemuPolicy(api: string, prefix: string, primitive: AccessPrimitive, mbDefault: "int" | "pointer"): WidthPolicy | undefined {
  // The 64-bit variants exist for 32-bit hosts, and __nocheck skips the size check on purpose.
  if (/(?:__nocheck|_i64|_u64)$/u.test(api)) return undefined;
  const relaxedOrRmw = api === `${prefix}read` || api === `${prefix}set` || primitive.op === "rmw";
  return {
    limit: ATOMIC_REG_SIZE,
    mbForm: primitive.mbForm === true,
    ...(primitive.mbForm ? { mbDefault } : {}),
    aggregates: QEMU_SCALARS,
    ...(relaxedOrRmw ? { floats: `${api}() expands to one of GCC's sized __atomic builtins, which take integers and pointers only` } : {}),
  };
}

function linuxPolicy(api: string): WidthPolicy | undefined {
  if (api === "READ_ONCE" || api === "WRITE_ONCE") return { limit: LONG_LONG, mbForm: false };
  if (/^(?:smp_load_acquire|smp_store_release|smp_cond_load_(?:acquire|relaxed)|smp_store_mb)$/u.test(api)) return { limit: NATIVE_WORD, mbForm: false };
  if (/^(?:try_)?(?:cmp)?xchg(?:_relaxed|_acquire|_release)?$/u.test(api)) return { limit: NATIVE_WORD, mbForm: false };
  return undefined;
}

function gccPolicy(api: string): WidthPolicy | undefined {
  const sized = /^__atomic_\w+_n$|^__atomic_fetch_|^__atomic_\w+_fetch$|^__sync_(?!synchronize)/u.test(api);
  return sized ? { limit: GCC_SIZED, mbForm: false, aggregates: GCC_SCALARS, floats: GCC_SCALARS } : undefined;
}

function userPolicy(primitive: AccessPrimitive): WidthPolicy | undefined {
  if (!primitive.mbForm && !primitive.forbidsFloat) return undefined;
  return {
    mbForm: primitive.mbForm === true,
    ...(primitive.mbForm ? { mbDefault: "int" as const } : {}),
    ...(primitive.forbidsFloat ? { floats: "its definition in settings.barriers.primitives forbids floating-point operands" } : {}),
  };
}
