import type { FileIR } from "../../analysis/ir/function-ir.js";
import type { CLoweringOptions } from "../c/lower-file.js";

/** Lowers an ESTree Program to the IR. (Implementation in progress: returns no functions yet.) */
export function lowerEstreeFile(file: string, _text: string, _ast: unknown, _options: CLoweringOptions): FileIR {
  return { file, functions: [], definedMacros: [], diagnostics: { errorNodes: 0, functionsWithErrors: 0 }, types: { structs: {}, typedefs: {} } };
}
