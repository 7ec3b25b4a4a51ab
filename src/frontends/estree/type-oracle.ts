import type { TSESTree } from "@typescript-eslint/types";
import type { Node } from "./estree.js";

/**
 * What the front-end asks of TypeScript's checker, when the user's config gives type information.
 * The answer is a plain type name: `Int32Array`, `SharedArrayBuffer`, `RingBuffer`, `number`, `bigint`.
 */
export interface TypeOracle {
  typeNameAt(node: Node): string | undefined;
}

/** The parts of @typescript-eslint's parser services and of TypeScript's checker that are read. */
interface TypeScriptType {
  getSymbol(): { getName(): string } | undefined;
  isUnion?(): boolean;
  types?: TypeScriptType[];
  flags: number;
}
interface TypeChecker {
  getTypeAtLocation(node: unknown): TypeScriptType;
  typeToString(type: TypeScriptType): string;
  getNonNullableType?(type: TypeScriptType): TypeScriptType;
}
interface ParserServicesWithTypes {
  program: { getTypeChecker(): TypeChecker } | null;
  esTreeNodeToTSNodeMap: { get(node: unknown): unknown };
}

/**
 * An oracle over `context.sourceCode.parserServices`, or undefined when the config parses without a
 * TypeScript project (then `program` is null and declarations are read instead).
 */
export function typeOracleFromParserServices(services: unknown): TypeOracle | undefined {
  const candidate = services as Partial<ParserServicesWithTypes> | undefined;
  if (!candidate?.program || !candidate.esTreeNodeToTSNodeMap) return undefined;
  const checker = candidate.program.getTypeChecker();
  const nodeMap = candidate.esTreeNodeToTSNodeMap;
  return {
    typeNameAt(node) {
      const tsNode = nodeMap.get(node);
      if (!tsNode) return undefined;
      const raw = checker.getTypeAtLocation(tsNode);
      const type = checker.getNonNullableType ? checker.getNonNullableType(raw) : raw;
      const symbolName = type.getSymbol()?.getName();
      if (symbolName && symbolName !== "__type" && symbolName !== "__object") return symbolName;
      const text = checker.typeToString(type);
      return /^[A-Za-z_$][\w$]*$/u.test(text) ? text : literalBase(text);
    },
  };
}

/** `1` -> `number`, `1n` -> `bigint`: literal types widen to their primitive. */
function literalBase(text: string): string | undefined {
  if (/^-?\d+n$/u.test(text)) return "bigint";
  if (/^-?[\d.]+(e-?\d+)?$/u.test(text)) return "number";
  return undefined;
}

/** The name a TypeScript type annotation spells, without nullability: `Int32Array | null` -> `Int32Array`. */
export function annotatedTypeName(type: TSESTree.TypeNode | undefined): string | undefined {
  if (!type) return undefined;
  switch (type.type) {
    case "TSTypeReference":
      return type.typeName.type === "Identifier" ? type.typeName.name : undefined;
    case "TSNumberKeyword":
      return "number";
    case "TSBigIntKeyword":
      return "bigint";
    case "TSTypeOperator":
      return type.operator === "readonly" ? annotatedTypeName(type.typeAnnotation) : undefined;
    case "TSUnionType": {
      const names = type.types
        .filter((member) => member.type !== "TSNullKeyword" && member.type !== "TSUndefinedKeyword")
        .map(annotatedTypeName);
      return names.length === 1 ? names[0] : undefined;
    }
    default:
      return undefined;
  }
}

/** `Int32Array<SharedArrayBuffer>` / `Int32Array<ArrayBuffer>`: the annotation names the kind of buffer. */
export function annotatedBufferKind(type: TSESTree.TypeNode | undefined): "shared" | "private" | undefined {
  if (!type || type.type !== "TSTypeReference") return undefined;
  const buffer = annotatedTypeName(type.typeArguments?.params[0]);
  return buffer === "SharedArrayBuffer" ? "shared" : buffer === "ArrayBuffer" ? "private" : undefined;
}
