import type { TypeInfo } from "../../analysis/ir/type-info.js";

export type ElementKind = "integer" | "bigint" | "float" | "clamped" | "bytes";

interface TypedArrayKind {
  elementSize?: number;
  element: ElementKind;
}

/** The views over an ArrayBuffer, by constructor name. `DataView` has no element type of its own. */
const TYPED_ARRAYS: Readonly<Record<string, TypedArrayKind>> = {
  Int8Array: { elementSize: 1, element: "integer" },
  Uint8Array: { elementSize: 1, element: "integer" },
  Uint8ClampedArray: { elementSize: 1, element: "clamped" },
  Int16Array: { elementSize: 2, element: "integer" },
  Uint16Array: { elementSize: 2, element: "integer" },
  Int32Array: { elementSize: 4, element: "integer" },
  Uint32Array: { elementSize: 4, element: "integer" },
  Float16Array: { elementSize: 2, element: "float" },
  Float32Array: { elementSize: 4, element: "float" },
  Float64Array: { elementSize: 8, element: "float" },
  BigInt64Array: { elementSize: 8, element: "bigint" },
  BigUint64Array: { elementSize: 8, element: "bigint" },
  DataView: { element: "bytes" },
};

export function isTypedArrayName(name: string): boolean {
  return Object.hasOwn(TYPED_ARRAYS, name);
}

export function typedArrayType(name: string): TypeInfo | undefined {
  const kind = TYPED_ARRAYS[name];
  if (!kind) return undefined;
  return { name, category: "typed-array", ...(kind.elementSize ? { size: kind.elementSize } : {}) };
}

export function elementKindOf(type: TypeInfo | undefined): ElementKind | undefined {
  return type ? TYPED_ARRAYS[type.name]?.element : undefined;
}

/** What `Atomics` accepts: integer views (not Uint8Clamped) and the BigInt views. */
export function atomicsAccepts(type: TypeInfo): boolean {
  const element = elementKindOf(type);
  return element === "integer" || element === "bigint";
}

/** `Atomics.wait` and `Atomics.waitAsync` accept only these two. */
export function waitAccepts(type: TypeInfo): boolean {
  return type.name === "Int32Array" || type.name === "BigInt64Array";
}
