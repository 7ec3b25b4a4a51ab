import type { Access, Fence, FenceKind } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { Site } from "../ir/site.js";
import { wrappedFence } from "./code-scope.js";
import type { FlowScanner } from "./flow-scan.js";
import { functionFlow, type FunctionFlow } from "./function-flow.js";
import { pooledSideAccess } from "./side-access-pool.js";
import { isLoad, isStore, type OrderingPoint, type OrderedSides, type PointKind, type SideAccess, type StoreBufferingSide } from "./ordering-point.js";

const FENCE_POINT: Partial<Record<FenceKind, PointKind>> = {
  wmb: "wmb", rmb: "rmb", mb: "mb", acquire: "acquire-fence", release: "release-fence", "read-depends": "read-depends",
};

/** Ordering points of one function. Results are cached per scanner and FunctionIR object. */
export class PointExtractor {
  private readonly cache = new WeakMap<FunctionIR, OrderingPoint[]>();

  constructor(readonly scanner: FlowScanner) {}

  pointsOf(fn: FunctionIR): OrderingPoint[] {
    let points = this.cache.get(fn);
    if (!points) {
      points = new FunctionPoints(fn, this.scanner).extract();
      this.cache.set(fn, points);
    }
    return points;
  }
}

/** A fence as the point sees it: a fence event, or a call of a wrapper around one. */
interface FenceUse {
  kind: FenceKind;
  api: string;
  flavour: Fence["flavour"];
  eventId: string;
  site: Site;
}

class FunctionPoints {
  private readonly flow: FunctionFlow;
  private readonly points: OrderingPoint[] = [];

  constructor(private readonly fn: FunctionIR, private readonly scanner: FlowScanner) {
    this.flow = functionFlow(fn);
  }

  extract(): OrderingPoint[] {
    for (const node of this.flow.nodes) {
      const event = node.event;
      if (!event) continue;
      if (event.kind === "access") this.fromAccess(event, node.index);
      else {
        const fence = this.fenceAt(node.index);
        if (fence) this.fromFence(fence, node.index);
      }
    }
    return this.points.sort((a, b) => a.site.range[0] - b.site.range[0] || a.id.localeCompare(b.id));
  }

  private fenceAt(index: number): FenceUse | undefined {
    const event = this.flow.nodes[index]?.event;
    if (!event) return undefined;
    if (event.kind === "fence") {
      return event.fence === "compiler" ? undefined
        : { kind: event.fence, api: event.api, flavour: event.flavour, eventId: event.id, site: event.site };
    }
    if (event.kind !== "call") return undefined;
    const wrapped = wrappedFence(this.scanner.scope, this.fn, event.callee);
    return wrapped ? { kind: wrapped.fence, api: event.callee, flavour: wrapped.flavour, eventId: event.id, site: event.site } : undefined;
  }

  private fromFence(fence: FenceUse, index: number): void {
    if (fence.kind === "before-rmw" || fence.kind === "after-rmw") {
      // A fence flanking an RMW belongs to the RMW's point; a lone one is taken as the full barrier it compiles to.
      if (this.flankedRmw(index, fence.kind === "before-rmw" ? "forward" : "backward")) return;
    }
    const kind = FENCE_POINT[fence.kind] ?? "mb";
    const back = this.side(index, "backward");
    const forward = this.side(index, "forward");
    // smp_wmb()/smp_rmb() order stores among stores and loads among loads; release and acquire
    // fences (and full barriers) also order the loads before, or the stores after, them.
    const releases = kind === "release-fence" || kind === "mb";
    const acquires = kind === "acquire-fence" || kind === "mb";
    this.add({
      kind, api: fence.api, label: `${fence.api}()`, explicit: true, flavour: fence.flavour, eventId: fence.eventId, site: fence.site,
      ...(kind === "wmb" || releases ? { write: { before: releases ? back.all : back.stores, after: forward.stores } } : {}),
      ...(kind === "rmb" || kind === "read-depends" || acquires
        ? { read: { before: back.loads, after: acquires ? forward.all : forward.loads } } : {}),
      storeBuffering: { stores: back.stores, loads: forward.loads, strength: kind === "mb" ? "full" : "weak" },
    });
  }

