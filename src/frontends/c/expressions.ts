import { pointerTo, type CType } from "../../analysis/keys/c-type.js";
import { nameKey } from "../../analysis/keys/field-keys.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { evaluateCall } from "./calls.js";
import { castType } from "./cast-type.js";
import { locate } from "./locations.js";
import { MAX_NESTING, type FunctionContext } from "./lowering-context.js";
import { lowerStatement } from "./statements.js";
import {
  NO_LOADS, NO_VALUE, storedValueOf, targetOfAddress, targetOfPointerAt, unionLoads, type LoadSet, type Location, type Value,
} from "./values.js";

const NOT_EVALUATED = new Set([
  "number_literal", "string_literal", "char_literal", "concatenated_string", "true", "false", "null",
  "sizeof_expression", "alignof_expression", "offsetof_expression", "gnu_asm_expression", "type_descriptor",
  "field_designator", "subscript_designator", "comment", "primitive_type", "type_identifier", "field_identifier",
  "statement_identifier", "preproc_call", "preproc_directive",
]);

/** Evaluates an expression for its value: emits the loads, stores, calls it performs, in evaluation order. */
export function evaluate(context: FunctionContext, node: SyntaxNode): Value {
  if (NOT_EVALUATED.has(node.type)) return NO_VALUE;
  if (context.nesting >= MAX_NESTING) {
    context.recordLimit("nesting", node, `expressions nested deeper than ${MAX_NESTING} levels were not lowered`);
    return NO_VALUE;
  }
  context.nesting++;
  try {
    return evaluateNode(context, node);
  } finally {
    context.nesting--;
  }
}

function evaluateNode(context: FunctionContext, node: SyntaxNode): Value {
  switch (node.type) {
    case "identifier":
      // A memory order (the failure order of a CAS, an order passed on to a helper) is a constant, not a shared variable.
      if (context.fileContext.dialect.memoryOrders.has(context.textOf(node))) return NO_VALUE;
      return loadFrom(context, locate(context, node), node);
    case "field_expression":
    case "subscript_expression":
      return loadFrom(context, locate(context, node), node);
    case "pointer_expression":
      return node.operator === "&" ? addressOf(context, node) : loadFrom(context, locate(context, node), node);
    case "assignment_expression":
      return assign(context, node);
    case "update_expression":
      return update(context, node);
    case "call_expression":
      return evaluateCall(context, node);
    case "binary_expression":
      return binary(context, node);
    case "cast_expression": {
      const value = evaluate(context, childByField(node, "value") ?? node.children[node.children.length - 1]!);
      const type = castType(context, childByField(node, "type"));
      return { ...value, ...(type ? { type } : {}) };
    }
    case "parenthesized_expression":
      return parenthesized(context, node);
    case "conditional_expression":
      return conditional(context, node);
    case "comma_expression": {
      const left = childByField(node, "left");
      if (left) evaluate(context, left);
      const right = childByField(node, "right");
      return right ? evaluate(context, right) : NO_VALUE;
    }
    case "compound_literal_expression": {
      const value = childByField(node, "value");
      const deps = value ? evaluate(context, value).deps : NO_LOADS;
      const type = castType(context, childByField(node, "type"));
      return { deps, ...(type ? { type } : {}) };
    }
    case "initializer_pair": {
      const value = childByField(node, "value");
      return value ? evaluate(context, value) : NO_VALUE;
    }
    case "compound_statement":
      lowerStatement(context, node);
      return NO_VALUE;
    case "ERROR":
      context.sawErrors = true;
      return evaluateChildren(context, node);
    default:
      return evaluateChildren(context, node);
  }
}

/** Unary operators, initializer lists, and whatever else: the value depends on every operand. */
function evaluateChildren(context: FunctionContext, node: SyntaxNode): Value {
  const deps: LoadSet[] = [];
  for (const child of node.children) deps.push(evaluate(context, child).deps);
  return { deps: unionLoads(...deps) };
}

/** Reads a location: a load event for shared memory, the tracked value for a local. */
export function loadFrom(context: FunctionContext, location: Location, node: SyntaxNode): Value {
  if (location.kind === "value") return location.value;
  if (location.kind === "local") {
    const local = context.valueOfLocal(location.variable);
    return { ...local, deps: unionLoads(local.deps, location.addressDeps), ...(location.type ? { type: location.type } : {}) };
  }
  const { key, type } = location;
  const resolved = type ? context.fileContext.resolver.resolve(type) : undefined;
  if (resolved && resolved.arrays.length > 0) {
    // An array used as a value decays to a pointer to its first element: nothing is loaded.
    const decayed = pointerTo(type!);
    return { deps: location.addressDeps, type: decayed, ...(key ? { target: targetOfAddress({ ...key, id: `${key.id}[]` }) } : {}) };
  }
  if (!key) return { deps: location.addressDeps, ...(type ? { type } : {}) };
  const typeInfo = context.typeInfo(type);
  const id = context.events.access(node, {
    key, op: "load", order: "plain", api: "plain", ...(typeInfo ? { type: typeInfo } : {}),
  }, location.addressDeps, NO_LOADS);
  return { deps: new Set([id]), ...(type ? { type } : {}), target: targetOfPointerAt(key), load: id };
}

