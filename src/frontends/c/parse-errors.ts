import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { COMPILE_TIME_MACROS, TYPE_CAST_MACROS } from "./macro-calls.js";

/**
 * Whether a function's subtree holds ERROR or MISSING nodes, leaving out the ERRORs tree-sitter makes of
 * type arguments (`container_of(p, struct Foo, link)`, `offsetof(struct Foo, f)`): that code is fine.
 * Only subtrees marked `hasError` are visited.
 */
export function hasParseErrors(root: SyntaxNode, text: string): boolean {
  if (!root.hasError) return false;
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.missing) return true;
    if (node.type === "ERROR" && !isTypeArgumentOfMacro(node, text)) return true;
    if (node.type === "argument_list" && isTypeArgumentMacroCall(node.parent, text)) continue;
    for (const child of node.children) if (child.hasError || child.type === "ERROR" || child.missing) pending.push(child);
  }
  return false;
}

function isTypeArgumentOfMacro(node: SyntaxNode, text: string): boolean {
  return node.parent?.type === "argument_list" && isTypeArgumentMacroCall(node.parent.parent, text);
}

function isTypeArgumentMacroCall(call: SyntaxNode | null, text: string): boolean {
  if (call?.type !== "call_expression") return false;
  const callee = childByField(call, "function");
  if (callee?.type !== "identifier") return false;
  const name = text.slice(callee.range[0], callee.range[1]);
  return TYPE_CAST_MACROS.has(name) || COMPILE_TIME_MACROS.has(name);
}
