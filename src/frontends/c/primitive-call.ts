import type { MemoryOrder } from "../../analysis/dialects/c11.js";
import type { AccessPrimitive, FencePrimitive, Primitive, QueueMacro } from "../../analysis/dialects/primitive.js";
import type { FenceKind } from "../../analysis/ir/events.js";
import type { FieldKey } from "../../analysis/ir/field-key.js";
import type { Order } from "../../analysis/ir/order.js";
import { elementType, type CType } from "../../analysis/keys/c-type.js";
import { fieldKey, nameKey, pointeeKey, textualKey } from "../../analysis/keys/field-keys.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { castType } from "./cast-type.js";
import { evaluate } from "./expressions.js";
import { locate } from "./locations.js";
import type { FunctionContext } from "./lowering-context.js";
import { NO_LOADS, NO_VALUE, storedValueOf, targetOfPointerAt, unionLoads, type LoadSet, type Value } from "./values.js";

export function lowerPrimitiveCall(context: FunctionContext, node: SyntaxNode, api: string, primitive: Primitive, args: SyntaxNode[]): Value {
  return primitive.kind === "fence"
    ? lowerFence(context, node, api, primitive, args)
    : lowerAtomicAccess(context, node, api, primitive, args);
}

/** A fence whose order is an argument: relaxed is no fence, acq_rel is a release and an acquire fence. */
function fenceKindsFor(order: MemoryOrder | undefined, declared: FenceKind): FenceKind[] {
  switch (order) {
    case undefined: return [declared];
    case "once": return [];
    case "consume":
    case "acquire": return ["acquire"];
    case "release": return ["release"];
    case "acq_rel": return ["release", "acquire"];
    case "seqcst": return ["mb"];
  }
}

function lowerFence(context: FunctionContext, node: SyntaxNode, api: string, primitive: FencePrimitive, args: SyntaxNode[]): Value {
  const orderNode = primitive.orderArg === undefined ? undefined : args[primitive.orderArg];
  args.forEach((arg, index) => {
    if (index !== primitive.orderArg) evaluate(context, arg);
  });
  for (const fence of fenceKindsFor(memoryOrderOf(context, orderNode), primitive.fence)) {
    context.events.fence(node, { fence, flavour: primitive.flavour ?? "smp", api });
  }
  return NO_VALUE;
}

function orderFor(op: AccessPrimitive["op"], declared: Order, memoryOrder: MemoryOrder | undefined): Order {
  if (memoryOrder === undefined) return declared;
  if (memoryOrder !== "acq_rel") return memoryOrder;
  return op === "load" ? "acquire" : op === "store" ? "release" : "seqcst";
}

interface Target {
  key: FieldKey;
  type?: CType;
  addressDeps: LoadSet;
  /** A local variable of the function itself (`QSLIST_HEAD(, W) taken;`), not shared memory. */
  isLocal?: boolean;
}

function lowerAtomicAccess(context: FunctionContext, node: SyntaxNode, api: string, primitive: AccessPrimitive, args: SyntaxNode[]): Value {
  if (primitive.externalMemory) return lowerExternalAccess(context, node, api, primitive, args, primitive.externalMemory);
  let target: Target | undefined;
  const values: Value[] = [];
  const valueNodes: SyntaxNode[] = [];
  for (const [index, arg] of args.entries()) {
    if (index === primitive.orderArg || index === primitive.queue?.linkArg) continue;
    if (index === primitive.addressArg) target = primitive.addressForm === "lvalue" ? lvalueTarget(context, arg) : pointerTarget(context, arg);
    else {
      values.push(evaluate(context, arg));
      valueNodes.push(arg);
    }
  }
  if (primitive.queue) {
    storeQueueLink(context, node, primitive.queue, args, valueNodes, values);
    // A list the function keeps in a local head is its own: only the elements it links are shared.
    if (target?.isLocal) return { deps: unionLoads(target.addressDeps, ...values.map((value) => value.deps)) };
  }
  const stores = primitive.op === "store" && values.length === 1 ? storedValueOf(valueNodes[0], values[0]!, (n) => context.textOf(n)) : undefined;
  if (target && primitive.op !== "load") for (const value of values) context.fileContext.pointerStores.record(target.key, value);
  const orderNode = primitive.orderArg === undefined ? undefined : args[primitive.orderArg];
  const order = orderFor(primitive.op, primitive.order, memoryOrderOf(context, orderNode));
  const key = target?.key ?? textualKey(context.textOf(node));
  const typeInfo = context.typeInfo(target?.type);
  const id = context.events.access(node, {
    key, op: primitive.op, order, api,
    ...(primitive.op === "rmw" ? { rmwIsFullBarrier: primitive.rmwIsFullBarrier ?? false, returnsValue: primitive.returnsValue ?? false } : {}),
    ...(typeInfo ? { type: typeInfo } : {}), ...(stores ? { stores } : {}),
  }, target?.addressDeps ?? NO_LOADS, primitive.op === "load" ? NO_LOADS : unionLoads(...values.map((value) => value.deps)));
  if (primitive.op === "store") return NO_VALUE;
  // A queue macro reads the head for an element pointer (or an emptiness test): what the head points to is no key.
  if (primitive.queue) return { deps: new Set([id]), ...(primitive.op === "load" ? { load: id } : {}) };
  return { deps: new Set([id]), ...(target?.type ? { type: target.type } : {}), target: targetOfPointerAt(key), ...(primitive.op === "load" ? { load: id } : {}) };
}

