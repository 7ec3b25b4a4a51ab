import type { ResolvedDialect } from "../dialects/registry.js";
import type { Fence, FenceKind } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { Site } from "../ir/site.js";
import { wrappedFence, type CodeScope } from "../pairing/code-scope.js";
import { functionFlow } from "../pairing/function-flow.js";

/** A CPU barrier in a function: a fence event, or a call of a wrapper around one (`my_wmb()`). */
export interface FenceUse {
  /** Flow node of the fence or the call. */
  node: number;
  kind: FenceKind;
  flavour: Fence["flavour"];
  /** As written: `smp_wmb`, or the wrapper's name. */
  api: string;
  site: Site;
}

/**
 * Which pairs of earlier/later accesses a barrier orders, as bits: a dependent load after a load,
 * any load after a load, a store after a load, a load after a store, a store after a store.
 */
const DEPENDENT_LOAD_LOAD = 1;
const LOAD_LOAD = 2 | DEPENDENT_LOAD_LOAD;
const LOAD_STORE = 4;
const STORE_LOAD = 8;
const STORE_STORE = 16;

const ORDERINGS: Partial<Record<FenceKind, number>> = {
  "read-depends": DEPENDENT_LOAD_LOAD,
  rmb: LOAD_LOAD,
  wmb: STORE_STORE,
  acquire: LOAD_LOAD | LOAD_STORE,
  release: LOAD_STORE | STORE_STORE,
  mb: LOAD_LOAD | LOAD_STORE | STORE_LOAD | STORE_STORE,
};

/** What a side of a barrier must hold for the barrier to order anything. */
export type Needed = "load" | "store" | "access";

/** For each barrier kind the rule checks: the accesses its earlier and later sides must hold. */
export const SIDE_NEEDS: Partial<Record<FenceKind, { before: Needed; after: Needed }>> = {
  "read-depends": { before: "load", after: "load" },
  rmb: { before: "load", after: "load" },
  wmb: { before: "store", after: "store" },
  acquire: { before: "load", after: "access" },
  release: { before: "access", after: "store" },
  mb: { before: "access", after: "access" },
};

/**
 * Whether barrier `a` orders everything `b` does, so that `b` next to `a` adds nothing. A mandatory
 * barrier covers the smp, dma and virt ones of its kind; otherwise the flavours must agree.
 */
export function subsumes(a: FenceUse, b: FenceUse): boolean {
  const ordersA = ORDERINGS[a.kind];
  const ordersB = ORDERINGS[b.kind];
  if (ordersA === undefined || ordersB === undefined) return false;
  if (a.flavour !== b.flavour && a.flavour !== "mandatory") return false;
  return (ordersA & ordersB) === ordersB;
}

/**
 * The barriers of a function, in flow-node order. Compiler barriers are left out (they order nothing
 * on the CPU and have other uses); fences that flank an atomic read-modify-write are left out too.
 */
export function fenceUsesOf(fn: FunctionIR, scope: CodeScope): FenceUse[] {
  const uses: FenceUse[] = [];
  for (const node of functionFlow(fn).nodes) {
    const event = node.event;
    if (!event) continue;
    let fence: Fence | undefined;
    if (event.kind === "fence") fence = event;
    else if (event.kind === "call") fence = wrappedFence(scope, fn, event.callee);
    if (!fence || ORDERINGS[fence.fence] === undefined) continue;
    uses.push({
      node: node.index,
      kind: fence.fence,
      flavour: fence.flavour,
      api: event.kind === "call" ? event.callee : fence.api,
      site: event.site,
    });
  }
  return uses;
}

const C11_ORDER: Partial<Record<FenceKind, string>> = { acquire: "acquire", release: "release", mb: "seq_cst" };

/** `smp_wmb()`, or `atomic_thread_fence(memory_order_acquire)` for a fence whose order is an argument. */
export function fenceLabel(use: FenceUse, dialect: ResolvedDialect): string {
  const primitive = dialect.primitives.get(use.api);
  const order = C11_ORDER[use.kind];
  if (primitive?.kind !== "fence" || primitive.orderArg === undefined || !order) return `${use.api}()`;
  return use.api.startsWith("__atomic") ? `${use.api}(__ATOMIC_${order.toUpperCase()})` : `${use.api}(memory_order_${order})`;
}
