import type { FileIR } from "../../analysis/ir/function-ir.js";
import type { ResolvedDialect } from "../../analysis/dialects/registry.js";
import type { TranslationUnit } from "../../languages/c/syntax-node.js";

export interface CLoweringOptions {
  dialect: ResolvedDialect;
  hostPointerSize: 4 | 8;
}

/** Lowers a parsed C file to the IR. (Implementation in progress: returns no functions yet.) */
export function lowerCFile(file: string, _text: string, _ast: TranslationUnit, _options: CLoweringOptions): FileIR {
  return { file, functions: [], definedMacros: [], diagnostics: { errorNodes: 0, functionsWithErrors: 0 }, types: { structs: {}, typedefs: {} } };
}
