import type { CommentNode } from "../../languages/c/syntax-node.js";

/** What a barrier's comment says about its partner: "Pairs with smp_wmb() in virtqueue_push()". */
export interface PartnerClaim {
  /** The clause as written, without comment markers: `smp_wmb() in virtqueue_push()`. */
  text: string;
  /** A primitive the comment names as the partner (`smp_wmb`), if any. */
  barrier?: string;
  /** Functions the comment names as holding the partner. */
  functions: string[];
}

/** Comments that belong to a barrier on `line`: on the same line, or ending on the lines just above it. */
export function commentsFor(line: number, comments: readonly CommentNode[]): CommentNode[] {
  const attached = comments.filter((comment) => comment.loc.start.line <= line && comment.loc.end.line >= line);
  // A run of comments directly above: each ends on the line before the next one (or the barrier) starts.
  let nextLine = line;
  for (let index = lastEndingBefore(comments, line); index >= 0; index--) {
    const comment = comments[index]!;
    if (comment.loc.end.line !== nextLine - 1) break;
    attached.unshift(comment);
    nextLine = comment.loc.start.line;
  }
  return attached;
}

function lastEndingBefore(comments: readonly CommentNode[], line: number): number {
  for (let index = comments.length - 1; index >= 0; index--) if (comments[index]!.loc.end.line < line) return index;
  return -1;
}

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
    const barrier = names.find(isPrimitive);
    const functions = [...new Set(names.filter((name) => !isPrimitive(name)))];
    if (functions.length === 0 && !barrier) continue;
    claims.push({ text: clause, ...(barrier ? { barrier } : {}), functions });
  }
  return claims;
}
