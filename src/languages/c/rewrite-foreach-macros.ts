import { isForeachMacroName, type ResolvedCLanguageOptions } from "./language-options.js";

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/gu;
const WHILE = "while";

/**
 * `QLIST_FOREACH(v, head, next) { ... }` is not C until the preprocessor has run, and tree-sitter's
 * error recovery gives it a different broken shape depending on what follows. Rewriting the macro name
 * to `while` padded with spaces — `while        (v, head, next) { ... }` — is valid C of the same
 * length: the arguments become a comma expression and the body parses as a loop body. The converter
 * turns these `while_statement`s back into `foreach_statement`s.
 */
export function rewriteForeachMacros(text: string, options: ResolvedCLanguageOptions): string {
  let result = "";
  let copiedUpTo = 0;
  IDENTIFIER.lastIndex = 0;
  for (let match = IDENTIFIER.exec(text); match; match = IDENTIFIER.exec(text)) {
    const name = match[0];
    if (name.length < WHILE.length || !isForeachMacroName(name, options)) continue;
    const start = match.index;
    const open = skipSpace(text, start + name.length);
    if (text[open] !== "(" || !startsStatement(text, start)) continue;
    const close = matchingParenthesis(text, open);
    if (close < 0) continue;
    const next = text[skipSpace(text, close)];
    if (next === undefined || !/[{A-Za-z_(*]/u.test(next)) continue;
    result += text.slice(copiedUpTo, start) + WHILE + " ".repeat(name.length - WHILE.length);
    copiedUpTo = start + name.length;
    IDENTIFIER.lastIndex = close;
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
}

function skipSpace(text: string, index: number): number {
  while (index < text.length && /\s/u.test(text[index]!)) index++;
  return index;
}

function startsStatement(text: string, index: number): boolean {
  const before = previousCodeCharacter(text, index);
  if (before < 0) return false;
  if (";{}:)".includes(text[before]!)) return true;
  return /(?:^|[^A-Za-z0-9_])(?:else|do)$/u.test(text.slice(Math.max(0, before - 5), before + 1));
}

/**
 * The index of the last character before `index` that is code: whitespace and comments are skipped,
 * so that a guard macro after `/* Hold the lock. *\/` still starts a statement.
 */
function previousCodeCharacter(text: string, index: number): number {
  let before = index - 1;
  for (;;) {
    while (before >= 0 && /\s/u.test(text[before]!)) before--;
    if (before >= 1 && text[before] === "/" && text[before - 1] === "*") {
      const open = text.lastIndexOf("/*", before - 2);
      if (open < 0) return before;
      before = open - 1;
      continue;
    }
    // Searched within the line only: a search to the end of the text would make each macro cost the whole file.
    const lineStart = text.lastIndexOf("\n", before) + 1;
    const lineComment = text.slice(lineStart, before + 1).indexOf("//");
    if (lineComment >= 0) {
      before = lineStart + lineComment - 1;
      continue;
    }
    return before;
  }
}

export function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return index + 1;
  }
  return -1;
}
