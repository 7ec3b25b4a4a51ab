import { formatCType, parseCType, type CType } from "../keys/c-type.js";
import { scalarSize, scalarType } from "../keys/scalar-types.js";
import type { TypeInfo } from "../ir/type-info.js";
import type { TypeTables } from "./type-tables.js";

export type OperandKind = "integer" | "pointer" | "float" | "bool" | "aggregate" | "unknown";

/** What the width checks know of an operand's type on one host. */
export interface OperandType {
  kind: OperandKind;
  /** Bytes on the host; undefined when the type (or its size) is not known. */
  size?: number;
  /** As written at the declaration: `myu64`, `struct Node`. */
  spelling: string;
  /** What the typedefs lead to, when different from the spelling: `uint64_t`. */
  resolved?: string;
  /** Definitions of a typedef on the way disagree (per-target headers): the type is unknown on purpose. */
  conflicting?: boolean;
}

const MAX_TYPEDEF_DEPTH = 16;

/**
 * The operand type of an access for a given host. Sizes that depend on the host (`long`, `size_t`,
 * pointers) are recomputed from the spelling rather than taken from `TypeInfo.size`, which the
 * front-end computed for the configured host; names the declaring file could not resolve (a
 * typedef from another header) are resolved through the project's typedefs.
 */
export function operandType(type: TypeInfo, hostPointerSize: number, tables: TypeTables): OperandType {
  if (type.category === "pointer") return { kind: "pointer", size: hostPointerSize, spelling: type.name };
  const fromSpelling = spellingType(parseCType(type.name), hostPointerSize, tables, 0);
  if (fromSpelling.conflicting) return { kind: "unknown", spelling: type.name, conflicting: true };
  if (fromSpelling.kind !== "unknown") {
    return { ...fromSpelling, spelling: type.name, ...(fromSpelling.spelling !== type.name ? { resolved: fromSpelling.spelling } : {}) };
  }
  // The front-end's own verdict, for spellings this module cannot read (it saw the declaration).
  if (type.category === "aggregate") return { kind: "aggregate", spelling: type.name };
  if ((type.category === "integer" || type.category === "float" || type.category === "bool") && type.size !== undefined) {
    return { kind: type.category, size: type.size, spelling: type.name };
  }
  return { kind: "unknown", spelling: type.name };
}

function spellingType(type: CType, hostPointerSize: number, tables: TypeTables, depth: number): OperandType {
  const spelling = formatCType(type);
  if (type.arrays.length > 0) return { kind: "aggregate", spelling };
  if (type.pointers > 0 || type.base.includes("(")) return { kind: "pointer", size: hostPointerSize, spelling };
  const base = type.base;
  // An anonymous struct or union field is spelled `struct` or `union` alone.
  if (/^(?:struct|union)(?:\s|$)/u.test(base)) return { kind: "aggregate", spelling };
  const scalar = scalarType(base);
  if (scalar) return { kind: scalar.category, size: scalarSize(scalar, hostPointerSize), spelling };
  if (depth >= MAX_TYPEDEF_DEPTH) return { kind: "unknown", spelling };
  const targets = tables.typedefTargets(base);
  if (targets.length > 0) {
    const candidates = targets.map((target) => {
      const inner = parseCType(target.value);
      const composed: CType = { base: inner.base, pointers: inner.pointers + type.pointers, arrays: [...type.arrays, ...inner.arrays] };
      return composed.base === base && composed.pointers === 0 ? undefined : spellingType(composed, hostPointerSize, tables, depth + 1);
    });
    return agreeing(candidates, spelling);
  }
  if (tables.isStruct(base)) return { kind: "aggregate", spelling };
  return { kind: "unknown", spelling };
}

/** One answer when every definition gives the same kind and size; unknown when they disagree. */
function agreeing(candidates: readonly (OperandType | undefined)[], spelling: string): OperandType {
  const first = candidates[0];
  const same = candidates.every((candidate) => candidate !== undefined && candidate.kind === first?.kind && candidate.size === first.size);
  if (!first || !same) return { kind: "unknown", spelling, conflicting: candidates.length > 1 || first?.conflicting === true };
  return first;
}
