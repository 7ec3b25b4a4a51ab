import { getOrCreate } from "../memo.js";
import { functionFlow } from "./function-flow.js";
import type { OrderingPoint } from "./ordering-point.js";

const reachability = new WeakMap<object, Map<number, Uint8Array>>();

/** Nodes of `point`'s flow reachable from its node, cached per flow and start node. */
function reachableFrom(point: OrderingPoint): Uint8Array | undefined {
  const flow = functionFlow(point.fn);
  const start = flow.nodeOfEvent.get(point.eventId);
  if (start === undefined) return undefined;
  const byStart = getOrCreate(reachability, flow, () => new Map<number, Uint8Array>());
  return getOrCreate(byStart, start, () => {
    const seen = new Uint8Array(flow.nodes.length);
    const pending = [start];
    while (pending.length > 0) {
      const node = pending.pop()!;
      for (const next of flow.nodes[node]!.successors) {
        if (seen[next]) continue;
        seen[next] = 1;
        pending.push(next);
      }
    }
    return seen;
  });
}

/**
 * Whether one thread runs both points, one after the other: two different points of one function
 * where either reaches the other along the flow (loops included). Points on exclusive branches (a
 * function that plays either role) are not sequenced.
 */
export function isSequencedInOneFunction(a: OrderingPoint, b: OrderingPoint): boolean {
  if (a === b || a.fn !== b.fn) return false;
  const flow = functionFlow(a.fn);
  const nodeA = flow.nodeOfEvent.get(a.eventId);
  const nodeB = flow.nodeOfEvent.get(b.eventId);
  if (nodeA === undefined || nodeB === undefined) return false;
  return reachableFrom(a)?.[nodeB] === 1 || reachableFrom(b)?.[nodeA] === 1;
}
