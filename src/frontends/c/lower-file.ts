import type { FileIR, FunctionIR, TypeDeclarations } from "../../analysis/ir/function-ir.js";
import type { ResolvedDialect } from "../../analysis/dialects/registry.js";
import { formatCType } from "../../analysis/keys/c-type.js";
import { TypeResolver } from "../../analysis/keys/type-resolver.js";
import { resolveCLanguageOptions, type CLanguageOptions } from "../../languages/c/language-options.js";
import { LineIndex } from "../../languages/c/line-index.js";
import { countErrors, parseC } from "../../languages/c/parse-c.js";
import type { TranslationUnit } from "../../languages/c/syntax-node.js";
import { collectFileDeclarations, type FileDeclarations } from "./file-declarations.js";
import { functionsInInitializers } from "./function-values.js";
import { lowerFunction } from "./lower-function.js";
import { PointerFieldStores } from "./pointer-field-stores.js";
import type { FileContext } from "./lowering-context.js";
import { typeInfoOf } from "./type-info.js";

export interface CLoweringOptions {
  dialect: ResolvedDialect;
  hostPointerSize: 4 | 8;
  /** Types declared elsewhere (headers), used to resolve typedefs and field types the file does not declare. */
  types?: TypeDeclarations;
}

/** FileIR diagnostics, plus why a file was not lowered at all (binary, too large, internal failure). */
export interface CLoweringDiagnostics {
  errorNodes: number;
  functionsWithErrors: number;
  rejected?: string;
}

export type CFileIR = FileIR & { diagnostics: CLoweringDiagnostics };

/** Lowers a parsed C file to the IR: one pass over each function body, events in evaluation order. */
export function lowerCFile(file: string, text: string, ast: TranslationUnit, options: CLoweringOptions): CFileIR {
  const declarations = collectFileDeclarations(ast, text);
  const resolver = new TypeResolver({ fields: declarations.fields, typedefs: declarations.typedefs }, options.types);
  const fileContext: FileContext = {
    file, text, lines: new LineIndex(text), dialect: options.dialect, hostPointerSize: options.hostPointerSize,
    resolver, declarations, globals: new Map(), functionValues: new Set(), pointerStores: new PointerFieldStores(),
  };
  for (const name of functionsInInitializers(ast, text, declarations.functionNames)) fileContext.functionValues.add(name);
  const functions: FunctionIR[] = [];
  for (const source of declarations.functions) {
    const lowered = lowerFunction(fileContext, source);
    if (lowered) functions.push(lowered);
  }
  functions.sort((a, b) => a.site.range[0] - b.site.range[0]);
  fileContext.pointerStores.rewrite(functions);
  return {
    file,
    functions,
    definedMacros: declarations.definedMacros,
    functionValues: [...fileContext.functionValues].sort(),
    diagnostics: { errorNodes: countErrors(ast).errorNodes, functionsWithErrors: functions.filter((fn) => fn.hasParseErrors).length },
    types: typeDeclarationsOf(declarations, resolver, options.hostPointerSize),
  };
}

/**
 * Parses and lowers a file the project index reads (no ESLint `loc`). Never throws: a file that is not
 * parsed (binary, too large) or that the front-end fails on gives an empty FileIR saying why.
 */
export function lowerCSource(file: string, text: string, options: CLoweringOptions, languageOptions?: CLanguageOptions): CFileIR {
  try {
    const parsed = parseC(text, resolveCLanguageOptions(languageOptions), false);
    if (!parsed.ok) return emptyFileIR(file, `${parsed.message} (line ${parsed.line})`);
    return lowerCFile(file, text, parsed.ast, options);
  } catch (error) {
    return emptyFileIR(file, `the C front-end failed: ${(error as Error).message}`);
  }
}

function emptyFileIR(file: string, rejected: string): CFileIR {
  return {
    file, functions: [], definedMacros: [], diagnostics: { errorNodes: 0, functionsWithErrors: 0, rejected },
    types: { structs: {}, typedefs: {} },
  };
}

function typeDeclarationsOf(declarations: FileDeclarations, resolver: TypeResolver, hostPointerSize: number): TypeDeclarations {
  const structs: TypeDeclarations["structs"] = {};
  for (const [owner, fields] of declarations.fields) {
    const infos: TypeDeclarations["structs"][string] = {};
    for (const [field, type] of fields) infos[field] = typeInfoOf(type, resolver, hostPointerSize);
    structs[owner] = infos;
  }
  const typedefs: TypeDeclarations["typedefs"] = {};
  for (const [name, type] of declarations.typedefs) typedefs[name] = formatCType(type);
  return { structs, typedefs };
}
