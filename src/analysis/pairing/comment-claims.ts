import type { CommentNode } from "../../languages/c/syntax-node.js";
import { getOrCreate } from "../memo.js";

/** What a barrier's comment says about its partner: "Pairs with smp_wmb() in virtqueue_push()". */
export interface PartnerClaim {
  /** The clause as written, without comment markers: `smp_wmb() in virtqueue_push()`. */
  text: string;
  /** A primitive the comment names as the partner (`smp_wmb`), if any. */
  barrier?: string;
  /** The clause names the partner as a full barrier in words ("the first memory barrier in foo()"), with no primitive. */
  fullBarrier?: boolean;
  /** Functions the comment names as holding the partner. */
  functions: string[];
}

/** Comments that belong to a barrier on `line`: on the same line, or ending on the lines just above it. */
export function commentsFor(line: number, comments: readonly CommentNode[]): CommentNode[] {
  return commentLines(comments).attachedTo(line);
}

/**
 * Comments that explain a barrier on `line`: those `commentsFor` attaches, less ESLint directives that
 * carry no reason (`// eslint-disable-next-line rule` says nothing about what the barrier orders).
 */
export function explanatoryCommentsFor(line: number, comments: readonly CommentNode[]): CommentNode[] {
  return commentsFor(line, comments).filter((comment) => explanationOf(comment) !== undefined);
}

/** ESLint's directive labels (its own grammar): a line comment is a directive only for the line forms. */
const BLOCK_DIRECTIVE = /^(?:eslint(?:-env|-enable|-disable(?:-next-line|-line)?)?|exported|globals?)(?:\s|$)/u;
const LINE_DIRECTIVE = /^eslint-disable-(?:next-)?line(?:\s|$)/u;
/** What separates a directive from its reason: `eslint-disable-next-line rule -- why`. */
const REASON_SEPARATOR = /\s-{2,}\s/u;

/**
 * The text of a comment that explains something: the whole comment, or for an ESLint directive only its
 * reason after `--`; undefined for a directive without one.
 */
export function explanationOf(comment: CommentNode): string | undefined {
  const separator = REASON_SEPARATOR.exec(comment.value);
  const directivePart = (separator ? comment.value.slice(0, separator.index) : comment.value).trimStart();
  const isDirective = (comment.type === "Line" ? LINE_DIRECTIVE : BLOCK_DIRECTIVE).test(directivePart);
  if (!isDirective) return comment.value;
  const reason = separator ? comment.value.slice(separator.index + separator[0].length).trim() : "";
  return reason.length > 0 ? reason : undefined;
}

const indexes = new WeakMap<readonly CommentNode[], CommentLines>();

/** The line index of a file's comments, built once per comment list. */
export function commentLines(comments: readonly CommentNode[]): CommentLines {
  return getOrCreate(indexes, comments, () => new CommentLines(comments));
}

/**
 * A file's comments in source order, looked up by line in logarithmic time: comments never overlap,
 * so in source order both their first and their last lines only grow.
 */
export class CommentLines {
  private readonly ordered: readonly CommentNode[];

  constructor(comments: readonly CommentNode[]) {
    const sorted = comments.every((comment, index) => index === 0 || comments[index - 1]!.range[0] <= comment.range[0]);
    this.ordered = sorted ? comments : [...comments].sort((a, b) => a.range[0] - b.range[0]);
  }

  /** Comments on `line`, then the run of comments directly above it: each ends on the line before the next one (or the barrier) starts. */
  attachedTo(line: number): CommentNode[] {
    const attached: CommentNode[] = [];
    const firstReaching = this.firstEndingAtOrAfter(line);
    for (let index = firstReaching; index < this.ordered.length && this.ordered[index]!.loc.start.line <= line; index++) {
      attached.push(this.ordered[index]!);
    }
    let nextLine = line;
    const above: CommentNode[] = [];
    for (let index = firstReaching - 1; index >= 0; index--) {
      const comment = this.ordered[index]!;
      if (comment.loc.end.line !== nextLine - 1) break;
      above.push(comment);
      nextLine = comment.loc.start.line;
    }
    return [...above.reverse(), ...attached];
  }

  /** Index of the first comment whose last line is `line` or later (the length when there is none). */
  private firstEndingAtOrAfter(line: number): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ordered[middle]!.loc.end.line < line) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** A full barrier named in words: "the memory barrier in foo()", "a full barrier". */
const FULL_BARRIER_WORDS = /\b(?:full(?:\s+memory)?|memory)\s+barriers?\b/iu;
const CLAIM = /\b(?:pairs?|paired|pairing)(?:\s+up)?\s+with\b|\bmatch(?:es|ed|ing)?\s+(?:with\s+)?(?=\S)|\bsee\b/giu;
const NAMED_CALL = /\b([A-Za-z_]\w*)\s*\(\s*\)/gu;
/** "see" is common prose: only "see foo()", "see also foo()", "see the comment in foo()", "see smp_wmb() in foo()" count. */
const SEE_REFERENCE = /^(?:also\s+)?(?:the\s+(?:\w+\s+){0,3}in\s+|[A-Za-z_]\w*\s*\(\s*\)\s+in\s+)?[A-Za-z_]\w*\s*\(\s*\)/iu;

/**
 * The partner claims in a comment's text. `isPrimitive` tells barrier names from function names.
 * A clause runs from "pairs with" / "paired with" / "matches" / "see" to the end of the sentence.
 */
export function partnerClaims(text: string, isPrimitive: (name: string) => boolean): PartnerClaim[] {
  const flat = text.replace(/^\s*\*+/gmu, " ").replace(/\s+/gu, " ");
  const claims: PartnerClaim[] = [];
  for (const trigger of flat.matchAll(CLAIM)) {
    const start = trigger.index + trigger[0].length;
    const rest = flat.slice(start);
    const end = rest.search(/[.;:!?](?:\s|$)|\b(?:pairs?|paired|pairing|see)\b/iu);
    const clause = (end >= 0 ? rest.slice(0, end) : rest).trim();
    if (/^see$/iu.test(trigger[0]) && !SEE_REFERENCE.test(clause)) continue;
    const names = [...clause.matchAll(NAMED_CALL)].map((match) => match[1]!);
    // A barrier is named with or without its parentheses ("pairs with smp_mb in foo()"); without them only
    // by a spelling no prose word has (QEMU's compiler barrier is called `barrier()`).
    const barrier = names.find(isPrimitive) ?? [...clause.matchAll(/\b[A-Za-z]\w*_\w*\b/gu)].map((match) => match[0]).find(isPrimitive);
    const functions = [...new Set(names.filter((name) => !isPrimitive(name)))];
    if (functions.length === 0 && !barrier) continue;
    const fullBarrier = !barrier && FULL_BARRIER_WORDS.test(clause);
    claims.push({ text: clause, ...(barrier ? { barrier } : {}), ...(fullBarrier ? { fullBarrier } : {}), functions });
  }
  return claims;
}
