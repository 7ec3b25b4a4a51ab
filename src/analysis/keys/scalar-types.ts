import type { TypeInfo } from "../ir/type-info.js";

/** Size in bytes, or `pointer` for types as wide as a pointer on the host (`long`, `size_t`). */
type ScalarSize = number | "pointer";

interface Scalar {
  size: ScalarSize;
  category: Exclude<TypeInfo["category"], "aggregate" | "typed-array" | "unknown">;
}

const integer = (size: ScalarSize): Scalar => ({ size, category: "integer" });

/**
 * Scalar type names of C, <stdint.h>, GLib, QEMU and Linux. Linux `atomic_t` & co. are structs in
 * the kernel, but they are handled as the integers they wrap: primitives take them as a whole.
 */
const SCALARS: Readonly<Record<string, Scalar>> = {
  char: integer(1), "signed char": integer(1), "unsigned char": integer(1),
  short: integer(2), "short int": integer(2), "unsigned short": integer(2), "signed short": integer(2),
  "unsigned short int": integer(2),
  int: integer(4), signed: integer(4), unsigned: integer(4), "signed int": integer(4), "unsigned int": integer(4),
  long: integer("pointer"), "long int": integer("pointer"), "unsigned long": integer("pointer"),
  "signed long": integer("pointer"), "unsigned long int": integer("pointer"), "long unsigned int": integer("pointer"),
  "long long": integer(8), "long long int": integer(8), "unsigned long long": integer(8),
  "signed long long": integer(8), "unsigned long long int": integer(8),
  __int128: integer(16), "unsigned __int128": integer(16), __int128_t: integer(16), __uint128_t: integer(16),
  Int128: integer(16), Uint128: integer(16),
  float: { size: 4, category: "float" }, double: { size: 8, category: "float" },
  "long double": { size: 16, category: "float" }, float32: { size: 4, category: "float" },
  float64: { size: 8, category: "float" },
  bool: { size: 1, category: "bool" }, _Bool: { size: 1, category: "bool" }, gboolean: integer(4),
  int8_t: integer(1), uint8_t: integer(1), int16_t: integer(2), uint16_t: integer(2),
  int32_t: integer(4), uint32_t: integer(4), int64_t: integer(8), uint64_t: integer(8),
  size_t: integer("pointer"), ssize_t: integer("pointer"), uintptr_t: integer("pointer"), intptr_t: integer("pointer"),
  ptrdiff_t: integer("pointer"), off_t: integer(8), gsize: integer("pointer"), gssize: integer("pointer"),
  guint: integer(4), gint: integer(4), guint8: integer(1), guint16: integer(2), guint32: integer(4),
  guint64: integer(8), gint64: integer(8), gint32: integer(4), gpointer: { size: "pointer", category: "pointer" },
  hwaddr: integer(8), ram_addr_t: integer("pointer"), vaddr: integer(8), target_ulong: integer("pointer"),
  u8: integer(1), u16: integer(2), u32: integer(4), u64: integer(8), s8: integer(1), s16: integer(2),
  s32: integer(4), s64: integer(8), __u8: integer(1), __u16: integer(2), __u32: integer(4), __u64: integer(8),
  __s8: integer(1), __s16: integer(2), __s32: integer(4), __s64: integer(8),
  __le16: integer(2), __le32: integer(4), __le64: integer(8), __be16: integer(2), __be32: integer(4),
  __be64: integer(8), __virtio16: integer(2), __virtio32: integer(4), __virtio64: integer(8),
  atomic_t: integer(4), atomic64_t: integer(8), atomic_long_t: integer("pointer"),
  void: { size: 0, category: "integer" },
};

export function scalarType(base: string): Scalar | undefined {
  return SCALARS[base] ?? (base.startsWith("enum ") ? integer(4) : undefined);
}

export function scalarSize(scalar: Scalar, hostPointerSize: number): number {
  return scalar.size === "pointer" ? hostPointerSize : scalar.size;
}

/** A base spelling that cannot own fields: scalars and enums. */
export function isScalarBase(base: string): boolean {
  return scalarType(base) !== undefined;
}
