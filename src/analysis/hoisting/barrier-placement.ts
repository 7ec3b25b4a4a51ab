import type { SyntaxNode } from "../../languages/c/syntax-node.js";
import type { TextEdit } from "../findings.js";
import type { TextLayout } from "./text-layout.js";

/** What replaces a loop: lines before it, the loop text (one loop or several with lines between), lines after it. */
export interface LoopReplacement {
  before: readonly string[];
  /** Replacement texts for the loop statement itself; more than one when the loop is split. */
  loops: readonly string[];
  between: readonly string[];
  after: readonly string[];
}

/** Parents whose child statements form a list, where a statement can be added before or after another. */
const STATEMENT_LISTS: ReadonlySet<string> = new Set([
  "compound_statement", "case_statement", "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "preproc_elifdef",
]);

/** Parents that hold exactly one statement: the loop is wrapped in braces so that the barriers stay with it. */
const SINGLE_STATEMENT_SLOTS: ReadonlySet<string> = new Set([
  "if_statement", "else_clause", "for_statement", "while_statement", "do_statement", "foreach_statement",
]);

/**
 * One edit that puts the replacement in place of `loop`, with inserted lines at the loop's indentation,
 * the comment lines above the loop kept attached to it and comments after it on its last line kept there.
 * Undefined when the loop sits where no statement can be added (an unusual parent, or a comment between
 * an `if (...)` and its unbraced loop).
 */
export function replaceLoop(layout: TextLayout, loop: SyntaxNode, replacement: LoopReplacement): TextEdit | undefined {
  const parent = loop.parent;
  if (!parent) return undefined;
  if (STATEMENT_LISTS.has(parent.type)) return replaceInList(layout, loop, replacement);
  if (parent.type === "labeled_statement" && parent.parent && STATEMENT_LISTS.has(parent.parent.type)) {
    return replaceInList(layout, loop, replacement);
  }
  if (SINGLE_STATEMENT_SLOTS.has(parent.type)) return replaceInBraces(layout, loop, replacement);
  return undefined;
}

function replaceInList(layout: TextLayout, loop: SyntaxNode, replacement: LoopReplacement): TextEdit {
  const { text } = layout;
  const [loopStart, loopEnd] = loop.range;
  const indent = layout.indentOf(loopStart);
  const start = layout.startWithLeadingComments(loopStart);
  const end = layout.endWithTrailingComments(loopEnd);
  const { newline } = layout;
  const before = layout.startsLine(loopStart)
    ? replacement.before.map((line) => `${indent}${line}${newline}`).join("")
    : replacement.before.map((line) => `${line} `).join("");
  const newText = before + text.slice(start, loopStart) + joinLoops(replacement, indent, newline) + text.slice(loopEnd, end);
  return { range: [start, end], text: newText + afterLines(replacement, indent, newline) };
}

function replaceInBraces(layout: TextLayout, loop: SyntaxNode, replacement: LoopReplacement): TextEdit | undefined {
  const { text } = layout;
  const [loopStart, loopEnd] = loop.range;
  let gapStart = loopStart;
  while (gapStart > 0 && /\s/u.test(text[gapStart - 1]!)) gapStart--;
  if (layout.hasCommentIn(gapStart, loopStart)) return undefined;
  const outerIndent = layout.indentOf(gapStart);
  const indent = layout.startsLine(loopStart) ? layout.indentOf(loopStart) : outerIndent + indentUnit(outerIndent);
  const end = layout.endWithTrailingComments(loopEnd);
  const { newline } = layout;
  const newText = ` {${newline}`
    + replacement.before.map((line) => `${indent}${line}${newline}`).join("")
    + indent + joinLoops(replacement, indent, newline) + text.slice(loopEnd, end)
    + afterLines(replacement, indent, newline)
    + `${newline}${outerIndent}}`;
  return { range: [gapStart, end], text: newText };
}

function joinLoops(replacement: LoopReplacement, indent: string, newline: string): string {
  const between = replacement.between.map((line) => `${newline}${indent}${line}`).join("");
  return replacement.loops.join(`${between}${newline}${indent}`);
}

function afterLines(replacement: LoopReplacement, indent: string, newline: string): string {
  return replacement.after.map((line) => `${newline}${indent}${line}`).join("");
}

function indentUnit(outerIndent: string): string {
  return outerIndent.includes("\t") ? "\t" : "    ";
}
