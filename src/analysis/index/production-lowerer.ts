import path from "node:path";
import { lowerCFile } from "../../frontends/c/lower-file.js";
import { resolveCLanguageOptions } from "../../languages/c/language-options.js";
import { parseC } from "../../languages/c/parse-c.js";
import type { FileIR } from "../ir/function-ir.js";
import type { IndexDependencies, ProjectIndexRequest } from "./project-index-registry.js";

const C_EXTENSIONS = new Set([".c", ".h"]);

/**
 * The real front-ends, chosen by extension. Only C can be lowered outside ESLint for now; TS/JS files
 * that the globs match are counted as unsupported and named in the view's limitation.
 */
export function productionDependencies(request: ProjectIndexRequest): IndexDependencies {
  const loweringOptions = { dialect: request.options.dialect, hostPointerSize: request.options.hostPointerSize };
  const languageOptions = resolveCLanguageOptions(request.languageOptions);
  return {
    canLower: (file) => C_EXTENSIONS.has(path.extname(file)),
    lowerFile: (file, text): FileIR => {
      const parsed = parseC(text, languageOptions, false);
      if (!parsed.ok) throw new Error(parsed.message);
      return lowerCFile(file, text, parsed.ast, loweringOptions);
    },
    maxFileBytes: 3 * languageOptions.maxFileSize,
  };
}
