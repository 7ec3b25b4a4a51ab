/**
 * A C type as the key and width logic need it: a base spelling, a number of pointer levels and
 * array dimensions. `int *arr[3]` is `{ base: "int", pointers: 1, arrays: ["3"] }`, an array of
 * pointers (arrays are outermost, as in a declaration that does not use parentheses).
 */
export interface CType {
  /** Without qualifiers, whitespace collapsed: `struct Foo`, `unsigned long long`, `AioContext`. */
  base: string;
  pointers: number;
  /** Dimension texts, outermost first; `""` for `[]`. */
  arrays: string[];
}

const QUALIFIERS = /\b(?:const|volatile|restrict|__restrict|__restrict__|_Atomic|__volatile__|__const|register|static|extern|inline|__inline|__inline__)\b/gu;

/** Collapses whitespace and drops qualifiers from a base type spelling. */
export function normalizeBaseSpelling(text: string): string {
  return text.replace(QUALIFIERS, " ").replace(/\s+/gu, " ").trim();
}

export function formatCType(type: CType): string {
  const stars = "*".repeat(type.pointers);
  const dims = type.arrays.map((dimension) => `[${dimension}]`).join("");
  return `${type.base}${stars ? ` ${stars}` : ""}${dims}`;
}

const SPELLING = /^(.*?)\s*(\**)\s*((?:\[[^\]]*\])*)$/u;

/** Inverse of `formatCType` (also reads spellings written by hand: `struct Foo*`, `u64`). */
export function parseCType(spelling: string): CType {
  const match = SPELLING.exec(spelling.trim());
  const base = normalizeBaseSpelling(match?.[1] ?? spelling);
  const stars = match?.[2]?.length ?? 0;
  const arrays = [...(match?.[3] ?? "").matchAll(/\[([^\]]*)\]/gu)].map((dimension) => dimension[1]!.trim());
  return { base, pointers: stars, arrays };
}

/** The type of `x[i]` or `*x`, or undefined when `x` is neither an array nor a pointer. */
export function elementType(type: CType): CType | undefined {
  if (type.arrays.length > 0) return { ...type, arrays: type.arrays.slice(1) };
  if (type.pointers > 0) return { ...type, pointers: type.pointers - 1 };
  return undefined;
}

export function pointerTo(type: CType): CType {
  return type.arrays.length > 0
    ? { ...type, arrays: type.arrays.slice(1), pointers: type.pointers + 1 }
    : { ...type, pointers: type.pointers + 1 };
}

export function isPointerType(type: CType): boolean {
  return type.arrays.length === 0 && type.pointers > 0;
}

export function isArrayType(type: CType): boolean {
  return type.arrays.length > 0;
}

/** Adds the pointer levels and array dimensions of `outer` on top of `inner` (a typedef's target). */
export function composeCType(inner: CType, outer: CType): CType {
  return { base: inner.base, pointers: inner.pointers + outer.pointers, arrays: [...outer.arrays, ...inner.arrays] };
}
