import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding, FindingSuggestion } from "../findings.js";
import { atomicsAccepts, elementKindOf, waitAccepts } from "../../frontends/estree/typed-arrays.js";
import type { OperandFact, TypedArrayOperation } from "../../frontends/estree/typed-array-operations.js";
import { typedArrayOperationsOf } from "./operations-of.js";

export const ATOMICS_ARRAY_TYPE_RULE = "atomics-array-type";

/**
 * What `Atomics` and typed arrays throw on at run time: Atomics on float, clamped or DataView views,
 * waiting on anything but Int32Array/BigInt64Array or on memory that is not shared, numbers written
 * into BigInt arrays and bigints into the others. Each is a TypeError in the thread that runs it, often a worker that then dies quietly.
 */
export const atomicsArrayTypeChecker: Checker = {
  name: "atomics-array-type",
  rules: [ATOMICS_ARRAY_TYPE_RULE],
  check(input: AnalysisInput): Finding[] {
    const findings: Finding[] = [];
    for (const operation of typedArrayOperationsOf(input)) {
      const arrayProblem = arrayTypeProblem(operation);
      if (arrayProblem) findings.push(arrayProblem);
      else findings.push(...operandProblems(operation));
    }
    return findings;
  },
};

function arrayTypeProblem(operation: TypedArrayOperation): Finding | undefined {
  const { type } = operation;
  if (!type || operation.api === "plain") return undefined;
  const data = { method: operation.api, array: operation.arrayText, type: type.name };
  const finding = (messageId: string): Finding => ({ rule: ATOMICS_ARRAY_TYPE_RULE, messageId, site: operation.site, data, related: [] });
  if (type.name === "DataView") return finding("dataView");
  if (!atomicsAccepts(type)) return finding("nonIntegerArray");
  const waits = operation.api === "Atomics.wait" || operation.api === "Atomics.waitAsync";
  if (waits && !waitAccepts(type)) return finding("waitArrayType");
  if (waits && operation.sharing === "private") return finding("waitOnUnsharedArray");
  return undefined;
}

function operandProblems(operation: TypedArrayOperation): Finding[] {
  const element = elementKindOf(operation.type);
  if (element !== "bigint" && element !== "integer" && element !== "float" && element !== "clamped") return [];
  const wanted = element === "bigint" ? "bigint" : "number";
  return operation.values
    .filter((value) => value.kind !== "unknown" && value.kind !== wanted)
    .map((value) => ({
      rule: ATOMICS_ARRAY_TYPE_RULE,
      messageId: wanted === "bigint" ? "numberIntoBigIntArray" : "bigintIntoNumberArray",
      site: value.site,
      data: { value: value.text, array: operation.arrayText, type: operation.type!.name, method: operation.api === "plain" ? "an assignment" : `${operation.api}()` },
      related: [],
      suggestions: conversion(value, wanted),
    }));
}

const INTEGER_LITERAL = /^(?:[1-9][\d_]*|0|0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+)$/u;

/**
 * `1` -> `1n` and `5n` -> `5` for literals; `BigInt(x)` / `Number(x)` otherwise. A fractional literal
 * has no bigint spelling (and `BigInt(1.5)` throws), so it gets no suggestion.
 */
function conversion(value: OperandFact, wanted: "bigint" | "number"): FindingSuggestion[] {
  let replacement: string;
  if (wanted === "bigint") {
    if (value.literal !== undefined && !INTEGER_LITERAL.test(value.literal)) return [];
    replacement = value.literal !== undefined ? `${value.literal}n` : `BigInt(${value.text})`;
  } else {
    replacement = value.literal?.endsWith("n") ? value.literal.slice(0, -1) : `Number(${value.text})`;
  }
  return [{
    messageId: wanted === "bigint" ? "useBigInt" : "useNumber",
    data: { replacement },
    edits: [{ range: value.site.range, text: replacement }],
  }];
}
