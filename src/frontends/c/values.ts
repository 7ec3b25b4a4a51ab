import type { FieldKey } from "../../analysis/ir/field-key.js";
import type { CType } from "../../analysis/keys/c-type.js";
import { elementKey, pointeeKey } from "../../analysis/keys/field-keys.js";

/** Load ids; the empty set is shared. */
export type LoadSet = ReadonlySet<string>;
export const NO_LOADS: LoadSet = new Set();

export function unionLoads(...sets: LoadSet[]): LoadSet {
  const nonEmpty = sets.filter((set) => set.size > 0);
  if (nonEmpty.length === 0) return NO_LOADS;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const union = new Set<string>();
  for (const set of nonEmpty) for (const id of set) union.add(id);
  return union;
}

/** Where a pointer value points: the key of `*ptr` and the key of `ptr[i]`. */
export interface PointerTarget {
  deref: FieldKey;
  element: FieldKey;
}

/** A pointer loaded from the location `key` (a field, a global, a parameter) points to `*key` / `key[]`. */
export function targetOfPointerAt(key: FieldKey): PointerTarget {
  return { deref: pointeeKey(key), element: elementKey(key) };
}

/** `&X` points to X; `&arr[i]` (key `arr[]`) points into `arr[]`. */
export function targetOfAddress(key: FieldKey): PointerTarget {
  return { deref: key, element: key.id.endsWith("[]") ? key : elementKey(key) };
}

/** The result of evaluating an expression: which loads its value depends on, its type, where it points. */
export interface Value {
  deps: LoadSet;
  type?: CType;
  target?: PointerTarget;
}

export const NO_VALUE: Value = { deps: NO_LOADS };

export interface Variable {
  name: string;
  type?: CType;
  /** Locals (parameters included) are private to the function; the rest is shared memory. */
  storage: "local" | "static-local" | "global";
  isParameter: boolean;
  /** For shared variables. */
  key?: FieldKey;
}

/**
 * An lvalue: a local variable (or a part of one), a shared location (its key is unknown when it
 * could not be named), or an expression that is not an lvalue.
 */
export type Location =
  /** `whole`: the variable itself, not a field or element of it. */
  /**
   * `sharedKey`: what the location is called when an atomic primitive names it (`&wi.done` of a local
   * `struct qemu_work_item wi` is `qemu_work_item.done`): the atomic access says another thread sees it.
   */
  | { kind: "local"; variable: Variable; whole: boolean; type?: CType; addressDeps: LoadSet; sharedKey?: FieldKey }
  | { kind: "memory"; key?: FieldKey; type?: CType; addressDeps: LoadSet }
  | { kind: "value"; value: Value };