/**
 * `QSLIST_INSERT_HEAD_ATOMIC(&m->waiters, w, next)` first stores the head's old value into the
 * element's link: a plain store of `Elem.next`, before the head's store (or RMW).
 */
function storeQueueLink(
  context: FunctionContext, node: SyntaxNode, queue: QueueMacro, args: SyntaxNode[], valueNodes: SyntaxNode[], values: Value[],
): void {
  const elementNode = queue.elementArg === undefined ? undefined : args[queue.elementArg];
  const linkNode = queue.linkArg === undefined ? undefined : args[queue.linkArg];
  if (!elementNode || linkNode?.type !== "identifier") return;
  const element = values[valueNodes.indexOf(elementNode)];
  if (!element) return;
  const { resolver } = context.fileContext;
  const pointee = element.type ? elementType(resolver.resolve(element.type)) : undefined;
  const owner = pointee ? resolver.ownerOf(pointee) : undefined;
  context.events.access(node, { key: fieldKey(owner, context.textOf(linkNode)), op: "store", order: "plain", api: "plain" }, element.deps, NO_LOADS);
}

/** `address_space_read(as, addr, attrs, buf, len)`: an access to memory the program does not own. */
function lowerExternalAccess(
  context: FunctionContext, node: SyntaxNode, api: string, primitive: AccessPrimitive, args: SyntaxNode[], memory: string,
): Value {
  const deps = unionLoads(...args.map((arg) => evaluate(context, arg).deps));
  const id = context.events.access(node, { key: { id: memory, confidence: "exact" }, op: primitive.op, order: primitive.order, api },
    deps, primitive.op === "load" ? NO_LOADS : deps);
  return primitive.op === "store" ? NO_VALUE : { deps: new Set([id]) };
}

/** `READ_ONCE(s->x)`: the argument is the location. */
function lvalueTarget(context: FunctionContext, arg: SyntaxNode): Target {
  const location = locate(context, arg);
  if (location.kind === "memory") {
    return { key: location.key ?? textualKey(context.textOf(arg)), addressDeps: location.addressDeps, ...(location.type ? { type: location.type } : {}) };
  }
  if (location.kind === "local") {
    return {
      key: location.sharedKey ?? nameKey(location.variable.name), addressDeps: location.addressDeps, ...(location.type ? { type: location.type } : {}),
      ...(location.sharedKey ? {} : { isLocal: true }),
    };
  }
  return { key: textualKey(context.textOf(arg)), addressDeps: location.value.deps };
}

/**
 * `qatomic_read(&s->x)` names `S.x` (not a load of `s->x` plus an atomic access); `atomic_load(p)` with
 * a pointer parameter names `*p`; another pointer expression E names `*<key of E>`.
 */
function pointerTarget(context: FunctionContext, arg: SyntaxNode): Target {
  let node = arg;
  let cast: CType | undefined;
  for (let depth = 0; depth < 16; depth++) {
    if (node.type === "parenthesized_expression" && node.children.length === 1) node = node.children[0]!;
    else if (node.type === "cast_expression" && childByField(node, "value")) {
      cast ??= castType(context, childByField(node, "type"));
      node = childByField(node, "value")!;
    } else break;
  }
  const castPointee = cast ? elementType(cast) : undefined;
  if (node.type === "pointer_expression" && node.operator === "&") {
    const inner = childByField(node, "argument");
    if (inner) {
      const target = lvalueTarget(context, inner);
      return castPointee ? { ...target, type: castPointee } : target;
    }
  }
  const value = evaluate(context, node);
  const pointee = castPointee ?? (value.type ? elementType(context.fileContext.resolver.resolve(value.type)) : undefined);
  const key = value.target?.deref ?? pointeeKey(textualKey(context.textOf(node)));
  return { key, addressDeps: value.deps, ...(pointee ? { type: pointee } : {}) };
}

function memoryOrderOf(context: FunctionContext, node: SyntaxNode | undefined): MemoryOrder | undefined {
  let current = node;
  while (current?.type === "parenthesized_expression" && current.children.length === 1) current = current.children[0];
  return current?.type === "identifier" ? context.fileContext.dialect.memoryOrders.get(context.textOf(current)) : undefined;
}