  private fromAccess(access: Access, index: number): void {
    if (access.op === "rmw") {
      // `x++` on a plain variable is lowered as an RMW too, but it is no atomic operation.
      if (access.order !== "plain") this.fromRmw(access, index);
      return;
    }
    const kind = accessPointKind(access);
    if (!kind) {
      const dependents = this.flow.addressDependents.get(access.id) ?? [];
      if (access.op === "load" && access.order === "once" && dependents.length > 0) this.fromDependency(access, dependents);
      return;
    }
    const self = this.self(access);
    const back = this.side(index, "backward");
    const forward = this.side(index, "forward");
    const base = {
      kind, api: access.api, label: `${access.api}(${access.key.id})`, flavour: "smp" as const, eventId: access.id, site: access.site,
      // RCU readers and seq-cst accesses are everyday code whose partners often hide in macros: not reported
      // alone. JS `Atomics.load/store` are the only ordering JS has, so there they are the barriers.
      explicit: isAtomicsCall(access.api) || (kind !== "seqcst-store" && kind !== "seqcst-load" && kind !== "consume-load"),
    };
    if (kind === "mb-store") {
      // Release, store, full barrier.
      this.add({
        ...base,
        write: { before: [...back.all, self], after: [self, ...forward.stores] },
        read: { before: back.loads, after: forward.all },
        storeBuffering: { stores: [...back.stores, self], loads: forward.loads, strength: "full" },
      });
    } else if (access.op === "store") {
      this.add({
        ...base,
        write: { before: back.all, after: [self] },
        ...(kind === "release-store" || kind === "seqcst-store" ? { unordered: { after: forward.plain } } : {}),
        storeBuffering: { stores: [...back.stores, self], loads: forward.loads, strength: "weak" },
      });
    } else {
      this.add({
        ...base,
        read: { before: [self], after: forward.all },
        ...(kind === "acquire-load" || kind === "seqcst-load" ? { unordered: { before: back.plain } } : {}),
        storeBuffering: { stores: back.stores, loads: [self, ...forward.loads], strength: "weak" },
      });
    }
  }

  private fromDependency(head: Access, dependents: readonly Access[]): void {
    this.add({
      kind: "address-dependency", api: head.api, label: `address dependency on ${head.api}(${head.key.id})`, explicit: false,
      flavour: "smp", eventId: head.id, site: head.site,
      read: {
        before: [this.self(head)],
        after: dependents.map((access) => pooledSideAccess({ access, fn: this.fn, position: "after", context: "local", via: NO_VIA, crossesIteration: false })),
      },
    });
  }

  private fromRmw(access: Access, index: number): void {
    const before = this.flankFence(index, "backward", "before-rmw");
    const after = this.flankFence(index, "forward", "after-rmw");
    const self = this.self(access);
    const back = this.side(before ?? index, "backward");
    const forward = this.side(after ?? index, "forward");
    const full = access.rmwIsFullBarrier === true || (before !== undefined && after !== undefined);
    const storeBuffering: StoreBufferingSide = {
      stores: [...back.stores, self],
      loads: [self, ...forward.loads],
      strength: full ? "full" : "rmw",
      ...(full ? {} : { flanks: { before: before !== undefined, after: after !== undefined } }),
    };
    const roles = rmwRoles(access, self, back, forward, { full, before: before !== undefined, after: after !== undefined });
    const flank = this.flow.nodes[after ?? before ?? index]!.event!;
    const flankNames = [before, after].filter((node) => node !== undefined).map((node) => `${fenceApi(this.flow, node)}()`);
    this.add({
      kind: "rmw", api: access.api, label: [`${access.api}(${access.key.id})`, ...flankNames].join(" + "),
      explicit: before !== undefined || after !== undefined, flavour: "smp", eventId: access.id, site: flank.site,
      ...roles, storeBuffering,
    });
  }

  /** Whether the fence at `index` flanks an RMW (the RMW is the next leaf forward, or the previous one backward). */
  private flankedRmw(index: number, direction: "forward" | "backward"): boolean {
    const neighbour = this.adjacentLeaf(index, direction);
    const event = neighbour === undefined ? undefined : this.flow.nodes[neighbour]!.event;
    return event?.kind === "access" && event.op === "rmw";
  }

  private flankFence(index: number, direction: "forward" | "backward", kind: FenceKind): number | undefined {
    const neighbour = this.adjacentLeaf(index, direction);
    if (neighbour === undefined) return undefined;
    return this.fenceAt(neighbour)?.kind === kind ? neighbour : undefined;
  }

