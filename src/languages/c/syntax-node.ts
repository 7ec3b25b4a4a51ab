import type { SourceLocation } from "@eslint/core";

/**
 * A tree-sitter node copied into plain JS objects. The copy is made once per parse with a tree
 * cursor (each property read of a web-tree-sitter node crosses into WASM, which is slow), after which
 * the tree-sitter tree is freed. The analysis front-end and the ESLint language both read this shape.
 */
export interface SyntaxNode {
  type: string;
  range: [number, number];
  /** Field name under which the parent holds this node (tree-sitter "field"), or null. */
  field: string | null;
  /** Named children in source order; comments are lifted out to the root. Every leaf shares one frozen empty array: never push to it. */
  children: SyntaxNode[];
  parent: SyntaxNode | null;
  /** Text of an anonymous `operator` child (`=`, `+=`, `&`, `->`, `!`, ...). */
  operator?: string;
  /** Present when tree-sitter inserted this node to recover from an error. */
  missing?: boolean;
  /** Set on nodes whose subtree contains an ERROR or MISSING node. */
  hasError?: boolean;
  loc?: SourceLocation;
}

export interface CommentNode {
  type: "Block" | "Line";
  value: string;
  range: [number, number];
  loc: SourceLocation;
}

export interface TranslationUnit extends SyntaxNode {
  type: "translation_unit";
  comments: CommentNode[];
}

export function childByField(node: SyntaxNode, field: string): SyntaxNode | undefined {
  return node.children.find((child) => child.field === field);
}

export function childrenByField(node: SyntaxNode, field: string): SyntaxNode[] {
  return node.children.filter((child) => child.field === field);
}
