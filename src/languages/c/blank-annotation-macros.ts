import type { ResolvedCLanguageOptions } from "./language-options.js";
import { matchingParenthesis } from "./rewrite-foreach-macros.js";

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/gu;

function blank(text: string): string {
  return text.replace(/[^\r\n]/gu, " ");
}

/**
 * Replaces annotation macros by spaces so that tree-sitter sees plain C. Every character keeps its
 * offset (newlines are kept), so ranges in the parse tree are ranges in the user's text.
 * A name right after `#define`/`#undef`/`#ifdef` is kept: there it is being defined or tested, not used.
 */
export function blankAnnotationMacros(text: string, options: ResolvedCLanguageOptions): string {
  if (options.annotationMacros.size === 0 && options.annotationMacrosWithArguments.size === 0 && options.typeWrapperMacros.size === 0) return text;
  let result = "";
  let copiedUpTo = 0;
  IDENTIFIER.lastIndex = 0;
  for (let match = IDENTIFIER.exec(text); match; match = IDENTIFIER.exec(text)) {
    const name = match[0];
    const start = match.index;
    let end = start + name.length;
    if (options.typeWrapperMacros.has(name)) {
      // `RTE_ATOMIC(uint32_t)` -> `           uint32_t `: the wrapped type is what the declaration declares.
      const open = text.slice(end).search(/\S/u) + end;
      const close = text[open] === "(" ? matchingParenthesis(text, open) : -1;
      if (close < 0 || isNameBeingDefined(text, start)) continue;
      result += text.slice(copiedUpTo, start) + blank(text.slice(start, open + 1)) + text.slice(open + 1, close - 1) + " ";
      copiedUpTo = close;
      IDENTIFIER.lastIndex = close;
      continue;
    }
    if (options.annotationMacrosWithArguments.has(name)) {
      let open = end;
      while (text[open] === " " || text[open] === "\t") open++;
      if (text[open] === "(") {
        const close = matchingParenthesis(text, open);
        if (close < 0) continue;
        end = close;
      } else if (!options.annotationMacros.has(name)) {
        continue;
      }
    } else if (!options.annotationMacros.has(name)) {
      continue;
    }
    if (isNameBeingDefined(text, start)) continue;
    result += text.slice(copiedUpTo, start) + blank(text.slice(start, end));
    copiedUpTo = end;
    IDENTIFIER.lastIndex = end;
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
}

function isNameBeingDefined(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  return /^\s*#\s*(?:define|undef|ifdef|ifndef)\s+$/u.test(text.slice(lineStart, index));
}
