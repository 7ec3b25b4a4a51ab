import type { Access, IrEvent } from "../ir/events.js";
import { fieldKeysMatch, type FieldKey } from "../ir/field-key.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { leafEvents } from "../ir/walk.js";
import type { OrderingPoint, SideAccess } from "../pairing/ordering-point.js";
import type { PairEdge } from "../pairing/pair-edge.js";
import type { FlowScanner } from "../pairing/flow-scan.js";
import { functionFlow } from "../pairing/function-flow.js";
import type { PairingView } from "../pairing/pairing-view.js";
import { functionDependencies } from "./dependency-closure.js";

/** A load after a dependency head that reads what a writer published, ordered only by a condition. */
export interface UnorderedControlLoad {
  head: Access;
  load: Access;
  /** The writer that stores the load's field before publishing the head's field. */
  edge: PairEdge;
}

/**
 * For a read side made of a dependency (a consume load such as `rcu_dereference()`, or a relaxed load
 * whose value later loads use as an address), the later loads that depend on it only by control, and
 * that a writer in the project publishes through the head's field: the pair the writer counts on
 * does not hold for them, because a control dependency does not order two loads.
 */
export function unorderedControlLoads(point: OrderingPoint, view: PairingView, scanner: FlowScanner): UnorderedControlLoad[] {
  if (point.kind !== "consume-load" && point.kind !== "address-dependency") return [];
  const dependencies = functionDependencies(point.fn);
  const head = dependencies.access(point.eventId);
  const start = functionFlow(point.fn).nodeOfEvent.get(point.eventId);
  if (!head || start === undefined) return [];
  const found: UnorderedControlLoad[] = [];
  const storedHere = storedKeys(point.fn);
  const underNull = head.type?.category === "pointer" ? eventsWhereZero(point.fn.body, head.id) : new Set<string>();
  const forward = scanner.side(point.fn, start, "forward");
  const throughOrderedPointer = (access: Access) => [...dependencies.closureOf(access).data]
    .some((id) => id === head.id || ORDERED_HEADS.has(dependencies.access(id)?.order ?? "plain"));
  // A field the reader also loads through an ordered pointer is ordered there for the object that
  // pointer names; another load of it is of another object (`node->hash` beside `next->hash`).
  const addressOrdered = forward.filter((side) => side.context === "local" && side.access.op === "load"
    && throughOrderedPointer(side.access)).map((side) => side.access.key);
  for (const side of forward) {
    const load = side.access;
    // An RMW writes as well, and a control dependency does order a later store; fields the reader
    // stores itself are its own data, not something published to it.
    if (side.context !== "local" || side.crossesIteration || load.op !== "load") continue;
    if (fieldKeysMatch(load.key, head.key) || [...storedHere].some((key) => fieldKeysMatch(key, load.key))) continue;
    if (addressOrdered.some((key) => fieldKeysMatch(key, load.key))) continue;
    // Under `if (head == NULL)` the reader saw no pointer: nothing was published to it through the head.
    if (underNull.has(load.id)) continue;
    const closure = dependencies.closureOf(load);
    if (closure.data.has(head.id) || !closure.control.has(head.id)) continue;
    // Its address comes from another ordered pointer load: that dependency orders it, whatever this head does.
    if (throughOrderedPointer(load)) continue;
    const edge = publishingWriter(point, head, side, view);
    if (edge) found.push({ head, load, edge });
  }
  return found;
}

const ORDERED_HEADS: ReadonlySet<string> = new Set(["consume", "acquire", "seqcst", "mb"]);

/** A message-passing partner that would pair with the head if `load` were ordered after it. */
function publishingWriter(point: OrderingPoint, head: Access, load: SideAccess, view: PairingView): PairEdge | undefined {
  const reader: OrderingPoint = {
    ...point,
    id: `${point.id}::control:${load.access.id}`,
    read: {
      before: [{ access: head, fn: point.fn, position: "self", context: "local", via: [], crossesIteration: false }],
      after: [{ ...load, position: "after" }],
    },
  };
  delete reader.storeBuffering;
  delete reader.write;
  // A writer in the reader's own function is the reader's own later code, not another thread.
  return view.partnersOf(reader).find((edge) => edge.kind === "message-passing" && edge.to === reader && edge.from.fn !== point.fn);
}

/** Ids of the leaf events in the arms of branches that run only when the load `loadId` read zero (NULL). */
function eventsWhereZero(events: readonly IrEvent[], loadId: string, found = new Set<string>()): Set<string> {
  for (const event of events) {
    if (event.kind === "loop") eventsWhereZero(event.body, loadId, found);
    else if (event.kind === "branch") {
      const test = event.test;
      const zeroArm = test?.loadId === loadId && test.value === 0 ? (test.op === "==" ? 0 : 1) : -1;
      event.arms.forEach((arm, index) => {
        if (index === zeroArm) for (const leaf of leafEvents(arm)) found.add(leaf.id);
        else eventsWhereZero(arm, loadId, found);
      });
    }
  }
  return found;
}

function storedKeys(fn: FunctionIR): Set<FieldKey> {
  return new Set(leafEvents(fn.body).flatMap((event) => (event.kind === "access" && event.op !== "load" ? [event.key] : [])));
}
