/**
 * C11 <stdatomic.h> calls as herd7's C flavour writes them, turned into the same
 * primitives the kernel names use: the ordering comes from the memory_order
 * argument instead of the name.
 */
import type { AccessOrder, FenceKind } from "../events.js";
import type { RmwOrder } from "../trace-builder.js";
import type { Expr } from "./body-parser.js";
import type { Primitive } from "./primitives.js";

const ACCESS: Record<string, AccessOrder> = {
  memory_order_relaxed: "once",
  memory_order_consume: "consume",
  memory_order_acquire: "acquire",
  memory_order_release: "release",
  memory_order_acq_rel: "acq_rel",
  memory_order_seq_cst: "sc",
};
const RMW: Record<string, RmwOrder> = {
  memory_order_relaxed: "once",
  memory_order_consume: "acquire",
  memory_order_acquire: "acquire",
  memory_order_release: "release",
  memory_order_acq_rel: "acq_rel",
  memory_order_seq_cst: "sc",
};
const FENCE: Record<string, FenceKind> = {
  memory_order_relaxed: "barrier",
  memory_order_consume: "acquire",
  memory_order_acquire: "acquire",
  memory_order_release: "release",
  memory_order_acq_rel: "acq_rel",
  memory_order_seq_cst: "sc",
};

export interface Rewritten {
  readonly primitive: Primitive;
  /** Arguments in the order the kernel-style primitive expects. */
  readonly args: readonly Expr[];
}

/** The memory_order argument's name; seq_cst when the call has no _explicit suffix. */
function orderName(args: readonly Expr[], index: number, explicit: boolean): string | undefined {
  if (!explicit) return "memory_order_seq_cst";
  const a = args[index];
  return a?.kind === "name" && a.name in ACCESS ? a.name : undefined;
}

/** The kernel-style primitive for a C11 call, or undefined when the name is not one. */
export function c11Call(name: string, args: readonly Expr[]): Rewritten | undefined {
  const m = /^atomic_(load|store|thread_fence|exchange|fetch_add|fetch_sub)(_explicit)?$/.exec(name);
  if (!m) return undefined;
  const op = m[1]!;
  const explicit = m[2] !== undefined || op === "thread_fence";
  const position = { load: 1, store: 2, thread_fence: 0, exchange: 2, fetch_add: 2, fetch_sub: 2 }[op]!;
  const order = orderName(args, position, explicit);
  if (order === undefined) return undefined;
  switch (op) {
    case "load":
      return { primitive: { kind: "load", order: ACCESS[order]!, pointer: true }, args: [args[0]!] };
    case "store":
      return { primitive: { kind: "store", order: ACCESS[order]!, pointer: true }, args: [args[0]!, args[1]!] };
    case "thread_fence":
      return { primitive: { kind: "fence", fence: FENCE[order]! }, args: [] };
    case "exchange":
      return { primitive: { kind: "xchg", order: RMW[order]! }, args: [args[0]!, args[1]!] };
    default:
      return { primitive: { kind: "arith", order: RMW[order]!, op: op === "fetch_add" ? "+" : "-", operand: "first-arg", returns: "old" }, args: [args[1]!, args[0]!] };
  }
}