function addressOf(context: FunctionContext, node: SyntaxNode): Value {
  const argument = childByField(node, "argument");
  if (!argument) return NO_VALUE;
  const location = locate(context, argument);
  if (location.kind === "value") return { deps: location.value.deps };
  const type: CType | undefined = location.type ? pointerTo(location.type) : undefined;
  const key = location.kind === "memory" ? location.key : nameKey(location.variable.name);
  return { deps: location.addressDeps, ...(type ? { type } : {}), ...(key ? { target: targetOfAddress(key) } : {}) };
}

function assign(context: FunctionContext, node: SyntaxNode): Value {
  const left = childByField(node, "left");
  const right = childByField(node, "right");
  if (!left) return right ? evaluate(context, right) : NO_VALUE;
  const location = locate(context, left);
  const value = right ? evaluate(context, right) : NO_VALUE;
  const compound = node.operator !== undefined && node.operator !== "=";
  return writeTo(context, location, value, compound ? "rmw" : "store", node, compound ? undefined : right);
}

function update(context: FunctionContext, node: SyntaxNode): Value {
  const argument = childByField(node, "argument");
  if (!argument) return NO_VALUE;
  const location = locate(context, argument);
  if (location.kind === "local") {
    const value = context.valueOfLocal(location.variable);
    context.assignLocal(location.variable, value, true);
    return value;
  }
  return writeTo(context, location, NO_VALUE, "rmw", node);
}

function writeTo(context: FunctionContext, location: Location, value: Value, op: "store" | "rmw", node: SyntaxNode, valueNode?: SyntaxNode): Value {
  if (location.kind === "value") return value;
  if (location.kind === "local") {
    context.assignLocal(location.variable, value, op === "rmw" || !location.whole);
    return value;
  }
  if (!location.key) return value;
  context.fileContext.pointerStores.record(location.key, op === "store" ? value : NO_VALUE);
  const typeInfo = context.typeInfo(location.type);
  const stores = valueNode ? storedValueOf(valueNode, value, (n) => context.textOf(n)) : undefined;
  const id = context.events.access(node, {
    key: location.key, op, order: "plain", api: "plain", ...(typeInfo ? { type: typeInfo } : {}), ...(stores ? { stores } : {}),
  }, location.addressDeps, value.deps);
  return op === "rmw" ? { deps: new Set([id]) } : value;
}

/** Left-deep chains (`a + b + c + ...`) are walked iteratively: generated code can make them long. */
function binary(context: FunctionContext, node: SyntaxNode): Value {
  const operands: SyntaxNode[] = [];
  let current: SyntaxNode = node;
  while (current.type === "binary_expression") {
    const right = childByField(current, "right");
    if (right) operands.push(right);
    const left = childByField(current, "left");
    if (!left) break;
    current = left;
  }
  operands.push(current);
  operands.reverse();
  const values = operands.map((operand) => evaluate(context, operand));
  const pointer = node.operator === "+" || node.operator === "-" ? values.find((value) => value.target) : undefined;
  return { deps: unionLoads(...values.map((value) => value.deps)), ...(pointer ? { type: pointer.type, target: pointer.target } : {}) } as Value;
}

function parenthesized(context: FunctionContext, node: SyntaxNode): Value {
  const inner = node.children[node.children.length - 1];
  if (!inner) return NO_VALUE;
  if (inner.type !== "compound_statement") return evaluate(context, inner);
  // A GNU statement expression: its value is the last expression statement's.
  return context.withScope(() => {
    let last: Value = NO_VALUE;
    for (const statement of inner.children) {
      if (statement.type === "expression_statement" && statement.children[0]) last = evaluate(context, statement.children[0]);
      else {
        lowerStatement(context, statement);
        last = NO_VALUE;
      }
    }
    return last;
  });
}

function conditional(context: FunctionContext, node: SyntaxNode): Value {
  const condition = childByField(node, "condition");
  const conditionValue = condition ? evaluate(context, condition) : NO_VALUE;
  const results: Value[] = [];
  const arms = ["consequence", "alternative"].map((field) => () => {
    const arm = childByField(node, field);
    if (arm) results.push(context.conditionally(() => evaluate(context, arm)));
  });
  context.events.branch(node, conditionValue.deps, arms);
  const first = results[0];
  return {
    deps: unionLoads(conditionValue.deps, ...results.map((result) => result.deps)),
    ...(first?.type ? { type: first.type } : {}),
    ...(first?.target ? { target: first.target } : {}),
  };
}
