import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { hasSideEffects } from "./loop-effects.js";
import { callArguments, descendants, loopHeader, textOf, type LoopNode } from "./loop-syntax.js";
import type { TextLayout } from "./text-layout.js";

/**
 * The two statements of a loop body `{ S1; S2; }` that can be run as two loops, all S1 first, then all
 * S2, or a reason why not. Running the header twice must visit the same iterations, which holds when:
 * - it is a `for` whose initializer sets every variable its update changes, reads none of the variables
 *   the loop changes, and whose condition changes nothing; or a foreach macro (they start from the list
 *   head), not writing the list's link field;
 * - the body is exactly the two calls, as statements, with arguments that change nothing;
 * - the two calls store to different variables (different names once indexes are set aside: `a[i]` and
 *   `b[i]`; the same name with another index, `a[i]` and `a[i + 1]`, could be the same element).
 */
export function splittableStatements(loop: LoopNode, candidates: readonly SyntaxNode[], text: string): [SyntaxNode, SyntaxNode] | string {
  const body = childByField(loop, "body");
  if (body?.type !== "compound_statement" || body.children.length !== 2) return "the body holds more than the two stores";
  const statements = body.children as [SyntaxNode, SyntaxNode];
  const calls = statements.map((statement) => statement.type === "expression_statement" ? statement.children[0] : undefined);
  if (!calls.every((call, index) => call === candidates[index])) return "the stores are not statements of their own";
  if (candidates.some((call) => callArguments(call).some(hasSideEffects))) return "an argument of the stores has side effects";
  const [first, second] = candidates.map((call) => variableShape(callArguments(call)[0]!, text));
  if (first === second) return "both stores may reach the same variable";
  const replay = loop.type === "for_statement" ? forHeaderReplays(loop, text) : foreachReplays(loop, candidates, text);
  return replay ?? statements;
}

function forHeaderReplays(loop: LoopNode, text: string): string | undefined {
  const initializer = childByField(loop, "initializer");
  const condition = childByField(loop, "condition");
  const update = childByField(loop, "update");
  if (!initializer) return "the for loop has no initializer to restart it";
  if (condition && hasSideEffects(condition)) return "the loop condition has side effects";
  const initialized = writtenNames(initializer, text);
  const changed = new Set([...initialized, ...(update ? writtenNames(update, text) : [])]);
  if ([...changed].some((name) => !initialized.has(name))) return "the update changes a variable the initializer does not reset";
  if ([...initializerReads(initializer, text)].some((name) => changed.has(name))) return "the initializer reads a variable the loop changes";
  return undefined;
}

function foreachReplays(loop: LoopNode, candidates: readonly SyntaxNode[], text: string): string | undefined {
  const macroArguments = new Set(loopHeader(loop).flatMap((part) => [...identifiersIn(part, text)]));
  for (const call of candidates) {
    const address = callArguments(call)[0]!;
    for (const node of descendants(address)) {
      if (node.type === "field_identifier" && macroArguments.has(textOf(node, text))) return "a store writes the list's link field";
    }
  }
  return undefined;
}

/** `&s->q[i].ready` -> `&s->q[].ready`: the variable without its indexes, spaces dropped. */
function variableShape(address: SyntaxNode, text: string): string {
  let shape = "";
  let copied = address.range[0];
  for (const node of descendants(address)) {
    if (node.type !== "subscript_expression" || node.range[0] < copied) continue;
    const index = childByField(node, "index")!;
    shape += text.slice(copied, index.range[0]);
    copied = index.range[1];
  }
  return (shape + text.slice(copied, address.range[1])).replace(/\s+/gu, "");
}

function writtenNames(node: SyntaxNode, text: string): Set<string> {
  const names = new Set<string>();
  for (const part of descendants(node)) {
    let target: SyntaxNode | undefined;
    if (part.type === "assignment_expression") target = childByField(part, "left");
    else if (part.type === "update_expression") target = childByField(part, "argument");
    else if (part.type === "init_declarator") target = childByField(part, "declarator");
    while (target && target.type !== "identifier") target = childByField(target, "argument") ?? childByField(target, "declarator");
    if (target) names.add(textOf(target, text));
  }
  return names;
}

/** Names read by the initializer: everything it mentions except the variables it declares or assigns. */
function initializerReads(initializer: SyntaxNode, text: string): Set<string> {
  const reads = new Set<string>();
  for (const part of descendants(initializer)) {
    const value = part.type === "assignment_expression" || part.type === "init_declarator"
      ? childByField(part, part.type === "assignment_expression" ? "right" : "value")
      : undefined;
    if (value) for (const name of identifiersIn(value, text)) reads.add(name);
  }
  return reads;
}

function identifiersIn(node: SyntaxNode, text: string): Set<string> {
  const names = new Set<string>();
  for (const part of descendants(node)) if (part.type === "identifier" || part.type === "field_identifier") names.add(textOf(part, text));
  return names;
}

/**
 * The texts of the two loops: the header as written, then the body with only the first or only the
 * second statement. Each statement takes the comment lines above it and the comments after it on its
 * line; what precedes the first statement and follows the second (the brace lines) goes to both loops.
 */
export function splitLoopTexts(
  loop: LoopNode, statements: [SyntaxNode, SyntaxNode], layout: TextLayout, rewrite: (start: number, end: number) => string,
): [string, string] {
  const { text } = layout;
  const body = childByField(loop, "body")!;
  const open = body.range[0] + 1;
  const close = body.range[1] - 1;
  const [first, second] = statements;
  const firstStart = spanStart(layout, first);
  const secondStart = spanStart(layout, second);
  const secondEnd = layout.startsLine(close) ? layout.lineStart(close) : close;
  const header = text.slice(loop.range[0], open);
  const prefix = text.slice(open, firstStart);
  const suffix = text.slice(secondEnd, loop.range[1]);
  return [
    header + prefix + rewrite(firstStart, secondStart) + suffix,
    header + prefix + rewrite(secondStart, secondEnd) + suffix,
  ];
}

function spanStart(layout: TextLayout, statement: SyntaxNode): number {
  return layout.startWithLeadingComments(statement.range[0]);
}
