import { parseCType } from "../../analysis/keys/c-type.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { evaluate } from "./expressions.js";
import type { FunctionContext } from "./lowering-context.js";
import { argumentTexts, COMPILE_TIME_MACROS, nameArguments, TYPE_CAST_MACROS, VALUE_MACROS } from "./macro-calls.js";
import { lowerPrimitiveCall } from "./primitive-call.js";
import { NO_VALUE, unionLoads, type Value } from "./values.js";

/** Arguments first, in order, then the call: a primitive becomes an Access/Fence, anything else a Call. */
export function evaluateCall(context: FunctionContext, node: SyntaxNode): Value {
  const callee = childByField(node, "function");
  const argumentList = childByField(node, "arguments");
  const args = argumentList?.children ?? [];
  if (callee?.type === "identifier") {
    const name = context.textOf(callee);
    const primitive = context.fileContext.dialect.primitives.get(name);
    if (primitive) return lowerPrimitiveCall(context, node, name, primitive, args);
    if (COMPILE_TIME_MACROS.has(name)) return NO_VALUE;
    if (VALUE_MACROS.has(name)) return passThrough(context, args);
    const cast = TYPE_CAST_MACROS.get(name);
    if (cast && argumentList) return typeCast(context, argumentList, args, cast);
    const names = nameArguments(name, args.length);
    const evaluated = args.filter((arg, index) => !names.includes(index) || arg.type !== "identifier");
    const value = evaluateArguments(context, evaluated);
    context.events.call(node, name);
    return value;
  }
  if (callee) evaluateCallee(context, callee);
  const value = evaluateArguments(context, args);
  context.events.call(node, callee ? context.textOf(callee).replace(/\s+/gu, "") : "?");
  return value;
}

/**
 * `s->ops->notify(s)`, `(*s->cb)(x)`: the pointers leading to the function pointer are loaded; the
 * function pointer itself is code, not data, and the call is named by its text.
 */
function evaluateCallee(context: FunctionContext, callee: SyntaxNode): void {
  let node = callee;
  for (let depth = 0; depth < 16; depth++) {
    const inner = node.type === "parenthesized_expression" && node.children.length === 1 ? node.children[0]
      : node.type === "pointer_expression" && node.operator === "*" ? childByField(node, "argument") : undefined;
    if (!inner) break;
    node = inner;
  }
  if (node.type === "identifier") return;
  const base = node.type === "field_expression" ? childByField(node, "argument") : node;
  if (base) evaluate(context, base);
}

/** The value depends on every argument (`le16_to_cpu(x)` carries `x`'s loads). */
function evaluateArguments(context: FunctionContext, args: SyntaxNode[]): Value {
  return { deps: unionLoads(...args.map((arg) => evaluate(context, arg).deps)) };
}

/** `likely(x)`: the value of `x`, type and pointer target included. */
function passThrough(context: FunctionContext, args: SyntaxNode[]): Value {
  const [first, ...rest] = args;
  const value = first ? evaluate(context, first) : NO_VALUE;
  for (const arg of rest) evaluate(context, arg);
  return value;
}

/** `container_of(ptr, struct T, member)`: a `T *` computed from `ptr`. */
function typeCast(
  context: FunctionContext, argumentList: SyntaxNode, args: SyntaxNode[], cast: { typeArg: number; pointerArg: number },
): Value {
  const texts = argumentTexts(context.text, argumentList.range);
  const typeText = texts[cast.typeArg];
  const pointerText = texts[cast.pointerArg];
  const pointerNode = pointerText === undefined ? undefined
    : args.find((arg) => context.textOf(arg).trim() === pointerText);
  const deps = pointerNode ? evaluate(context, pointerNode).deps : NO_VALUE.deps;
  if (!typeText || !/^[A-Za-z_][\w\s]*$/u.test(typeText)) return { deps };
  const type = parseCType(typeText);
  return { deps, type: { ...type, pointers: type.pointers + 1 } };
}
