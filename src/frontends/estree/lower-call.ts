import type { TSESTree } from "@typescript-eslint/types";
import { MEMORY_ORDERS } from "../../analysis/dialects/c11.js";
import type { AccessPrimitive, FencePrimitive, Primitive } from "../../analysis/dialects/primitive.js";
import type { AccessOp, FenceKind, IrEvent } from "../../analysis/ir/events.js";
import type { FieldKey } from "../../analysis/ir/field-key.js";
import type { Order } from "../../analysis/ir/order.js";
import { dottedName, siteOf, unwrapExpression, type Node } from "./estree.js";
import { indexKey, locationKey, typedArrayKey } from "./keys.js";
import type { FunctionLowerer } from "./lower-function.js";
import { primitiveNamed, type LoweringContext } from "./lowering-context.js";
import { recordAtomicsOperation } from "./operand-facts.js";
import type { Place } from "./shared-memory.js";
import type { TypedArrayValue } from "./values.js";

/** Ways to reach the global object that may prefix `Atomics`. */
const GLOBAL_PREFIXES = ["globalThis.", "self.", "window.", "global."];

/** The name a call is looked up by: `Atomics.load`, `smp_wmb`, `globalThis.Atomics.store` -> `Atomics.store`. */
export function calleeName(callee: Node): string | undefined {
  const name = dottedName(callee);
  if (!name) return undefined;
  const prefix = GLOBAL_PREFIXES.find((candidate) => name.startsWith(`${candidate}Atomics.`));
  return prefix ? name.slice(prefix.length) : name;
}

/**
 * What a callee names: `Atomics.store` however `Atomics` was reached (an alias, a constant key,
 * destructuring), else its dotted name; `unresolvedAtomics` says why a callee that reaches `Atomics`
 * names no method the analysis can tell.
 */
export function resolveCallee(context: LoweringContext, callee: Node, place: Place): { name: string | undefined; unresolvedAtomics?: string } {
  const atomics = context.model.atomics.callee(callee, place.scope);
  if (atomics?.kind === "method") return { name: atomics.name };
  if (atomics?.kind === "unresolved") return { name: undefined, unresolvedAtomics: atomics.reason };
  const name = calleeName(callee);
  // `Atomics.store` spelled out but not resolved: `Atomics` is a local binding (a parameter, say), not the global.
  return { name: name?.startsWith("Atomics.") ? undefined : name };
}

/** Lowers a call: a primitive becomes an access or a fence, anything else a `Call` (callbacks are functions of their own). */
export function lowerCall(lowerer: FunctionLowerer, node: TSESTree.CallExpression, out: IrEvent[]): readonly string[] {
  const { name, unresolvedAtomics } = resolveCallee(lowerer.context, node.callee, lowerer.place);
  if (unresolvedAtomics !== undefined) return unresolvedAtomicsCall(lowerer, node, unresolvedAtomics, out);
  const primitive = name === undefined ? undefined : primitiveOf(lowerer, node.callee, name);
  if (!primitive) return ordinaryCall(lowerer, node, out);
  const primitiveName = primitive.name;
  if (primitive.primitive.kind === "fence") {
    lowerArguments(lowerer, node.arguments, out, new Set([primitive.primitive.orderArg ?? -1]));
    out.push({
      kind: "fence",
      id: lowerer.nextId(),
      fence: fenceKind(primitive.primitive, node.arguments),
      flavour: primitive.primitive.flavour ?? "smp",
      api: primitiveName,
      site: siteOf(lowerer.context.file, node),
    });
    return [];
  }
  return primitiveAccess(lowerer, node, primitiveName, primitive.primitive, out);
}

/** Longest callee text quoted in a limit's detail. */
const QUOTED_CALLEE_LENGTH = 60;

/**
 * A call that reaches `Atomics` by a method name the analysis cannot resolve: the function records the
 * limit (so rules that need its accesses stay silent and `analysis-limit` names the call) and only
 * the loads of the callee and arguments are kept.
 */
