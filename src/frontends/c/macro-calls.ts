/**
 * Function-like macros that are not calls: they name a type (container_of), wrap a value (likely), or
 * compute something at compile time (ARRAY_SIZE). None of them becomes a Call event.
 */

/** Macro -> index of the argument naming the type the result points to, and of the pointer argument. */
export const TYPE_CAST_MACROS: ReadonlyMap<string, { typeArg: number; pointerArg: number }> = new Map([
  ["container_of", { typeArg: 1, pointerArg: 0 }],
  ["container_of_const", { typeArg: 1, pointerArg: 0 }],
  ["container_of_safe", { typeArg: 1, pointerArg: 0 }],
  ["list_entry", { typeArg: 1, pointerArg: 0 }],
  ["list_first_entry", { typeArg: 1, pointerArg: 0 }],
  ["list_last_entry", { typeArg: 1, pointerArg: 0 }],
  ["list_first_entry_or_null", { typeArg: 1, pointerArg: 0 }],
  ["hlist_entry", { typeArg: 1, pointerArg: 0 }],
  ["hlist_entry_safe", { typeArg: 1, pointerArg: 0 }],
  ["llist_entry", { typeArg: 1, pointerArg: 0 }],
  ["rb_entry", { typeArg: 1, pointerArg: 0 }],
  ["rb_entry_safe", { typeArg: 1, pointerArg: 0 }],
  ["caa_container_of", { typeArg: 1, pointerArg: 0 }],
  ["cds_list_entry", { typeArg: 1, pointerArg: 0 }],
  ["DO_UPCAST", { typeArg: 0, pointerArg: 2 }],
  ["OBJECT_CHECK", { typeArg: 0, pointerArg: 1 }],
]);

/** Macros whose value is their first argument's. */
export const VALUE_MACROS: ReadonlySet<string> = new Set([
  "likely", "unlikely", "__builtin_expect", "g_likely", "G_LIKELY", "G_UNLIKELY", "__builtin_assume_aligned",
]);

/** Compile-time macros: their arguments are not evaluated. */
export const COMPILE_TIME_MACROS: ReadonlySet<string> = new Set([
  "ARRAY_SIZE", "G_N_ELEMENTS", "offsetof", "typeof", "__typeof__", "__typeof", "sizeof_field", "typeof_field",
  "QEMU_BUILD_BUG_ON", "QEMU_BUILD_BUG_MSG", "BUILD_BUG_ON", "BUILD_BUG_ON_MSG", "static_assert", "_Static_assert",
  "G_STATIC_ASSERT", "__same_type", "__builtin_types_compatible_p", "__builtin_constant_p", "__alignof__",
  "IS_ENABLED", "QEMU_IS_ALIGNED", "__must_be_array",
]);

/**
 * Macros with arguments that name a struct field or a function (`call_rcu(head, func, rcu)`): those
 * arguments are no shared values.
 */
const NAME_ARGUMENTS: ReadonlyMap<string, readonly number[]> = new Map([["call_rcu", [1, 2]], ["g_free_rcu", [1]], ["call_rcu1", [1]]]);

/** QEMU's and BSD's queue macros take the link field's name last: `QLIST_INSERT_HEAD(&head, elm, next)`. */
const QUEUE_MACRO = /^Q?(S?LIST|TAILQ|SIMPLEQ|STAILQ|SLIST)_[A-Z_]+(_RCU)?$/u;

/** The indexes of the arguments that name a field or a function rather than a value. */
export function nameArguments(name: string, argumentCount: number): readonly number[] {
  const known = NAME_ARGUMENTS.get(name);
  if (known) return known;
  return QUEUE_MACRO.test(name) && argumentCount > 1 ? [argumentCount - 1] : [];
}

/**
 * Splits an argument list's text at top-level commas. container_of's type argument (`struct Foo`) is not
 * an expression, and tree-sitter makes an ERROR of it; the text is what it was.
 */
export function argumentTexts(text: string, range: readonly [number, number]): string[] {
  const inner = text.slice(range[0] + 1, Math.max(range[0] + 1, range[1] - 1));
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < inner.length; index++) {
    const char = inner[index];
    if (char === "(" || char === "[" || char === "{") depth++;
    else if (char === ")" || char === "]" || char === "}") depth--;
    else if (char === "," && depth === 0) {
      parts.push(inner.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(inner.slice(start).trim());
  return parts;
}
