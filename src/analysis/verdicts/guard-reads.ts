import type { Access, IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { isKnownLocation } from "../ir/field-key.js";
import { leafEvents } from "../ir/walk.js";
import type { ResolvedDialect } from "../dialects/registry.js";
import { functionsStoring } from "./candidate-functions.js";
import { judgePair, type PairVerdict } from "./pair-verdict.js";
import type { VerdictContext } from "./point-verdicts.js";
import { wholeFunction } from "./thread-items.js";

/**
 * A marked load whose value guards other shared accesses of its function (decides whether they run,
 * or gives their index or address), with a writer that stores the guarded location before the
 * guard's, and neither function ordering anything: ordering is intended, and the model says whether
 * the marked accesses alone give it.
 */
export interface GuardPair {
  guard: Access;
  guarded: Access;
  reader: FunctionIR;
  writer: FunctionIR;
  /** The writer's store of the guarded location and its later store of the guard. */
  data: Access;
  flag: Access;
  verdict: Extract<PairVerdict, { kind: "allowed" }>;
}

/** Per function: its accesses in flow order, and whether it orders nothing (computed once; writers are asked by many readers). */
const facts = new WeakMap<FunctionIR, { accesses: Access[]; ordersNothing: boolean }>();

function factsOf(fn: FunctionIR): { accesses: Access[]; ordersNothing: boolean } {
  let known = facts.get(fn);
  if (!known) {
    const leaves = leafEvents(fn.body);
    known = {
      accesses: leaves.filter((event): event is Access => event.kind === "access"),
      // Anything that orders (a fence, an acquire, a release, an ordered RMW) is the ordering points' business.
      ordersNothing: leaves.every((event) => event.kind === "call"
        || (event.kind === "access" && (event.order === "plain" || event.order === "once") && !(event.op === "rmw" && event.rmwIsFullBarrier))),
    };
    facts.set(fn, known);
  }
  return known;
}

function ordersNothing(fn: FunctionIR): boolean {
  return factsOf(fn).ordersNothing;
}

/**
 * Whether the function, or one of its direct callers (`timer_del()` around `timer_del_locked()`),
 * takes a lock, holds one for a block, or says one is held: the lock orders, not the accesses.
 */
function locked(fn: FunctionIR, context: VerdictContext): boolean {
  const dialect = context.input.options.dialect;
  return usesLocks(fn, dialect) || context.callersOf(fn).some((caller) => usesLocks(caller, dialect));
}

/** Lock calls of the C libraries and kernels the dialects cover, besides those a dialect lists. */
const COMMON_LOCKS: ReadonlySet<string> = new Set([
  "pthread_mutex_lock", "pthread_spin_lock", "pthread_rwlock_rdlock", "pthread_rwlock_wrlock",
  "qemu_mutex_lock", "qemu_rec_mutex_lock", "qemu_spin_lock", "qemu_co_mutex_lock", "qemu_lockcnt_lock", "bql_lock",
  "spin_lock", "spin_lock_irq", "spin_lock_irqsave", "spin_lock_bh", "raw_spin_lock", "raw_spin_lock_irqsave", "mutex_lock",
  "read_lock", "write_lock", "down_read", "down_write", "rte_spinlock_lock", "rte_rwlock_read_lock", "rte_rwlock_write_lock",
]);

function usesLocks(fn: FunctionIR, dialect: ResolvedDialect): boolean {
  const { locks, unlocks, scopedGuards, guardBlocks, assertions, heldPredicates } = dialect.locking;
  const names = [COMMON_LOCKS, locks, unlocks, scopedGuards, assertions, heldPredicates];
  const visit = (events: readonly IrEvent[]): boolean => events.some((event) => {
    if (event.kind === "call") return names.some((set) => set.has(event.callee));
    if (event.kind === "loop") return (event.macro !== undefined && guardBlocks.has(event.macro)) || visit(event.body);
    if (event.kind === "branch") return event.arms.some(visit);
    return false;
  });
  return visit(fn.body);
}

const isShared = (access: Access) => isKnownLocation(access.key);

/** The function's marked loads that guard other shared accesses, each with those accesses. */
function guardsOf(fn: FunctionIR): { guard: Access; guarded: Access[] }[] {
  const accesses = factsOf(fn).accesses;
  const found: { guard: Access; guarded: Access[] }[] = [];
  for (const guard of accesses) {
    if (guard.op !== "load" || guard.order !== "once" || !isShared(guard)) continue;
    const guarded = accesses.filter((other) => other !== guard && other.key.id !== guard.key.id && isShared(other)
      && other.dependsOn.some((dep) => dep.loadId === guard.id && dep.via !== "value"));
    if (guarded.length > 0) found.push({ guard, guarded });
  }
  return found;
}

/** The writer's marked store of the guard's location after a store of one of the guarded locations, in its own flow. */
function writerStores(writer: FunctionIR, guard: Access, guarded: readonly Access[]): { flag: Access; data: Access } | undefined {
  const accesses = factsOf(writer).accesses;
  for (const [index, flag] of accesses.entries()) {
    if (flag.op === "load" || flag.order === "plain" || flag.key.id !== guard.key.id) continue;
    // The last such store: the one the guarded access sees or overwrites.
    const data = accesses.slice(0, index).reverse().find((earlier) => earlier.op !== "load" && guarded.some((each) => each.key.id === earlier.key.id));
    if (data) return { flag, data };
  }
  return undefined;
}

/** Pairs of a guard load of the linted file's function and a writer, that the model lets go wrong. */
export function unorderedGuards(context: VerdictContext, fn: FunctionIR): GuardPair[] {
  const { model, input } = context;
  if (!model || fn.isPrimitiveWrapper || fn.hasParseErrors || !ordersNothing(fn)) return [];
  const guards = guardsOf(fn);
  if (guards.length === 0 || locked(fn, context)) return [];
  const pairs: GuardPair[] = [];
  for (const { guard, guarded } of guards) {
    const writers = functionsStoring(input.project, input.fileIR, fn, guard.key.id, (writer) => !writer.isPrimitiveWrapper && !writer.hasParseErrors
      && ordersNothing(writer) && writerStores(writer, guard, guarded) !== undefined && !locked(writer, context));
    for (const writer of writers) {
      const { flag, data } = writerStores(writer, guard, guarded)!;
      const accessed = guarded.find((each) => each.key.id === data.key.id)!;
      const anchors = new Set<unknown>([guard, accessed, flag, data]);
      const verdict = judgePair([wholeFunction(fn, context.fenceOfCall), wholeFunction(writer, context.fenceOfCall)], model, anchors,
        { writer: 1, flag: guard.key.id, data: data.key.id }, true);
      if (verdict.kind !== "allowed") continue;
      pairs.push({ guard, guarded: accessed, reader: fn, writer, data, flag, verdict });
      break;
    }
  }
  return pairs;
}
