import type { MemoryModel, SkeletonEvent } from "../../model/index.js";
import type { Access, FenceKind } from "../ir/events.js";

/** The model's vocabulary for one access, before registers, values and dependencies are given. */
export type AccessShape =
  | { kind: "read"; order: Extract<SkeletonEvent, { kind: "read" }>["order"]; fenceAfter?: ModelFence }
  | { kind: "write"; order: Extract<SkeletonEvent, { kind: "write" }>["order"]; fenceBefore?: ModelFence; fenceAfter?: ModelFence }
  | { kind: "rmw"; order: Extract<SkeletonEvent, { kind: "rmw" }>["order"]; noReturn: boolean };

export type ModelFence = Extract<SkeletonEvent, { kind: "fence" }>["fence"];

/** Whether the model is the kernel's (LKMM) rather than C11/JS: the two name fences and SC differently. */
function isKernelModel(model: MemoryModel): boolean {
  return model.name === "lkmm";
}

/**
 * An IR access as a model event. Sequentially consistent accesses map to acquire/release in LKMM
 * (the kernel model has no SC access; the weaker mapping never hides a report). An RMW is a full
 * barrier only when the dialect says so (`rmwIsFullBarrier`): QEMU's RMWs are acquire/release
 * operations, and that is the 2020 aio_notify() bug class.
 */
export function accessShape(access: Access, model: MemoryModel): AccessShape {
  const kernel = isKernelModel(model);
  if (access.op === "rmw") {
    const noReturn = access.returnsValue === false;
    if (access.rmwIsFullBarrier) return { kind: "rmw", order: kernel ? "full" : "sc", noReturn };
    switch (access.order) {
      case "acquire": case "consume": return { kind: "rmw", order: "acquire", noReturn };
      case "release": return { kind: "rmw", order: "release", noReturn };
      case "seqcst": case "mb": return { kind: "rmw", order: kernel ? "acq_rel" : "sc", noReturn };
      default: return { kind: "rmw", order: "once", noReturn };
    }
  }
  if (access.op === "load") {
    switch (access.order) {
      case "plain": return { kind: "read", order: "plain" };
      case "once": return { kind: "read", order: "once" };
      case "consume": return { kind: "read", order: kernel ? "once" : "consume" };
      case "acquire": return { kind: "read", order: "acquire" };
      case "release": return { kind: "read", order: "once" };
      case "seqcst": return { kind: "read", order: kernel ? "acquire" : "sc" };
      // QEMU's atomic_mb_read: a read followed by an acquire fence (atomics.rst, 2020).
      case "mb": return { kind: "read", order: "once", fenceAfter: "acquire" };
    }
  }
  switch (access.order) {
    case "plain": return { kind: "write", order: "plain" };
    case "once": case "consume": case "acquire": return { kind: "write", order: "once" };
    case "release": return { kind: "write", order: "release" };
    case "seqcst": return { kind: "write", order: kernel ? "release" : "sc" };
    // atomic_mb_set / smp_store_mb: a release fence, the store, then a full barrier.
    case "mb": return { kind: "write", order: "once", fenceBefore: "release", fenceAfter: kernel ? "mb" : "sc" };
  }
}

/** An IR fence as a model fence; undefined for one that orders nothing the model sees. */
export function modelFence(fence: FenceKind, model: MemoryModel): ModelFence | undefined {
  const kernel = isKernelModel(model);
  switch (fence) {
    case "compiler": return "barrier";
    case "read-depends": return undefined;
    case "rmb": return kernel ? "rmb" : "acquire";
    case "wmb": return kernel ? "wmb" : "release";
    case "mb": return kernel ? "mb" : "sc";
    case "acquire": return "acquire";
    case "release": return "release";
    case "before-rmw": return kernel ? "before-atomic" : "sc";
    case "after-rmw": return kernel ? "after-atomic" : "sc";
  }
}