function unresolvedAtomicsCall(lowerer: FunctionLowerer, node: TSESTree.CallExpression, reason: string, out: IrEvent[]): readonly string[] {
  const callee = unwrapExpression(node.callee);
  if (callee.type === "MemberExpression" && callee.computed) lowerer.expression(callee.property, out);
  const text = lowerer.context.text.slice(callee.range[0], callee.range[1]).replace(/\s+/gu, " ");
  const quoted = text.length > QUOTED_CALLEE_LENGTH ? `${text.slice(0, QUOTED_CALLEE_LENGTH - 1)}…` : text;
  lowerer.recordLimit("unresolved-call", node, `${quoted}(): ${reason}, so this Atomics call was not analysed`);
  return lowerArguments(lowerer, node.arguments, out, new Set());
}

function primitiveOf(lowerer: FunctionLowerer, callee: Node, name: string): { name: string; primitive: Primitive } | undefined {
  const { dialect, model } = lowerer.context;
  if (name.startsWith("Atomics.") || callee.type === "Identifier") {
    const primitive = primitiveNamed(dialect, name);
    return primitive ? { name, primitive } : undefined;
  }
  // `import * as atomic from "./qatomic.js"; atomic.smp_wmb()`: a ported API through a namespace.
  if (callee.type === "MemberExpression" && !callee.computed && callee.object.type === "Identifier" && callee.property.type === "Identifier") {
    const namespace = model.scopes.resolve(callee.object.name, lowerer.place.scope);
    const primitive = namespace?.declarationKind === "import" ? primitiveNamed(dialect, callee.property.name) : undefined;
    return primitive ? { name: callee.property.name, primitive } : undefined;
  }
  return undefined;
}

function primitiveAccess(lowerer: FunctionLowerer, node: TSESTree.CallExpression, name: string, primitive: AccessPrimitive, out: IrEvent[]): readonly string[] {
  const { model } = lowerer.context;
  const args = node.arguments;
  const address = args[primitive.addressArg];
  if (!address || address.type === "SpreadElement") return ordinaryCall(lowerer, node, out);
  let key: FieldKey | undefined;
  let array: TypedArrayValue | undefined;
  let addressLoads: string[];
  const locationArgs = new Set([primitive.addressArg, primitive.orderArg ?? -1]);
  if (primitive.addressForm === "typed-array") {
    const index = args[primitive.addressArg + 1];
    locationArgs.add(primitive.addressArg + 1);
    array = name.startsWith("Atomics.") ? model.atomicsTarget(address, lowerer.place) : model.typedArrayOf(address, lowerer.place) ?? model.atomicsTarget(address, lowerer.place);
    key = typedArrayKey(array, index ? indexKey(model, index, lowerer.place) : undefined);
    addressLoads = [...referenceLoads(lowerer, address, out)];
    if (index && index.type !== "SpreadElement") addressLoads.push(...lowerer.expression(index, out));
  } else {
    key = locationKey(model, address, lowerer.place);
    const target = unwrapExpression(address);
    addressLoads = target.type === "MemberExpression" ? lowerer.addressLoads(target, out) : [...referenceLoads(lowerer, target, out)];
  }
  const valueLoads = lowerArguments(lowerer, args, out, locationArgs);
  if (!key) return valueLoads;
  const op: AccessOp = primitive.op;
  const id = lowerer.emitAccess(out, {
    key,
    op,
    order: accessOrder(primitive, op, args),
    api: name,
    node,
    ...(array?.type ? { type: array.type } : {}),
    addressLoads,
    valueLoads,
    ...(primitive.rmwIsFullBarrier !== undefined ? { rmwIsFullBarrier: primitive.rmwIsFullBarrier } : {}),
    ...(primitive.returnsValue !== undefined ? { returnsValue: primitive.returnsValue } : {}),
  });
  if (name.startsWith("Atomics.")) recordAtomicsOperation(lowerer, node, name, op, key, array);
  return op === "store" ? [] : [id];
}

