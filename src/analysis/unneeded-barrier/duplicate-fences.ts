import type { FunctionIR } from "../ir/function-ir.js";
import { functionFlow, type FunctionFlow } from "../pairing/function-flow.js";
import { subsumes, type FenceUse } from "./fence-uses.js";

/** Two barriers with nothing between them, one of which orders everything the other does. */
export interface DuplicateFence {
  /** The barrier that adds nothing. */
  redundant: FenceUse;
  /** Its neighbour, which already orders everything it does. */
  covering: FenceUse;
  /** Whether the redundant one comes second (`smp_wmb(); smp_wmb();`) or first (`smp_rmb(); smp_mb();`). */
  position: "after" | "before";
}

/**
 * Back-to-back barriers: the next leaf after one is the other on the only path between them (compiler
 * barriers are stepped over). Each barrier is reported at most once; the second of a pair is the one
 * reported when they are equal.
 */
export function duplicateFences(fn: FunctionIR, uses: readonly FenceUse[]): DuplicateFence[] {
  const flow = functionFlow(fn);
  const byNode = new Map(uses.map((use) => [use.node, use]));
  // A reported barrier stands for the one that covers it: in `smp_mb(); smp_mb(); smp_mb();` the
  // third is compared with the first.
  const coveredBy = new Map<FenceUse, FenceUse>();
  const duplicates: DuplicateFence[] = [];
  for (const use of uses) {
    const first = coveredBy.get(use) ?? use;
    const nextNode = nextLeaf(flow, use.node);
    const second = nextNode === undefined ? undefined : byNode.get(nextNode);
    if (!second || coveredBy.has(second) || coveredBy.has(first)) continue;
    if (subsumes(first, second)) {
      duplicates.push({ redundant: second, covering: first, position: "after" });
      coveredBy.set(second, first);
    } else if (subsumes(second, first)) {
      duplicates.push({ redundant: first, covering: second, position: "before" });
      coveredBy.set(first, second);
    }
  }
  return duplicates;
}

/** The single leaf that follows `index` and that only `index` leads to, stepping over compiler barriers. */
function nextLeaf(flow: FunctionFlow, index: number): number | undefined {
  let current = index;
  for (;;) {
    const successors = flow.nodes[current]!.successors;
    if (successors.length !== 1) return undefined;
    const next = flow.nodes[successors[0]!]!;
    if (next.role !== "event" || next.predecessors.length !== 1) return undefined;
    if (next.event?.kind === "fence" && next.event.fence === "compiler") {
      current = next.index;
      continue;
    }
    return next.index;
  }
}
