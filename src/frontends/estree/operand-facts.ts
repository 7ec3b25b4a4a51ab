import type { TSESTree } from "@typescript-eslint/types";
import type { AccessOp } from "../../analysis/ir/events.js";
import type { FieldKey } from "../../analysis/ir/field-key.js";
import { siteOf, unwrapExpression, type Node } from "./estree.js";
import { indexKey, typedArrayKey } from "./keys.js";
import type { FunctionLowerer } from "./lower-function.js";
import { ATOMICS_VALUE_ARGUMENTS, type OperandFact } from "./typed-array-operations.js";
import type { TypedArrayValue } from "./values.js";

function operandFact(lowerer: FunctionLowerer, operand: Node): OperandFact {
  const value = lowerer.context.model.valueOf(operand, lowerer.place);
  const target = unwrapExpression(operand);
  const literal = target.type === "Literal" && (typeof target.value === "number" || typeof target.value === "bigint") ? target.raw : undefined;
  return {
    kind: value.kind === "number" || value.kind === "bigint" ? value.kind : "unknown",
    text: lowerer.context.text.slice(operand.range[0], operand.range[1]),
    ...(literal !== undefined ? { literal } : {}),
    site: siteOf(lowerer.context.file, operand),
  };
}

function textOf(lowerer: FunctionLowerer, node: Node): string {
  return lowerer.context.text.slice(node.range[0], node.range[1]);
}

export function recordAtomicsOperation(
  lowerer: FunctionLowerer, node: TSESTree.CallExpression, api: string, op: AccessOp, key: FieldKey, array: TypedArrayValue | undefined,
): void {
  const arrayNode = node.arguments[0];
  if (!arrayNode) return;
  const values = (ATOMICS_VALUE_ARGUMENTS[api] ?? [])
    .map((index) => node.arguments[index])
    .filter((arg): arg is TSESTree.Expression => arg !== undefined && arg.type !== "SpreadElement")
    .map((arg) => operandFact(lowerer, arg));
  lowerer.context.operations.push({
    api, op, key, arrayText: textOf(lowerer, arrayNode), ...(array?.type ? { type: array.type } : {}), sharing: array?.sharing ?? "unknown", values,
    functionName: lowerer.site.name, site: siteOf(lowerer.context.file, node),
  });
}

/** `view[i] = v` on an array of known type, shared or not: storing a number into a BigInt array throws either way. */
export function recordPlainStore(lowerer: FunctionLowerer, target: TSESTree.MemberExpression, value: Node, node: TSESTree.AssignmentExpression): void {
  if (!target.computed || node.operator !== "=") return;
  const { model } = lowerer.context;
  const array = model.typedArrayOf(target.object, lowerer.place);
  if (!array?.type) return;
  lowerer.context.operations.push({
    api: "plain",
    op: "store",
    key: typedArrayKey(array, indexKey(model, target.property, lowerer.place)),
    arrayText: textOf(lowerer, target.object),
    type: array.type,
    sharing: array.sharing,
    values: [operandFact(lowerer, value)],
    functionName: lowerer.site.name,
    site: siteOf(lowerer.context.file, node),
  });
}
