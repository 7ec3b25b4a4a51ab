import { blankAnnotationMacros } from "./blank-annotation-macros.js";
import { buildSyntaxTree } from "./build-syntax-tree.js";
import { rewriteForeachMacros } from "./rewrite-foreach-macros.js";
import type { ResolvedCLanguageOptions } from "./language-options.js";
import type { SyntaxNode, TranslationUnit } from "./syntax-node.js";
import { parseWithTreeSitter } from "./tree-sitter-runtime.js";

export interface ParseDiagnostics {
  errorNodes: number;
  missingNodes: number;
}

export type CParseResult =
  | { ok: true; ast: TranslationUnit; diagnostics: ParseDiagnostics }
  | { ok: false; message: string; line: number; column: number };

/** Reasons not to parse at all; everything else is parsed, ERROR nodes included. */
export function rejectUnparsableText(text: string, options: ResolvedCLanguageOptions): CParseResult | undefined {
  if (text.length > options.maxFileSize) {
    return {
      ok: false, line: 1, column: 0,
      message: `file is too large to analyse (${text.length} characters; the limit is ${options.maxFileSize}, set languageOptions.maxFileSize to raise it)`,
    };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    const before = text.slice(0, nul);
    const line = before.split("\n").length;
    return {
      ok: false, line, column: nul - (before.lastIndexOf("\n") + 1),
      message: "file looks binary (it contains a NUL character), not C source; it was not analysed",
    };
  }
  return undefined;
}

export function parseC(text: string, options: ResolvedCLanguageOptions, withLoc: boolean): CParseResult {
  const rejection = rejectUnparsableText(text, options);
  if (rejection) return rejection;
  const key = optionsKey(options);
  // Only a tree without `loc` (the index's) is served from memory: ESLint keys each lint's state by
  // its tree, so every ESLint parse must make a tree of its own.
  const remembered = !withLoc && lastParse?.text === text && lastParse.optionsKey === key ? lastParse.ast.deref() : undefined;
  if (remembered) return { ok: true, ast: remembered, diagnostics: countErrors(remembered) };
  const tree = parseWithTreeSitter(rewriteForeachMacros(blankAnnotationMacros(text, options), options));
  try {
    const ast = buildSyntaxTree(tree, text, { withLoc });
    if (withLoc) lastParse = { text, optionsKey: key, ast: new WeakRef(ast) };
    return { ok: true, ast, diagnostics: countErrors(ast) };
  } finally {
    tree.delete();
  }
}

/**
 * The last tree built, while something else keeps it alive: the project index reads the file being
 * linted from disk and would otherwise parse the same text again, which for a large file doubles the
 * memory of the whole run. A tree with `loc` serves a request without it (only ESLint reads `loc`).
 */
let lastParse: { text: string; optionsKey: string; ast: WeakRef<TranslationUnit> } | undefined;

function optionsKey(options: ResolvedCLanguageOptions): string {
  const names = (set: ReadonlySet<string>) => [...set].sort().join(",");
  return `${names(options.annotationMacros)}|${names(options.annotationMacrosWithArguments)}|${names(options.foreachMacros)}|${names(options.typeWrapperMacros)}|${options.maxFileSize}`;
}

export function countErrors(root: SyntaxNode): ParseDiagnostics {
  const diagnostics: ParseDiagnostics = { errorNodes: 0, missingNodes: 0 };
  if (!root.hasError) return diagnostics;
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === "ERROR") diagnostics.errorNodes++;
    if (node.missing) diagnostics.missingNodes++;
    for (const child of node.children) if (child.hasError || child.type === "ERROR" || child.missing) pending.push(child);
  }
  return diagnostics;
}
