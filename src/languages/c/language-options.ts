/** Options a user may set under `languageOptions` for `barriers/c`. */
export interface CLanguageOptions {
  /** Extra annotation macros blanked before parsing (plain names such as `coroutine_fn`). */
  annotationMacros?: string[];
  /** Extra annotation macros that take arguments, blanked with their argument list. */
  annotationMacrosWithArguments?: string[];
  /** Extra foreach-style macro names whose following statement is a loop body. */
  foreachMacros?: string[];
  /** Macros that wrap a type and stand for it (`RTE_ATOMIC(uint32_t) tail;`): the name and parentheses are blanked, the type kept. */
  typeWrapperMacros?: string[];
  /** Files larger than this many bytes (UTF-16 units) are not parsed; a parse error says why. */
  maxFileSize?: number;
  [key: string]: unknown;
}

/** Annotation macros from QEMU, GLib and Linux that expand to attributes or nothing. */
export const DEFAULT_ANNOTATION_MACROS: readonly string[] = [
  "coroutine_fn", "coroutine_mixed_fn", "no_coroutine_fn", "GRAPH_RDLOCK", "GRAPH_WRLOCK",
  "GRAPH_UNLOCKED", "GRAPH_RDLOCK_PTR", "GRAPH_WRLOCK_PTR", "GRAPH_UNLOCKED_PTR",
  "QEMU_DISABLE_CFI", "QEMU_NORETURN", "G_NORETURN", "QEMU_PACKED", "QEMU_ALWAYS_INLINE",
  "QEMU_UNUSED", "QEMU_WARN_UNUSED_RESULT", "G_GNUC_UNUSED", "G_GNUC_WARN_UNUSED_RESULT",
  "G_GNUC_NULL_TERMINATED", "G_GNUC_MALLOC", "G_GNUC_CONST", "G_GNUC_PURE",
  "QEMU_SANITIZE_ADDRESS", "QEMU_SANITIZE_THREAD", "TSA_NO_TSA",
  "__user", "__kernel", "__iomem", "__rcu", "__percpu", "__force", "__must_check", "__always_inline",
  "noinline", "__cold", "__hot", "__init", "__exit", "__initdata", "__read_mostly", "__maybe_unused",
  "__used", "__weak", "__pure", "__noreturn", "__packed", "__cacheline_aligned",
  "__cacheline_aligned_in_smp", "____cacheline_aligned", "____cacheline_aligned_in_smp",
  "__visible", "notrace", "__always_unused", "__acquires", "__releases", "__must_hold",
  "asmlinkage", "__sched", "__latent_entropy", "__randomize_layout",
  "IOURINGINLINE", "LIBURING_NOEXCEPT", "_LOCAL_INLINE", "g_autofree", "QEMU_UNINITIALIZED",
];

export const DEFAULT_ANNOTATION_MACROS_WITH_ARGUMENTS: readonly string[] = [
  "G_GNUC_PRINTF", "G_GNUC_SCANF", "GCC_FMT_ATTR", "QEMU_ALIGNED", "TSA_REQUIRES", "TSA_REQUIRES_SHARED",
  "TSA_ACQUIRE", "TSA_RELEASE", "TSA_EXCLUDES", "TSA_ASSERT", "TSA_GUARDED_BY", "TSA_PT_GUARDED_BY",
  "__printf", "__scanf", "__aligned", "__section", "__acquires", "__releases", "__must_hold",
  "__cond_acquires", "__attribute_const__", "__counted_by", "__guarded_by", "__pt_guarded_by",
];

/** Names that mark foreach-style macros, matched in addition to `foreachMacros`. */
export const FOREACH_MACRO_PATTERN = /(?:^|_)(?:FOREACH|foreach|for_each|FOR_EACH)(?:_|$)|^WITH_[A-Z0-9_]*(?:GUARD|LOCK)[A-Z0-9_]*$|^(?:scoped_guard|scoped_cond_guard)$/u;

export const DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024;

export interface ResolvedCLanguageOptions {
  annotationMacros: ReadonlySet<string>;
  annotationMacrosWithArguments: ReadonlySet<string>;
  foreachMacros: ReadonlySet<string>;
  typeWrapperMacros: ReadonlySet<string>;
  maxFileSize: number;
}

const STRING_ARRAY_KEYS = ["annotationMacros", "annotationMacrosWithArguments", "foreachMacros", "typeWrapperMacros"] as const;

export function validateCLanguageOptions(options: CLanguageOptions): void {
  for (const key of STRING_ARRAY_KEYS) {
    const value = options[key];
    if (value !== undefined && !(Array.isArray(value) && value.every((entry) => typeof entry === "string"))) {
      throw new TypeError(`barriers/c: languageOptions.${key} must be an array of strings`);
    }
  }
  if (options.maxFileSize !== undefined && !(typeof options.maxFileSize === "number" && options.maxFileSize > 0)) {
    throw new TypeError("barriers/c: languageOptions.maxFileSize must be a positive number");
  }
}

export function resolveCLanguageOptions(options: CLanguageOptions = {}): ResolvedCLanguageOptions {
  return {
    annotationMacros: new Set([...DEFAULT_ANNOTATION_MACROS, ...(options.annotationMacros ?? [])]),
    annotationMacrosWithArguments: new Set([
      ...DEFAULT_ANNOTATION_MACROS_WITH_ARGUMENTS,
      ...(options.annotationMacrosWithArguments ?? []),
    ]),
    foreachMacros: new Set(options.foreachMacros ?? []),
    typeWrapperMacros: new Set(options.typeWrapperMacros ?? []),
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
  };
}

export function isForeachMacroName(name: string, options: ResolvedCLanguageOptions): boolean {
  return options.foreachMacros.has(name) || FOREACH_MACRO_PATTERN.test(name);
}
