import type { StoredValue } from "../../analysis/ir/events.js";
import type { FieldKey } from "../../analysis/ir/field-key.js";
import type { SyntaxNode } from "../../languages/c/syntax-node.js";
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
  /** The value is exactly what this load read (no arithmetic on it). */
  load?: string;
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

/** The integer a constant expression spells (`0`, `1U`, `0x10`, `NULL`, `(void *)0`, `-1`), if it is one. */
export function constantOf(node: SyntaxNode | undefined, textOf: (node: SyntaxNode) => string): number | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case "parenthesized_expression":
    case "cast_expression":
      return constantOf(node.children[node.children.length - 1], textOf);
    case "null":
    case "false":
      return 0;
    case "true":
      return 1;
    case "identifier":
      return textOf(node) === "NULL" ? 0 : undefined;
    case "number_literal": {
      const value = Number(textOf(node).replace(/[uUlL]+$/u, ""));
      return Number.isSafeInteger(value) ? value : undefined;
    }
    case "unary_expression": {
      const inner = constantOf(node.children[node.children.length - 1], textOf);
      return inner !== undefined && node.operator === "-" ? -inner : undefined;
    }
    default:
      return undefined;
  }
}

/** What a store writes, when the model can use it: a constant, or the address of a shared location. */
export function storedValueOf(node: SyntaxNode | undefined, value: Value, textOf: (node: SyntaxNode) => string): StoredValue | undefined {
  const constant = constantOf(node, textOf);
  if (constant !== undefined) return { constant };
  if (value.target && value.deps.size === 0 && value.load === undefined) return { addressOf: value.target.deref };
  return undefined;
}
