import type { TSESTree } from "@typescript-eslint/types";
import { isFunctionNode, propertyKeyName, walk, type FunctionNode, type Node, type Program } from "./estree.js";

/** One thing the source says about a class field: its annotation, or a value assigned to it. */
export interface FieldSource {
  annotation?: TSESTree.TypeNode;
  value?: Node;
  /** The function whose scope resolves the names in `value`. */
  scopeNode: Program | FunctionNode;
}

/** Class name -> field name -> what declares or assigns it, in source order. */
export type ClassCatalogue = ReadonlyMap<string, ReadonlyMap<string, readonly FieldSource[]>>;

/**
 * Reads field declarations, constructor parameter properties and `this.x = ...` assignments in
 * methods, so that `this.state[HEAD]` can be keyed `RingBuffer.state[HEAD]` and typed.
 */
export function collectClasses(program: Program): ClassCatalogue {
  const catalogue = new Map<string, Map<string, FieldSource[]>>();
  const enclosingFunction = new Map<Node, Program | FunctionNode>([[program, program]]);
  const parents = new Map<Node, Node>();
  walk(program, (node, parent) => {
    if (parent) {
      parents.set(node, parent);
      enclosingFunction.set(node, isFunctionNode(parent) ? parent : enclosingFunction.get(parent) ?? program);
    }
    if (node.type !== "ClassDeclaration" && node.type !== "ClassExpression") return;
    const name = node.id?.name ?? (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" ? parent.id.name : undefined);
    if (!name) return;
    const fields = catalogue.get(name) ?? new Map<string, FieldSource[]>();
    catalogue.set(name, fields);
    const add = (field: string, source: FieldSource) => {
      const list = fields.get(field);
      if (list) list.push(source);
      else fields.set(field, [source]);
    };
    const outer = enclosingFunction.get(node) ?? program;
    for (const member of node.body.body) readMember(member, outer, add);
  });
  return catalogue;
}

function readMember(member: TSESTree.ClassElement, outer: Program | FunctionNode, add: (field: string, source: FieldSource) => void): void {
  if (member.type === "PropertyDefinition") {
    const key = propertyKeyName(member.key, member.computed);
    if (!key) return;
    const annotation = member.typeAnnotation?.typeAnnotation;
    if (annotation || (member.value && !isFunctionNode(member.value))) {
      add(key, { ...(annotation ? { annotation } : {}), ...(member.value && !isFunctionNode(member.value) ? { value: member.value } : {}), scopeNode: outer });
    }
    return;
  }
  if (member.type !== "MethodDefinition") return;
  const method = member.value;
  if (method.type !== "FunctionExpression") return;
  for (const param of method.params) {
    if (param.type !== "TSParameterProperty") continue;
    const target = param.parameter.type === "AssignmentPattern" ? param.parameter.left : param.parameter;
    if (target.type !== "Identifier") continue;
    const annotation = target.typeAnnotation?.typeAnnotation;
    if (annotation) add(target.name, { annotation, scopeNode: method });
  }
  walk(method.body, (node) => {
    if (isFunctionNode(node) && node.type !== "ArrowFunctionExpression") return false;
    if (node.type === "AssignmentExpression" && node.operator === "=" && node.left.type === "MemberExpression"
      && node.left.object.type === "ThisExpression" && !node.left.computed && node.left.property.type === "Identifier") {
      add(node.left.property.name, { value: node.right, scopeNode: method });
    }
    return true;
  });
}
