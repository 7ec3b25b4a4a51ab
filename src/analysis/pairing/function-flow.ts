import type { Access, Call, Fence, IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";

/**
 * A function's events as a small control-flow graph, so that "before" and "after" an ordering point
 * follow branches, loops and early exits instead of the textual order.
 */
export interface FlowNode {
  index: number;
  role: "entry" | "exit" | "event" | "branch" | "loop";
  /** The leaf event this node stands for (role `event`). */
  event?: Access | Fence | Call;
  successors: number[];
  predecessors: number[];
}

export interface FunctionFlow {
  fn: FunctionIR;
  nodes: FlowNode[];
  entry: number;
  exit: number;
  /** Edges that close a loop iteration, as `from * nodes.length + to`. */
  backEdges: ReadonlySet<number>;
  /** Loop head -> index of the last node of its body (body nodes are numbered head+1 .. that index). */
  loopExtents: ReadonlyMap<number, number>;
  /** Leaf event id -> node index. */
  nodeOfEvent: ReadonlyMap<string, number>;
  /** Load id -> later accesses whose address is computed from that load's value. */
  addressDependents: ReadonlyMap<string, Access[]>;
}

const flows = new WeakMap<FunctionIR, FunctionFlow>();

/** The flow graph of a function; built once per FunctionIR object. */
export function functionFlow(fn: FunctionIR): FunctionFlow {
  let flow = flows.get(fn);
  if (!flow) {
    flow = new FlowBuilder(fn).build();
    flows.set(fn, flow);
  }
  return flow;
}

export function isBackEdge(flow: FunctionFlow, from: number, to: number): boolean {
  return flow.backEdges.has(from * flow.nodes.length + to);
}

/** Whether `node` lies inside the body of the loop whose head is `head`. */
export function isInsideLoop(flow: FunctionFlow, head: number, node: number): boolean {
  const last = flow.loopExtents.get(head);
  return last !== undefined && node > head && node <= last;
}

interface LoopContext {
  head: number;
  breaks: number[];
}

class FlowBuilder {
  private readonly nodes: FlowNode[] = [];
  private readonly backEdgePairs: [number, number][] = [];
  private readonly loopExtents = new Map<number, number>();
  private readonly nodeOfEvent = new Map<string, number>();
  private readonly addressDependents = new Map<string, Access[]>();
  private readonly exit: number;

  constructor(private readonly fn: FunctionIR) {
    this.addNode("entry");
    this.exit = this.addNode("exit");
  }

  build(): FunctionFlow {
    const fallThrough = this.lowerSequence(this.fn.body, [0], []);
    this.connect(fallThrough, this.exit);
    const size = this.nodes.length;
    return {
      fn: this.fn,
      nodes: this.nodes,
      entry: 0,
      exit: this.exit,
      backEdges: new Set(this.backEdgePairs.map(([from, to]) => from * size + to)),
      loopExtents: this.loopExtents,
      nodeOfEvent: this.nodeOfEvent,
      addressDependents: this.addressDependents,
    };
  }

  private addNode(role: FlowNode["role"], event?: FlowNode["event"]): number {
    const index = this.nodes.length;
    this.nodes.push({ index, role, ...(event ? { event } : {}), successors: [], predecessors: [] });
    if (event) this.nodeOfEvent.set(event.id, index);
    return index;
  }

  private connect(from: readonly number[], to: number, backEdge = false): void {
    const target = this.nodes[to]!;
    for (const source of from) {
      const node = this.nodes[source]!;
      if (node.successors.includes(to)) continue;
      node.successors.push(to);
      target.predecessors.push(source);
      if (backEdge) this.backEdgePairs.push([source, to]);
    }
  }

  /** Lowers events in order; returns the nodes that fall through to whatever follows. */
  private lowerSequence(events: readonly IrEvent[], incoming: number[], loops: LoopContext[]): number[] {
    let current = incoming;
    for (const event of events) current = this.lowerEvent(event, current, loops);
    return current;
  }

  private lowerEvent(event: IrEvent, incoming: number[], loops: LoopContext[]): number[] {
    switch (event.kind) {
      case "access":
        for (const dependency of event.dependsOn) {
          if (dependency.via !== "address") continue;
          const list = this.addressDependents.get(dependency.loadId);
          if (list) list.push(event);
          else this.addressDependents.set(dependency.loadId, [event]);
        }
        return this.lowerLeaf(event, incoming);
      case "fence":
      case "call":
        return this.lowerLeaf(event, incoming);
      case "branch": {
        const head = this.addNode("branch");
        this.connect(incoming, head);
        const outgoing: number[] = [];
        for (const arm of event.arms) outgoing.push(...this.lowerSequence(arm, [head], loops));
        // An `if` without `else` (one arm) may skip its arm entirely.
        if (event.arms.length < 2) outgoing.push(head);
        return [...new Set(outgoing)];
      }
      case "loop": {
        const head = this.addNode("loop");
        this.connect(incoming, head);
        const context: LoopContext = { head, breaks: [] };
        const bodyEnd = this.lowerSequence(event.body, [head], [...loops, context]);
        this.loopExtents.set(head, this.nodes.length - 1);
        this.connect(bodyEnd, head, true);
        return [head, ...context.breaks];
      }
      case "exit":
        return this.lowerExit(event.exitKind, incoming, loops);
    }
  }

  private lowerLeaf(event: Access | Fence | Call, incoming: number[]): number[] {
    const node = this.addNode("event", event);
    this.connect(incoming, node);
    return [node];
  }

  private lowerExit(kind: "return" | "break" | "continue" | "goto", incoming: number[], loops: LoopContext[]): number[] {
    const loop = loops[loops.length - 1];
    if (kind === "break" && loop) {
      loop.breaks.push(...incoming);
      return [];
    }
    if (kind === "continue" && loop) {
      this.connect(incoming, loop.head, true);
      return [];
    }
    // `break` outside a loop ends a switch arm: it falls through to what follows the branch.
    if (kind === "break" || kind === "continue") return incoming;
    // A `goto` target is unknown to the IR; most jump to cleanup code before returning.
    this.connect(incoming, this.exit);
    return [];
  }
}
