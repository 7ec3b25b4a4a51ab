import type { TSESTree } from "@typescript-eslint/types";
import { walk, type Node, type Program } from "./estree.js";
import type { Declaration, Scope, ScopeTree } from "./scopes.js";

/**
 * One write to a binding after its declaration: `value` is what a plain `x = value` stores; it is
 * undefined for a write whose value the analysis does not follow (`x += 1`, `x++`, `[x] = pair`,
 * `for (x of list)`), which makes the binding's value unknown.
 */
export interface BindingWrite {
  value: Node | undefined;
  scope: Scope;
}

/**
 * Every write to a declared binding besides its initialiser, so that a `let`/`var` counts as a constant
 * only while each of its writes stores the same thing (`let A = Atomics;` never reassigned, or
 * `let op; op = "store";`).
 */
export function collectBindingWrites(program: Program, scopes: ScopeTree, scopeAt: (node: Node) => Scope): Map<Declaration, BindingWrite[]> {
  const writes = new Map<Declaration, BindingWrite[]>();
  const record = (identifier: TSESTree.Identifier, value: Node | undefined, at: Node) => {
    const scope = scopeAt(at);
    const declaration = scopes.resolve(identifier.name, scope);
    if (!declaration) return;
    let list = writes.get(declaration);
    if (!list) writes.set(declaration, (list = []));
    list.push({ value, scope });
  };
  walk(program, (node) => {
    switch (node.type) {
      case "AssignmentExpression":
        if (node.left.type === "Identifier") record(node.left, node.operator === "=" ? node.right : undefined, node);
        else forEachPatternIdentifier(node.left, (identifier) => record(identifier, undefined, node));
        break;
      case "UpdateExpression":
        if (node.argument.type === "Identifier") record(node.argument, undefined, node);
        break;
      case "ForInStatement":
      case "ForOfStatement":
        if (node.left.type !== "VariableDeclaration") forEachPatternIdentifier(node.left, (identifier) => record(identifier, undefined, node));
        break;
      default:
        break;
    }
  });
  return writes;
}

/** The identifiers a destructuring target writes (`[a, { b: c }] = ...` writes `a` and `c`). */
function forEachPatternIdentifier(pattern: Node, visit: (identifier: TSESTree.Identifier) => void): void {
  switch (pattern.type) {
    case "Identifier":
      visit(pattern);
      break;
    case "AssignmentPattern":
      forEachPatternIdentifier(pattern.left, visit);
      break;
    case "RestElement":
      forEachPatternIdentifier(pattern.argument, visit);
      break;
    case "ArrayPattern":
      for (const element of pattern.elements) if (element) forEachPatternIdentifier(element, visit);
      break;
    case "ObjectPattern":
      for (const property of pattern.properties) forEachPatternIdentifier(property.type === "RestElement" ? property : property.value, visit);
      break;
    default:
      break;
  }
}
