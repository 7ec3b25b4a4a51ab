import type { File, Language, LanguageContext, OkParseResult, ParseResult } from "@eslint/core";
import { CSourceCode } from "./c-source-code.js";
import {
  resolveCLanguageOptions, validateCLanguageOptions, type CLanguageOptions,
} from "./language-options.js";
import { parseC, type ParseDiagnostics } from "./parse-c.js";
import type { SyntaxNode, TranslationUnit } from "./syntax-node.js";
import { visitorKeys } from "./visitor-keys.js";

type CLanguageTypes = {
  LangOptions: CLanguageOptions;
  Code: CSourceCode;
  RootNode: TranslationUnit;
  Node: SyntaxNode;
};

type CParseOk = OkParseResult<TranslationUnit> & { diagnostics: ParseDiagnostics };

/**
 * The ESLint language `barriers/c`. Parse failures are data: ERROR nodes from tree-sitter never make
 * `ok` false; only input that is not C source at all (binary, over the size limit) does.
 */
export const cLanguage: Language<CLanguageTypes> = {
  fileType: "text",
  lineStart: 1,
  columnStart: 0,
  nodeTypeKey: "type",
  visitorKeys,
  defaultLanguageOptions: {},

  validateLanguageOptions(languageOptions: CLanguageOptions): void {
    validateCLanguageOptions(languageOptions);
  },

  parse(file: File, context: LanguageContext<CLanguageOptions>): ParseResult<TranslationUnit> {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    let result;
    try {
      result = parseC(text, resolveCLanguageOptions(context.languageOptions), true);
    } catch (error) {
      return { ok: false, errors: [{ message: `the C parser failed: ${(error as Error).message}`, line: 1, column: 1 }] };
    }
    // ESLint reports a parse error's column as given, and its own parsers give 1-based columns; ours are 0-based.
    if (!result.ok) return { ok: false, errors: [{ message: result.message, line: result.line, column: result.column + 1 }] };
    return { ok: true, ast: result.ast, diagnostics: result.diagnostics } as CParseOk;
  },

  createSourceCode(file: File, input: OkParseResult<TranslationUnit>): CSourceCode {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    return new CSourceCode({ text, ast: input.ast, parseDiagnostics: (input as CParseOk).diagnostics });
  },
};
