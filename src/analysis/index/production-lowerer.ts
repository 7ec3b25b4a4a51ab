import path from "node:path";
import { lowerCSource } from "../../frontends/c/lower-file.js";
import { lowerEstreeFile, lowerEstreeSource } from "../../frontends/estree/lower-file.js";
import { resolveCLanguageOptions } from "../../languages/c/language-options.js";
import type { FileIR } from "../ir/function-ir.js";
import { lintedTreeOf } from "./linted-tree.js";
import type { IndexDependencies, ProjectIndexRequest } from "./project-index-registry.js";

const C_EXTENSIONS = new Set([".c", ".h"]);
const JS_EXTENSIONS = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);

/**
 * The real front-ends, chosen by each file's extension (a C project may list TS files and the reverse).
 * Both parse the text themselves and never build ESLint-visible nodes, except for the file being linted,
 * whose tree ESLint just built (see `lintedTreeOf`; `parseC` does the same for C). TS/JS files are
 * lowered without type information: the index has no TypeScript program.
 */
export function productionDependencies(request: ProjectIndexRequest): IndexDependencies {
  const loweringOptions = { dialect: request.options.dialect, hostPointerSize: request.options.hostPointerSize };
  const { languageOptions } = request;
  return {
    canLower: (file) => C_EXTENSIONS.has(path.extname(file)) || JS_EXTENSIONS.has(path.extname(file)),
    lowerFile: (file, text): FileIR => (C_EXTENSIONS.has(path.extname(file))
      ? lowerCSource(file, text, loweringOptions, languageOptions)
      : lowerEstree(file, text, loweringOptions)),
    // Beyond this the C front-end refuses the text anyway (a UTF-16 unit takes at most 3 UTF-8 bytes).
    maxFileBytes: 3 * resolveCLanguageOptions(languageOptions).maxFileSize,
  };
}

function lowerEstree(file: string, text: string, options: { dialect: ProjectIndexRequest["options"]["dialect"]; hostPointerSize: 4 | 8 }): FileIR {
  const linted = lintedTreeOf(file, text);
  return linted ? lowerEstreeFile(file, text, linted, options) : lowerEstreeSource(file, text, options);
}
