import type { CommentNode, SyntaxNode, TranslationUnit } from "../../languages/c/syntax-node.js";
import { explanatoryCommentsFor } from "./comment-claims.js";
import { childHolding } from "./syntax-search.js";

const STATEMENTS: ReadonlySet<string> = new Set([
  "expression_statement", "declaration", "return_statement", "if_statement", "while_statement", "for_statement",
  "do_statement", "foreach_statement", "switch_statement", "compound_statement", "labeled_statement", "case_statement",
]);

/** Statements whose `body` field holds the statement they repeat or select between. */
const BODY_HOLDERS: ReadonlySet<string> = new Set(["while_statement", "for_statement", "do_statement", "foreach_statement", "switch_statement"]);

/**
 * Comments directly above the statements that enclose the code at `range`, for a barrier that opens its
 * block. QEMU writes
 *
 *     // Make sure descriptor read does not bypass avail index read.
 *     if (num_heads) {
 *         smp_rmb();
 *     }
 *
 * The walk goes outward while each statement is the first of its block (or the only statement of an
 * `if` arm or a loop), and stops at the function body and at an `else`: a comment above code that
 * precedes the barrier is about that code. The nearest enclosing statement that has comments gives
 * them; one that does not begin its line (`} else if (...) {`) has above it the end of the other arm,
 * not a comment of its own.
 */
export function enclosingStatementComments(
  ast: TranslationUnit, text: string, range: readonly [number, number], lineOf: (offset: number) => number,
): CommentNode[] {
  if (ast.comments.length === 0) return [];
  let node = statementAt(ast, range);
  while (node) {
    const enclosing = enclosingIfFirst(node);
    if (!enclosing) return [];
    if (beginsLine(text, enclosing.range[0])) {
      const comments = explanatoryCommentsFor(lineOf(enclosing.range[0]), ast.comments);
      if (comments.length > 0) return comments;
    }
    node = enclosing;
  }
  return [];
}

function beginsLine(text: string, offset: number): boolean {
  let index = offset;
  while (index > 0 && (text[index - 1] === " " || text[index - 1] === "\t")) index--;
  return index === 0 || text[index - 1] === "\n";
}

/** The innermost statement holding `range`. */
function statementAt(ast: TranslationUnit, range: readonly [number, number]): SyntaxNode | undefined {
  let node: SyntaxNode = ast;
  let statement: SyntaxNode | undefined;
  for (;;) {
    const child = childHolding(node, range);
    if (!child) return statement;
    if (STATEMENTS.has(child.type)) statement = child;
    node = child;
  }
}

/** The statement or block that `node` opens, or undefined when something precedes it there or it is a function body. */
function enclosingIfFirst(node: SyntaxNode): SyntaxNode | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case "compound_statement":
      return parent.parent?.type !== "function_definition" && parent.children[0] === node ? parent : undefined;
    case "case_statement":
      return parent.children.find((child) => child.field !== "value") === node ? parent : undefined;
    case "labeled_statement":
      return node.field !== "label" ? parent : undefined;
    case "if_statement":
      // The other arm precedes an `else`: the comment above the `if` may be about that arm alone.
      return node.field === "consequence" ? parent : undefined;
    case "else_clause":
      return parent;
    default:
      return BODY_HOLDERS.has(parent.type) && node.field === "body" ? parent : undefined;
  }
}
