import { elementType, isArrayType, type CType } from "../../analysis/keys/c-type.js";
import { elementKey, fieldKey } from "../../analysis/keys/field-keys.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { evaluate, loadFrom } from "./expressions.js";
import { MAX_NESTING, type FunctionContext } from "./lowering-context.js";
import { NO_LOADS, unionLoads, type Location } from "./values.js";

/**
 * Finds the location an lvalue expression designates, emitting the loads needed to compute its address
 * (`s->ring` in `s->ring->idx`) but not the access itself.
 */
export function locate(context: FunctionContext, node: SyntaxNode): Location {
  if (context.nesting >= MAX_NESTING) {
    context.recordLimit("nesting", node, `expressions nested deeper than ${MAX_NESTING} levels were not lowered`);
    return { kind: "value", value: { deps: NO_LOADS } };
  }
  context.nesting++;
  try {
    return locateNode(context, node);
  } finally {
    context.nesting--;
  }
}

function locateNode(context: FunctionContext, node: SyntaxNode): Location {
  switch (node.type) {
    case "identifier":
      return locateName(context, node);
    case "parenthesized_expression": {
      const inner = node.children[node.children.length - 1];
      return inner && inner.type !== "compound_statement" ? locate(context, inner) : { kind: "value", value: evaluate(context, node) };
    }
    case "field_expression":
      return locateField(context, node);
    case "subscript_expression":
      return locateElement(context, node);
    case "pointer_expression":
      if (node.operator === "*") return locatePointee(context, node);
      return { kind: "value", value: evaluate(context, node) };
    default:
      return { kind: "value", value: evaluate(context, node) };
  }
}

function locateName(context: FunctionContext, node: SyntaxNode): Location {
  const name = context.textOf(node);
  const variable = context.lookup(name);
  if (!variable) {
    // A call's callee is never located: a function name here is a function pointer in the making.
    if (context.fileContext.declarations.functionNames.has(name)) context.fileContext.functionValues.add(name);
    return { kind: "value", value: { deps: NO_LOADS } };
  }
  const type = variable.type ? { type: variable.type } : {};
  if (variable.storage === "local") return { kind: "local", variable, whole: true, addressDeps: NO_LOADS, ...type };
  return { kind: "memory", key: variable.key!, addressDeps: NO_LOADS, ...type };
}

function locateField(context: FunctionContext, node: SyntaxNode): Location {
  const argument = childByField(node, "argument");
  const fieldNode = childByField(node, "field");
  if (!argument || !fieldNode) return { kind: "value", value: { deps: NO_LOADS } };
  const field = context.textOf(fieldNode);
  const { resolver } = context.fileContext;
  if (node.operator === "->") {
    const base = evaluate(context, argument);
    const pointee = base.type ? elementType(resolver.resolve(base.type)) : undefined;
    const owner = pointee ? resolver.ownerOf(pointee) : undefined;
    const type = owner ? resolver.fieldType(owner, field) : undefined;
    return { kind: "memory", key: fieldKey(owner, field), addressDeps: base.deps, ...(type ? { type } : {}) };
  }
  const base = locate(context, argument);
  if (base.kind === "value") return { kind: "value", value: { deps: base.value.deps } };
  const owner = base.type ? resolver.ownerOf(base.type) : undefined;
  const type = owner ? resolver.fieldType(owner, field) : undefined;
  const typed = type ? { type } : {};
  if (base.kind === "local") {
    const shared = owner ? { sharedKey: fieldKey(owner, field) } : {};
    return { kind: "local", variable: base.variable, whole: false, addressDeps: base.addressDeps, ...typed, ...shared };
  }
  return { kind: "memory", key: fieldKey(owner, field), addressDeps: base.addressDeps, ...typed };
}

/**
 * `a[i]`: for an array, an element of `a`'s own location (no load of `a`); for a pointer, the pointer
 * is loaded first. An operand of unknown type is taken as an array: it adds no load that may be wrong.
 */
function locateElement(context: FunctionContext, node: SyntaxNode): Location {
  const argument = childByField(node, "argument");
  const indexNode = childByField(node, "index");
  if (!argument) return { kind: "value", value: { deps: NO_LOADS } };
  const base = locate(context, argument);
  const index = indexNode ? evaluate(context, indexNode) : { deps: NO_LOADS };
  const baseType = base.kind === "value" ? base.value.type : base.type;
  const resolved = baseType ? context.fileContext.resolver.resolve(baseType) : undefined;
  const element = resolved ? elementType(resolved) : undefined;
  const typed = element ? { type: element } : {};
  if (base.kind !== "value" && (!resolved || isArrayType(resolved))) {
    const addressDeps = unionLoads(base.addressDeps, index.deps);
    if (base.kind === "local") return { kind: "local", variable: base.variable, whole: false, addressDeps, ...typed };
    return { kind: "memory", ...(base.key ? { key: elementKey(base.key) } : {}), addressDeps, ...typed };
  }
  const pointer = base.kind === "value" ? base.value : loadFrom(context, base, argument);
  const key = pointer.target?.element;
  return { kind: "memory", ...(key ? { key } : {}), addressDeps: unionLoads(pointer.deps, index.deps), ...typed };
}

function locatePointee(context: FunctionContext, node: SyntaxNode): Location {
  const argument = childByField(node, "argument");
  if (!argument) return { kind: "value", value: { deps: NO_LOADS } };
  const pointer = evaluate(context, argument);
  const type: CType | undefined = pointer.type ? elementType(context.fileContext.resolver.resolve(pointer.type)) : undefined;
  const key = pointer.target?.deref;
  return { kind: "memory", ...(key ? { key } : {}), addressDeps: pointer.deps, ...(type ? { type } : {}) };
}
