import type { ResolvedLocking } from "../dialects/registry.js";
import { getOrCreate } from "../memo.js";

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
  /** Name endings of functions that initialise an object, besides `_init`, `_initfn`, `_new`, `_create`, `_realize`. */
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
  /** Name endings of functions that tear an object down after its last reference is gone. */
  finalizerSuffixes: readonly string[];
  lockInitializers: ReadonlySet<string>;
  threadStarts: ReadonlySet<string>;
  threadJoins: ReadonlySet<string>;
  /** Calls after which a lock is held, stated rather than taken (`lockdep_assert_held(&m)`); from the dialects. */
  lockAssertions: ReadonlySet<string>;
  /** Functions saying whether a lock is held (`bql_locked`), and the assertions they are an argument of (`assert`). */
  heldPredicates: ReadonlySet<string>;
  assertMacros: ReadonlySet<string>;
  /** Annotations of a function definition saying it is entered with a lock held (`TSA_REQUIRES`, `__must_hold`). */
  requiresAnnotations: ReadonlySet<string>;
}

export const DEFAULT_ALLOCATORS: readonly string[] = [
  "g_new", "g_new0", "g_malloc", "g_malloc0", "g_try_new", "g_try_new0", "g_try_malloc", "g_try_malloc0",
  "g_slice_new", "g_slice_new0", "g_memdup", "g_memdup2", "qemu_memalign", "qemu_try_memalign",
  "malloc", "calloc", "realloc", "aligned_alloc",
  "kmalloc", "kzalloc", "kcalloc", "kmalloc_array", "kvmalloc", "kvzalloc", "vmalloc", "vzalloc",
  "kmem_cache_alloc", "kmem_cache_zalloc", "devm_kzalloc", "devm_kmalloc",
];

/**
 * Lock and unlock functions by name. A project function that takes (or releases) a lock on every path
 * is found from its body and need not be listed; these are the ones whose bodies are macros, live
 * outside the project, or count recursion (`mmap_lock()`).
 */
export const DEFAULT_LOCKS: readonly string[] = [
  "qemu_mutex_lock", "qemu_mutex_lock__raw", "qemu_mutex_lock_impl", "qemu_rec_mutex_lock", "qemu_rec_mutex_lock_impl",
  "qemu_spin_lock", "qemu_co_mutex_lock", "qemu_co_rwlock_rdlock", "qemu_co_rwlock_wrlock", "qemu_lockcnt_lock",
  "bql_lock", "bql_lock_impl", "qemu_mutex_lock_iothread", "mmap_lock",
  "spin_lock", "spin_lock_nested", "spin_lock_irq", "spin_lock_irqsave", "spin_lock_bh", "raw_spin_lock",
  "raw_spin_lock_irq", "raw_spin_lock_irqsave", "raw_spin_lock_bh", "mutex_lock", "mutex_lock_nested",
  "mutex_lock_interruptible", "mutex_lock_killable", "mutex_lock_io", "write_lock", "write_lock_irq",
  "write_lock_irqsave", "write_lock_bh", "read_lock", "read_lock_irq", "read_lock_irqsave", "read_lock_bh",
  "down_write", "down_write_nested", "down_write_killable", "down_read", "down_read_killable",
  "write_seqlock", "write_seqlock_irqsave",
  "pthread_mutex_lock", "pthread_spin_lock", "pthread_rwlock_wrlock", "pthread_rwlock_rdlock", "mtx_lock",
];

export const DEFAULT_UNLOCKS: readonly string[] = [
  "qemu_mutex_unlock", "qemu_mutex_unlock_impl", "qemu_rec_mutex_unlock", "qemu_rec_mutex_unlock_impl",
  "qemu_spin_unlock", "qemu_co_mutex_unlock", "qemu_co_rwlock_unlock", "qemu_lockcnt_unlock",
  "bql_unlock", "qemu_mutex_unlock_iothread", "mmap_unlock",
  "spin_unlock", "spin_unlock_irq", "spin_unlock_irqrestore", "spin_unlock_bh", "raw_spin_unlock",
  "raw_spin_unlock_irq", "raw_spin_unlock_irqrestore", "raw_spin_unlock_bh", "mutex_unlock", "write_unlock",
  "write_unlock_irq", "write_unlock_irqrestore", "write_unlock_bh", "read_unlock", "read_unlock_irq",
  "read_unlock_irqrestore", "read_unlock_bh", "up_write", "up_read", "write_sequnlock", "write_sequnlock_irqrestore",
  "pthread_mutex_unlock", "pthread_spin_unlock", "pthread_rwlock_unlock", "mtx_unlock",
];

