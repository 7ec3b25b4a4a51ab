import type { TypeInfo } from "../../analysis/ir/type-info.js";
import { formatCType, type CType } from "../../analysis/keys/c-type.js";
import { scalarSize, scalarType } from "../../analysis/keys/scalar-types.js";
import type { TypeResolver } from "../../analysis/keys/type-resolver.js";

/** The IR's view of a C type: its spelling as declared, its category and its size on the host when known. */
export function typeInfoOf(type: CType, resolver: TypeResolver, hostPointerSize: number): TypeInfo {
  const name = formatCType(type);
  const resolved = resolver.resolve(type);
  if (resolved.arrays.length > 0) {
    const element = typeInfoOf({ ...resolved, arrays: [] }, resolver, hostPointerSize);
    const count = resolved.arrays.reduce((product, dimension) => product * (/^\d+$/u.test(dimension) ? Number(dimension) : Number.NaN), 1);
    const size = element.size !== undefined && Number.isFinite(count) ? element.size * count : undefined;
    return { name, category: "aggregate", ...(size !== undefined ? { size } : {}) };
  }
  if (resolved.pointers > 0) return { name, size: hostPointerSize, category: "pointer" };
  const scalar = scalarType(resolved.base);
  if (scalar) return { name, size: scalarSize(scalar, hostPointerSize), category: scalar.category };
  if (/^(?:struct|union) /u.test(resolved.base)) return { name, category: "aggregate" };
  return { name, category: "unknown" };
}
