import type { TSESTree } from "@typescript-eslint/types";
import { propertyKeyName, unwrapExpression, walk, type Node, type Program } from "./estree.js";
import type { Declaration, ScopeTree } from "./scopes.js";

/**
 * On the sending side, the name a binding travels under: `new Worker(url, { workerData: { ring: view } })`
 * or `worker.postMessage({ ring: view })` makes `view` known as `ring`, the name the worker reads it by
 * (`workerData.ring`, `event.data.ring`). Keys then agree across the two files.
 */
export function collectMessageAliases(program: Program, scopes: ScopeTree, scopeAt: (node: Node) => ReturnType<ScopeTree["scopeOf"]>): Map<Declaration, string> {
  const aliases = new Map<Declaration, string>();
  walk(program, (node) => {
    const payload = postedPayload(node);
    if (!payload) return;
    const scope = scopeAt(node);
    const visit = (value: Node, path: string[], seen: Set<Node>) => {
      const target = unwrapExpression(value);
      if (seen.has(target)) return;
      seen.add(target);
      if (target.type === "ObjectExpression") {
        for (const property of target.properties) {
          if (property.type !== "Property") continue;
          const key = propertyKeyName(property.key, property.computed);
          if (key !== undefined) visit(property.value, [...path, key], seen);
        }
        return;
      }
      if (target.type !== "Identifier") return;
      const declaration = scopes.resolve(target.name, scope);
      if (!declaration) return;
      if (declaration.origin.kind === "init" && unwrapExpression(declaration.origin.expression).type === "ObjectExpression") {
        visit(declaration.origin.expression, path, seen);
        return;
      }
      if (path.length > 0 && !aliases.has(declaration)) aliases.set(declaration, path.join("."));
    };
    visit(payload, [], new Set());
  });
  return aliases;
}

/** The object handed to another thread by this node, if it is such a hand-over. */
function postedPayload(node: Node): Node | undefined {
  if (node.type === "NewExpression" && node.callee.type === "Identifier" && node.callee.name === "Worker") {
    const options = node.arguments[1];
    if (options?.type !== "ObjectExpression") return undefined;
    const workerData = options.properties.find((property): property is TSESTree.Property =>
      property.type === "Property" && propertyKeyName(property.key, property.computed) === "workerData");
    return workerData?.value;
  }
  if (node.type === "CallExpression") {
    const callee = node.callee;
    const isPost = (callee.type === "Identifier" && callee.name === "postMessage")
      || (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier" && callee.property.name === "postMessage");
    return isPost ? node.arguments[0] : undefined;
  }
  return undefined;
}