/** A named reference (`flags`, `this.state`) reads nothing but the local it starts from; anything else is lowered. */
function referenceLoads(lowerer: FunctionLowerer, reference: Node, out: IrEvent[]): readonly string[] {
  const target = unwrapExpression(reference);
  if (dottedName(target) === undefined) return lowerer.expression(target, out);
  let root: Node = target;
  while (root.type === "MemberExpression") root = unwrapExpression(root.object);
  return root.type === "Identifier" ? lowerer.expression(root, out) : [];
}

function lowerArguments(lowerer: FunctionLowerer, args: readonly TSESTree.CallExpressionArgument[], out: IrEvent[], skip: ReadonlySet<number>): string[] {
  const loads: string[] = [];
  args.forEach((arg, index) => {
    if (!skip.has(index)) loads.push(...lowerer.expression(arg, out));
  });
  return loads;
}

function ordinaryCall(lowerer: FunctionLowerer, node: TSESTree.CallExpression, out: IrEvent[]): readonly string[] {
  const callee = unwrapExpression(node.callee);
  if (callee.type === "MemberExpression") {
    if (dottedName(callee.object) === undefined) lowerer.expression(callee.object, out);
    if (callee.computed) lowerer.expression(callee.property, out);
  } else if (callee.type !== "Identifier") {
    lowerer.expression(callee, out);
  }
  const loads = lowerArguments(lowerer, node.arguments, out, new Set());
  const target = calleeOf(lowerer, callee);
  if (target) out.push({ kind: "call", id: lowerer.nextId(), callee: target, site: siteOf(lowerer.context.file, node) });
  return loads;
}

/** `f()` -> `f`; `this.push()` and `ring.push()` on a known class -> `Ring.push`; `ns.f()` on an import -> `f`. */
function calleeOf(lowerer: FunctionLowerer, callee: Node): string | undefined {
  if (callee.type === "Identifier") return callee.name;
  if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier") return undefined;
  const method = callee.property.name;
  const owner = lowerer.context.model.valueOf(callee.object, lowerer.place);
  if (owner.kind === "instance") return `${owner.className}.${method}`;
  if (callee.object.type === "Identifier") {
    const declaration = lowerer.context.model.scopes.resolve(callee.object.name, lowerer.place.scope);
    if (declaration?.declarationKind === "import" && declaration.origin.kind === "import" && declaration.origin.imported === "*") return method;
  }
  return undefined;
}

function memoryOrderOf(args: readonly TSESTree.CallExpressionArgument[], index: number | undefined): (typeof MEMORY_ORDERS)[string] | undefined {
  if (index === undefined) return undefined;
  const arg = args[index];
  if (!arg) return undefined;
  const target = unwrapExpression(arg);
  const spelled = target.type === "Literal" && typeof target.value === "string" ? target.value : dottedName(target);
  const last = spelled?.slice(spelled.lastIndexOf(".") + 1);
  return last ? MEMORY_ORDERS[last] : undefined;
}

function accessOrder(primitive: AccessPrimitive, op: AccessOp, args: readonly TSESTree.CallExpressionArgument[]): Order {
  const order = memoryOrderOf(args, primitive.orderArg);
  if (!order) return primitive.order;
  if (order === "acq_rel") return op === "load" ? "acquire" : op === "store" ? "release" : "seqcst";
  return order;
}

function fenceKind(primitive: FencePrimitive, args: readonly TSESTree.CallExpressionArgument[]): FenceKind {
  switch (memoryOrderOf(args, primitive.orderArg)) {
    case "once":
      return "compiler";
    case "consume":
    case "acquire":
      return "acquire";
    case "release":
      return "release";
    case undefined:
      return primitive.fence;
    default:
      return "mb";
  }
}