export const DEFAULT_SCOPED_GUARDS: readonly string[] = ["QEMU_LOCK_GUARD", "BQL_LOCK_GUARD", "JOB_LOCK_GUARD"];

/** `scoped_guard(rcu)` is an RCU read-side section, not a lock: the checker looks at its first argument. */
export const DEFAULT_GUARD_BLOCKS: readonly string[] = [
  "WITH_QEMU_LOCK_GUARD", "WITH_JOB_LOCK_GUARD", "WITH_MMAP_LOCK_GUARD", "scoped_guard", "scoped_cond_guard",
];

/**
 * Functions that initialise a lock or another synchronisation object. A function that calls one is
 * set-up code: a lock being initialised is not yet used by anyone, so neither is the data it guards.
 */
export const DEFAULT_LOCK_INITIALIZERS: readonly string[] = [
  "qemu_mutex_init", "qemu_rec_mutex_init", "qemu_spin_init", "qemu_cond_init", "qemu_sem_init", "qemu_event_init",
  "qemu_co_mutex_init", "qemu_co_rwlock_init", "qemu_co_queue_init", "qemu_lockcnt_init",
  "spin_lock_init", "raw_spin_lock_init", "mutex_init", "rwlock_init", "init_rwsem", "seqlock_init",
  "init_waitqueue_head", "init_completion",
  "pthread_mutex_init", "pthread_spin_init", "pthread_rwlock_init", "pthread_cond_init", "sem_init",
  "mtx_init", "cnd_init",
];

/** Functions that start a thread, and functions that wait for one to end. */
export const DEFAULT_THREAD_STARTS: readonly string[] = [
  "qemu_thread_create", "pthread_create", "g_thread_new", "g_thread_try_new", "thrd_create", "kthread_run", "kthread_create",
];

export const DEFAULT_THREAD_JOINS: readonly string[] = ["qemu_thread_join", "pthread_join", "g_thread_join", "thrd_join", "kthread_stop"];

/** `_initfn` is QOM's instance_init naming (`device_initfn`). */
export const DEFAULT_INITIALIZER_SUFFIXES: readonly string[] = ["_init", "_initfn", "_new", "_create", "_realize"];

/** QOM's instance_finalize naming (`qio_channel_finalize`, `object_finalize`). */
export const DEFAULT_FINALIZER_SUFFIXES: readonly string[] = ["_finalize", "_finalizefn"];

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
    finalizerSuffixes: DEFAULT_FINALIZER_SUFFIXES,
    lockInitializers: new Set(DEFAULT_LOCK_INITIALIZERS),
    threadStarts: new Set(DEFAULT_THREAD_STARTS),
    threadJoins: new Set(DEFAULT_THREAD_JOINS),
    lockAssertions: new Set(),
    heldPredicates: new Set(),
    assertMacros: new Set(),
    requiresAnnotations: new Set(),
  };
}

const withLocking = new WeakMap<MixedAccessOptions, WeakMap<ResolvedLocking, MixedAccessOptions>>();

/** The options with the lock facts of the active dialects added (one object per pair, so caches keyed by it are shared). */
export function withDialectLocking(options: MixedAccessOptions, locking: ResolvedLocking): MixedAccessOptions {
  const byLocking = getOrCreate(withLocking, options, () => new WeakMap<ResolvedLocking, MixedAccessOptions>());
  return getOrCreate(byLocking, locking, () => ({
    ...options,
    locks: new Set([...options.locks, ...locking.locks]),
    unlocks: new Set([...options.unlocks, ...locking.unlocks]),
    scopedGuards: new Set([...options.scopedGuards, ...locking.scopedGuards]),
    guardBlocks: new Set([...options.guardBlocks, ...locking.guardBlocks]),
    lockAssertions: new Set([...options.lockAssertions, ...locking.assertions]),
    heldPredicates: new Set([...options.heldPredicates, ...locking.heldPredicates]),
    assertMacros: new Set([...options.assertMacros, ...locking.assertMacros]),
    requiresAnnotations: new Set([...options.requiresAnnotations, ...locking.requiresAnnotations]),
  }));
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
