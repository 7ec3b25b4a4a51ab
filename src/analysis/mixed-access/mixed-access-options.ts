/**
 * Options of mixed-atomic-access. The rule's ESLint options reach the checker through this registry,
 * keyed by the linted file's syntax tree (the same object the analysis input carries), because the
 * analysis runs once per file for every rule and has no rule options of its own.
 */
export interface MixedAccessRuleOptions {
  /** Leave out plain accesses that initialise an object before it is published. Default true. */
  ignoreInitialization?: boolean;
  /**
   * Leave out a plain read by the only function that writes the location (the owner of a ring index
   * reading its own index, as in the kernel's circular buffers). Default true.
   */
  ignoreOwnerReads?: boolean;
  /** Functions that return a fresh object, besides the defaults (`g_new0`, `malloc`, `kzalloc`, ...). */
  allocators?: string[];
  /** Functions after whose call a lock is held, besides the defaults (`qemu_mutex_lock`, `spin_lock`, ...). */
  lockFunctions?: string[];
  /** Functions that release a lock, besides the defaults. */
  unlockFunctions?: string[];
  /** Name endings of functions that initialise an object, besides `_init`, `_new`, `_create`, `_realize`. */
  initializerSuffixes?: string[];
}

export interface MixedAccessOptions {
  ignoreInitialization: boolean;
  ignoreOwnerReads: boolean;
  allocators: ReadonlySet<string>;
  locks: ReadonlySet<string>;
  unlocks: ReadonlySet<string>;
  /** Calls that hold a lock until the end of the enclosing block (`QEMU_LOCK_GUARD(&m);`). */
  scopedGuards: ReadonlySet<string>;
  /** Block macros whose body runs with a lock held (`WITH_QEMU_LOCK_GUARD(&m) { ... }`). */
  guardBlocks: ReadonlySet<string>;
  initializerSuffixes: readonly string[];
}

export const DEFAULT_ALLOCATORS: readonly string[] = [
  "g_new", "g_new0", "g_malloc", "g_malloc0", "g_try_new", "g_try_new0", "g_try_malloc", "g_try_malloc0",
  "g_slice_new", "g_slice_new0", "g_memdup", "g_memdup2", "qemu_memalign", "qemu_try_memalign",
  "malloc", "calloc", "realloc", "aligned_alloc",
  "kmalloc", "kzalloc", "kcalloc", "kmalloc_array", "kvmalloc", "kvzalloc", "vmalloc", "vzalloc",
  "kmem_cache_alloc", "kmem_cache_zalloc", "devm_kzalloc", "devm_kmalloc",
];

export const DEFAULT_LOCKS: readonly string[] = [
  "qemu_mutex_lock", "qemu_rec_mutex_lock", "qemu_spin_lock", "qemu_co_mutex_lock", "qemu_lockcnt_lock",
  "bql_lock", "qemu_mutex_lock_iothread",
  "spin_lock", "spin_lock_irq", "spin_lock_irqsave", "spin_lock_bh", "raw_spin_lock", "raw_spin_lock_irq",
  "raw_spin_lock_irqsave", "mutex_lock", "mutex_lock_interruptible", "mutex_lock_killable", "write_lock",
  "write_lock_irq", "write_lock_irqsave", "write_lock_bh", "read_lock", "down_write", "down_read",
  "pthread_mutex_lock", "pthread_spin_lock", "pthread_rwlock_wrlock", "pthread_rwlock_rdlock", "mtx_lock",
];

export const DEFAULT_UNLOCKS: readonly string[] = [
  "qemu_mutex_unlock", "qemu_rec_mutex_unlock", "qemu_spin_unlock", "qemu_co_mutex_unlock", "qemu_lockcnt_unlock",
  "bql_unlock", "qemu_mutex_unlock_iothread",
  "spin_unlock", "spin_unlock_irq", "spin_unlock_irqrestore", "spin_unlock_bh", "raw_spin_unlock",
  "raw_spin_unlock_irq", "raw_spin_unlock_irqrestore", "mutex_unlock", "write_unlock", "write_unlock_irq",
  "write_unlock_irqrestore", "write_unlock_bh", "read_unlock", "up_write", "up_read",
  "pthread_mutex_unlock", "pthread_spin_unlock", "pthread_rwlock_unlock", "mtx_unlock",
];

export const DEFAULT_SCOPED_GUARDS: readonly string[] = ["QEMU_LOCK_GUARD"];

/** `scoped_guard(rcu)` is an RCU read-side section, not a lock: the checker looks at its first argument. */
export const DEFAULT_GUARD_BLOCKS: readonly string[] = ["WITH_QEMU_LOCK_GUARD", "scoped_guard", "scoped_cond_guard"];

export const DEFAULT_INITIALIZER_SUFFIXES: readonly string[] = ["_init", "_new", "_create", "_realize"];

/** The JSON schema of the rule's one options object. */
export const MIXED_ACCESS_OPTIONS_SCHEMA = {
  type: "object",
  properties: {
    ignoreInitialization: { type: "boolean" },
    ignoreOwnerReads: { type: "boolean" },
    allocators: { type: "array", items: { type: "string" }, uniqueItems: true },
    lockFunctions: { type: "array", items: { type: "string" }, uniqueItems: true },
    unlockFunctions: { type: "array", items: { type: "string" }, uniqueItems: true },
    initializerSuffixes: { type: "array", items: { type: "string" }, uniqueItems: true },
  },
  additionalProperties: false,
} as const;

export function resolveMixedAccessOptions(options: MixedAccessRuleOptions = {}): MixedAccessOptions {
  const lockFunctions = options.lockFunctions ?? [];
  return {
    ignoreInitialization: options.ignoreInitialization ?? true,
    ignoreOwnerReads: options.ignoreOwnerReads ?? true,
    allocators: new Set([...DEFAULT_ALLOCATORS, ...(options.allocators ?? [])]),
    locks: new Set([...DEFAULT_LOCKS, ...lockFunctions]),
    unlocks: new Set([...DEFAULT_UNLOCKS, ...(options.unlockFunctions ?? [])]),
    scopedGuards: new Set(DEFAULT_SCOPED_GUARDS),
    // A user's lock name written as a block macro (`WITH_MY_LOCK(&m) { ... }`) guards its body.
    guardBlocks: new Set([...DEFAULT_GUARD_BLOCKS, ...lockFunctions]),
    initializerSuffixes: [...DEFAULT_INITIALIZER_SUFFIXES, ...(options.initializerSuffixes ?? [])],
  };
}

const DEFAULT_OPTIONS = resolveMixedAccessOptions();
const optionsBySyntax = new WeakMap<object, MixedAccessOptions>();

/** Called by the rule before the file is analysed; `syntaxRoot` is the linted file's AST root. */
export function setMixedAccessOptions(syntaxRoot: object, options: MixedAccessRuleOptions | undefined): void {
  optionsBySyntax.set(syntaxRoot, resolveMixedAccessOptions(options));
}

/** The options set for this syntax tree, or the defaults (analyses run outside ESLint, tests). */
export function mixedAccessOptionsFor(syntaxRoot: unknown): MixedAccessOptions {
  return (typeof syntaxRoot === "object" && syntaxRoot !== null && optionsBySyntax.get(syntaxRoot)) || DEFAULT_OPTIONS;
}
