import type { SyntaxNode } from "../../languages/c/syntax-node.js";

/**
 * A function to lower: a `function_definition`, or one recovered from an ERROR node (its declarator
 * followed by the statements tree-sitter could still make out).
 */
export interface FunctionSource {
  declarator: SyntaxNode;
  statements: SyntaxNode[];
  isStatic: boolean;
  range: [number, number];
  /** The definition node, when tree-sitter produced one. */
  definition?: SyntaxNode;
  recovered: boolean;
}
