import type { SourceLocation } from "@eslint/core";
import type { Tree } from "web-tree-sitter";
import type { CommentNode, SyntaxNode, TranslationUnit } from "./syntax-node.js";
import { LineIndex } from "./line-index.js";
import { ERROR_TYPE_ID, fieldNames, typeIsNamed, typeNames } from "./tree-sitter-runtime.js";

export interface BuildOptions {
  /**
   * Give the root an ESLint `loc` (linted files; the index's files need none). Other nodes never carry
   * one: `CSourceCode.getLoc()` computes it from the range when ESLint asks, which it does for reported
   * nodes only, so a large file does not hold three location objects per node.
   */
  withLoc: boolean;
}

/**
 * Copies a tree-sitter tree into plain objects, iteratively (C code can nest deep enough to overflow
 * a recursive walk), lifting comments out and restoring foreach-style macros.
 */
export function buildSyntaxTree(tree: Tree, text: string, options: BuildOptions): TranslationUnit {
  const lineIndex = new LineIndex(text);
  const lines = options.withLoc ? lineIndex : undefined;
  const comments: CommentNode[] = [];
  const cursor = tree.walk();
  const root = makeNode(cursor.nodeType, cursor.startIndex, cursor.endIndex, null, null, lines) as TranslationUnit;
  root.type = "translation_unit";
  root.comments = comments;
  const stack: SyntaxNode[] = [root];
  // Missing tokens only exist in trees with errors; most files skip the per-token check.
  const treeHasErrors = tree.rootNode.hasError;
  try {
    if (cursor.gotoFirstChild()) {
      for (;;) {
        const parent = stack[stack.length - 1]!;
        let descended = false;
        const typeId = cursor.nodeTypeId;
        const isError = typeId === ERROR_TYPE_ID;
        if (isError || typeIsNamed[typeId]) {
          const type = isError ? "ERROR" : typeNames[typeId]!;
          const start = cursor.startIndex;
          const end = cursor.endIndex;
          if (type === "comment") {
            comments.push(makeComment(text, start, end, lineIndex));
          } else {
            const node = makeNode(type, start, end, parent, fieldNames[cursor.currentFieldId] ?? null, undefined);
            if (treeHasErrors && start === end && cursor.nodeIsMissing) node.missing = true;
            if (node.missing || isError) markError(parent);
            if (parent.children === NO_CHILDREN) parent.children = [node];
            else parent.children.push(node);
            if (cursor.gotoFirstChild()) {
              stack.push(node);
              descended = true;
            }
          }
        } else {
          const field = fieldNames[cursor.currentFieldId];
          if (field === "operator") parent.operator = typeNames[typeId];
          else if (treeHasErrors && cursor.startIndex === cursor.endIndex && cursor.nodeIsMissing) markError(parent);
        }
        if (descended) continue;
        while (!cursor.gotoNextSibling()) {
          if (stack.length === 1) return finish(root, text);
          cursor.gotoParent();
          trimChildren(stack.pop()!);
        }
      }
    }
    return finish(root, text);
  } finally {
    cursor.delete();
  }
}

function finish(root: TranslationUnit, text: string): TranslationUnit {
  trimChildren(root);
  restoreForeachMacros(root, text);
  return root;
}

function makeNode(
  type: string, start: number, end: number, parent: SyntaxNode | null, field: string | null, lines: LineIndex | undefined,
): SyntaxNode {
  const node = new TreeNode(type, start, end, field, parent);
  if (lines) node.loc = lines.locOfRange(start, end);
  return node;
}

/**
 * A node of the copied tree. It holds its offsets as two numbers and makes `range` when asked: an
 * array per node (two objects) was a third of a large file's tree, and only the front-end and the
 * nodes ESLint reports on read it.
 */
class TreeNode implements SyntaxNode {
  declare operator?: string;
  declare missing?: boolean;
  declare hasError?: boolean;
  declare loc?: SourceLocation;
  children: SyntaxNode[] = NO_CHILDREN;
  readonly #start: number;
  readonly #end: number;

  constructor(public type: string, start: number, end: number, public field: string | null, public parent: SyntaxNode | null) {
    this.#start = start;
    this.#end = end;
  }

  get range(): [number, number] {
    return [this.#start, this.#end];
  }
}

/**
 * The children of every leaf: one frozen empty array. A large file has hundreds of thousands of
 * leaves, and an array each (and, for inner nodes, the spare room an array grown by `push` keeps)
 * was a fifth of its tree's memory.
 */
const NO_CHILDREN = Object.freeze([]) as unknown as SyntaxNode[];

/** A complete node's children in an array of their own size. */
function trimChildren(node: SyntaxNode): void {
  if (node.children.length > 0) node.children = node.children.slice();
}

function makeComment(text: string, start: number, end: number, lines: LineIndex): CommentNode {
  const raw = text.slice(start, end);
  const isBlock = raw.startsWith("/*");
  return {
    type: isBlock ? "Block" : "Line",
    value: isBlock ? raw.slice(2, raw.endsWith("*/") && raw.length >= 4 ? -2 : undefined) : raw.slice(2),
    range: [start, end],
    loc: lines.locOfRange(start, end),
  };
}

function markError(node: SyntaxNode | null): void {
  for (let current = node; current && !current.hasError; current = current.parent) current.hasError = true;
}

/**
 * Foreach-style macros reach tree-sitter rewritten as `while` (see rewrite-foreach-macros.ts). Turn those
 * loops back into `foreach_statement { macro: identifier, arguments, body }`.
 */
function restoreForeachMacros(root: SyntaxNode, text: string): void {
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === "while_statement" && !text.startsWith("while", node.range[0])) {
      const nameEnd = text.slice(node.range[0]).search(/[^A-Za-z0-9_]/u) + node.range[0];
      const macro: SyntaxNode = { type: "identifier", range: [node.range[0], nameEnd], field: "macro", children: NO_CHILDREN, parent: node };
      node.type = "foreach_statement";
      for (const child of node.children) if (child.field === "condition") child.field = "arguments";
      node.children.unshift(macro);
    }
    for (const child of node.children) if (child.children.length > 0) pending.push(child);
  }
}
