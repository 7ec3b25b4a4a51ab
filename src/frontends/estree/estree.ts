import type { TSESTree } from "@typescript-eslint/types";
import type { Site } from "../../analysis/ir/site.js";

export type Node = TSESTree.Node;
export type Expression = TSESTree.Expression;
export type Program = TSESTree.Program;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Keys that hold no child syntax (or point back up the tree); walking them would loop or waste time. */
const NON_CHILD_KEYS = new Set(["parent", "loc", "range", "tokens", "comments", "type", "typeAnnotation", "returnType", "typeArguments", "typeParameters"]);

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** The syntax children of a node in source order, without type annotations. */
export function childNodes(node: Node): Node[] {
  const children: Node[] = [];
  // A `for...in` over own keys and a sort only when needed: this runs for every node of every walk.
  let ordered = true;
  const record = node as unknown as Record<string, unknown>;
  for (const key in record) {
    if (NON_CHILD_KEYS.has(key) || !Object.hasOwn(record, key)) continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) ordered = pushChild(children, item, ordered);
    } else if (isNode(value)) {
      ordered = pushChild(children, value, ordered);
    }
  }
  return ordered ? children : children.sort((a, b) => a.range[0] - b.range[0]);
}

/** Appends `child`; says whether the list is still in source order. */
function pushChild(children: Node[], child: Node, ordered: boolean): boolean {
  const previous = children[children.length - 1];
  children.push(child);
  return ordered && (previous === undefined || previous.range[0] <= child.range[0]);
}

export function isFunctionNode(node: Node): node is FunctionNode {
  return node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}

/** Visits every node below `root` (root included), parents before children. `visit` returning false skips the subtree. */
export function walk(root: Node, visit: (node: Node, parent: Node | undefined) => boolean | void): void {
  const pending: [Node, Node | undefined][] = [[root, undefined]];
  while (pending.length > 0) {
    const [node, parent] = pending.pop()!;
    if (visit(node, parent) === false) continue;
    const children = childNodes(node);
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push([children[index]!, node]);
  }
}

export function siteOf(file: string, node: Node): Site {
  return {
    file,
    range: [node.range[0], node.range[1]],
    line: node.loc.start.line,
    column: node.loc.start.column,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column,
  };
}

/** Strips the wrappers that do not change a value: parentheses are already gone; `x as T`, `x!`, `<T>x`, `x satisfies T`. */
export function unwrapExpression(node: Node): Node {
  let current = node;
  while (
    current.type === "TSAsExpression" || current.type === "TSNonNullExpression"
    || current.type === "TSTypeAssertion" || current.type === "TSSatisfiesExpression"
  ) {
    current = current.expression;
  }
  return current;
}

/** `a.b.c` for a chain of identifiers and non-computed properties (also `this.x`), else undefined. */
export function dottedName(node: Node): string | undefined {
  const target = unwrapExpression(node);
  if (target.type === "Identifier") return target.name;
  if (target.type === "ThisExpression") return "this";
  if (target.type === "MemberExpression" && !target.computed && target.property.type === "Identifier") {
    const object = dottedName(target.object);
    return object === undefined ? undefined : `${object}.${target.property.name}`;
  }
  return undefined;
}

/** The name of a property key: `a`, `"a"`, `[0]` literal; undefined for computed keys. */
export function propertyKeyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === "Identifier") return key.name;
  if (key.type === "Literal" && (typeof key.value === "string" || typeof key.value === "number")) return String(key.value);
  return undefined;
}

/** Visits the nodes that belong to a function's own body: nested functions are left to their own walk. */
export function walkOwnBody(owner: Program | FunctionNode, visit: (node: Node) => void): void {
  walk(owner, (node) => {
    if (node !== owner && isFunctionNode(node)) return false;
    visit(node);
    return true;
  });
}