  /** The single leaf next to `index`, stepping over compiler barriers; undefined at a join or a split. */
  private adjacentLeaf(index: number, direction: "forward" | "backward"): number | undefined {
    let current = index;
    for (;;) {
      const node = this.flow.nodes[current]!;
      const neighbours = direction === "forward" ? node.successors : node.predecessors;
      if (neighbours.length !== 1) return undefined;
      const next = this.flow.nodes[neighbours[0]!]!;
      if (next.role !== "event") return undefined;
      if (direction === "forward" ? next.predecessors.length !== 1 : next.successors.length !== 1) return undefined;
      if (next.event?.kind === "fence" && next.event.fence === "compiler") {
        current = next.index;
        continue;
      }
      return next.index;
    }
  }

  private side(index: number, direction: "forward" | "backward"): SideViews {
    const side = this.scanner.side(this.fn, index, direction);
    for (let i = 0; i < side.length; i++) side[i] = pooledSideAccess(side[i]!);
    return new SideViews(side);
  }

  private self(access: Access): SideAccess {
    return pooledSideAccess({ access, fn: this.fn, position: "self", context: "local", via: NO_VIA, crossesIteration: false });
  }

  private add(point: Omit<OrderingPoint, "id" | "fn" | "file">): void {
    const file = this.fn.site.file;
    this.points.push({ id: `${file}::${this.fn.qualifiedName}::${point.eventId}`, fn: this.fn, file, ...point });
  }
}

const NO_VIA: readonly string[] = [];

/**
 * One side of a point and its stores, loads and plain accesses, each filtered once: a point's roles
 * share these arrays (and the partner search the key buckets built for each), rather than each role
 * holding a copy.
 */
class SideViews {
  private storesOnly?: SideAccess[];
  private loadsOnly?: SideAccess[];
  private plainOnly?: SideAccess[];

  constructor(readonly all: SideAccess[]) {}

  get stores(): SideAccess[] {
    this.storesOnly ??= this.all.filter(isStore);
    return this.storesOnly;
  }

  get loads(): SideAccess[] {
    this.loadsOnly ??= this.all.filter(isLoad);
    return this.loadsOnly;
  }

  get plain(): SideAccess[] {
    this.plainOnly ??= this.all.filter(isPlain);
    return this.plainOnly;
  }
}

/**
 * Only plain accesses can be left on a one-way point's far side: atomic ones there (a seqlock's
 * `qatomic_set()` after an `rcu_set()`) follow a protocol of their own, which the point is not part of.
 */
function isPlain(side: SideAccess): boolean {
  return side.access.order === "plain";
}

function accessPointKind(access: Access): PointKind | undefined {
  if (access.op === "store") {
    switch (access.order) {
      case "release": return "release-store";
      case "seqcst": return "seqcst-store";
      case "mb": return "mb-store";
      default: return undefined;
    }
  }
  switch (access.order) {
    case "acquire": return "acquire-load";
    case "consume": return "consume-load";
    case "seqcst": return "seqcst-load";
    case "mb": return "mb-load";
    default: return undefined;
  }
}

function fenceApi(flow: FunctionFlow, index: number): string {
  const event = flow.nodes[index]!.event!;
  return event.kind === "call" ? event.callee : event.api;
}

/**
 * Message-passing roles of an RMW. A flanking fence orders everything on its far side against the
 * RMW and beyond; without one, a seq-cst RMW still acts as a release for what precedes it and an
 * acquire for what follows.
 */
function rmwRoles(
  access: Access, self: SideAccess, back: SideViews, forward: SideViews,
  shape: { full: boolean; before: boolean; after: boolean },
): { write?: OrderedSides; read?: OrderedSides } {
  if (shape.full || shape.before || shape.after) {
    const selfBefore = shape.full || shape.after ? [self] : [];
    const selfAfter = shape.full || shape.before ? [self] : [];
    return {
      write: { before: [...back.all, ...selfBefore], after: [...selfAfter, ...forward.stores] },
      read: { before: [...back.loads, ...selfBefore], after: [...selfAfter, ...forward.all] },
    };
  }
  const releases = access.order === "seqcst" || access.order === "release" || access.order === "mb";
  const acquires = access.order === "seqcst" || access.order === "acquire" || access.order === "mb";
  return {
    ...(releases ? { write: { before: back.all, after: [self] } } : {}),
    ...(acquires ? { read: { before: [self], after: forward.all } } : {}),
  };
}

/** `Atomics.load`, `Atomics.store`, ...: JavaScript's sequentially consistent operations. */
export function isAtomicsCall(api: string): boolean {
  return api.startsWith("Atomics.");
}
