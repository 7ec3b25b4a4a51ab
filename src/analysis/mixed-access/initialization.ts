import type { Access, Call, Fence } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { functionFlow } from "../pairing/function-flow.js";
import { leafEvents } from "../ir/walk.js";

/**
 * Something after which an object may be visible to other threads: a CPU barrier, or an atomic store
 * or read-modify-write (`qatomic_set(&list->head, obj)`, `rcu_assign_pointer()`).
 */
export function isPublication(event: Access | Fence | Call): boolean {
  if (event.kind === "fence") return event.fence !== "compiler";
  if (event.kind === "access") return event.order !== "plain" && event.op !== "load";
  return false;
}

/** `foo_init`, `object_new`, `vq_create`, `dev_realize`: functions that set an object up before it is shared. */
export function isInitializerName(name: string, suffixes: readonly string[]): boolean {
  const base = name.includes("::") ? name.slice(name.lastIndexOf("::") + 2) : name;
  return suffixes.some((suffix) => base.endsWith(suffix) && base.length > suffix.length);
}

/**
 * `qio_channel_finalize`, `device_finalizefn`: QOM's instance finalisers, which run once the last
 * reference to the object is dropped, so no other thread can reach it.
 */
export function isFinalizerName(name: string, suffixes: readonly string[]): boolean {
  return isInitializerName(name, suffixes);
}

const callNames = new WeakMap<FunctionIR, ReadonlySet<string>>();

/** Whether `fn` calls any of `names` anywhere in its body. */
export function callsAnyOf(fn: FunctionIR, names: ReadonlySet<string>): boolean {
  let called = callNames.get(fn);
  if (!called) {
    called = new Set(leafEvents(fn.body).flatMap((event) => (event.kind === "call" ? [event.callee] : [])));
    callNames.set(fn, called);
  }
  for (const name of called) if (names.has(name)) return true;
  return false;
}

/** Whether no publication precedes `access` on any path from the entry of `fn`. */
export function beforeAnyPublication(fn: FunctionIR, access: Access): boolean {
  const flow = functionFlow(fn);
  const start = flow.nodeOfEvent.get(access.id);
  if (start === undefined) return false;
  const seen = new Uint8Array(flow.nodes.length);
  const queue = [start];
  seen[start] = 1;
  for (let head = 0; head < queue.length; head++) {
    for (const previous of flow.nodes[queue[head]!]!.predecessors) {
      if (seen[previous]) continue;
      seen[previous] = 1;
      const event = flow.nodes[previous]!.event;
      if (event && isPublication(event)) return false;
      queue.push(previous);
    }
  }
  return true;
}

/** Whether a publication sits between two offsets of `fn` (in the text: straight-line set-up code). */
export function publicationBetween(fn: FunctionIR, from: number, to: number): boolean {
  return leafEvents(fn.body).some((event) => event.site.range[0] > from && event.site.range[0] < to && isPublication(event));
}

/**
 * Without the syntax (a file the index read): `access` is a store that follows a call of an allocator
 * in the same function with no publication in between. It does not check that the store goes through
 * the allocated pointer, so it may take another object's store for initialisation.
 */
export function storeAfterAllocationCall(fn: FunctionIR, access: Access, allocators: ReadonlySet<string>): boolean {
  if (access.op === "load") return false;
  const start = access.site.range[0];
  let allocation: number | undefined;
  for (const event of leafEvents(fn.body)) {
    if (event.kind === "call" && allocators.has(event.callee) && event.site.range[0] < start) {
      allocation = Math.max(allocation ?? -1, event.site.range[1]);
    }
  }
  return allocation !== undefined && !publicationBetween(fn, allocation, start);
}
