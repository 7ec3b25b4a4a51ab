/**
 * Reads the C flavour of litmus tests that herd7 accepts:
 *
 *   C name
 *   (* comments, among them "Result: Never|Sometimes|Always" *)
 *   { int x; y=z; 0:r1=0; }
 *   P0(int *x, int **y) { ... }
 *   locations [...]
 *   exists (0:r0=1 /\ x=2)        or ~exists (...), forall (...)
 */
import type { Value } from "../events.js";
import type { FinalCondition, Place, Prop, Quantifier } from "../condition.js";
import { LitmusSyntaxError, TokenStream, tokenize } from "./lexer.js";
import type { Stmt } from "./body-parser.js";
import { BodyParser, isTypeWord } from "./body-parser.js";

export type Verdict = "Never" | "Sometimes" | "Always";

export interface LitmusThread {
  readonly index: number;
  readonly params: readonly string[];
  readonly body: readonly Stmt[];
}

export interface LitmusTest {
  readonly name: string;
  /** The rest of the line of a "Result:" comment, if any ("Never", "Sometimes DATARACE"). */
  readonly recorded?: string;
  readonly init: ReadonlyMap<string, Value>;
  /** Initial register values, keyed "thread:reg". */
  readonly registerInit: ReadonlyMap<string, Value>;
  readonly threads: readonly LitmusThread[];
  readonly condition: FinalCondition;
  /** Constructs of the file outside the threads that the checker does not handle. */
  readonly unsupported: readonly string[];
}

export { LitmusSyntaxError };

/** Removes (* ... *) comments, returning the text and the comments. */
function splitOcamlComments(text: string): { code: string; comments: string[] } {
  const comments: string[] = [];
  let code = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("(*", i) && !/^\(\*\s*\(/.test(text.slice(i, i + 4))) {
      const end = text.indexOf("*)", i + 2);
      if (end < 0) throw new LitmusSyntaxError("unterminated (* comment");
      comments.push(text.slice(i + 2, end));
      i = end + 2;
    } else {
      code += text[i];
      i++;
    }
  }
  return { code, comments };
}

/** Index just after the brace that closes the one at `open`. */
function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i + 1;
  }
  throw new LitmusSyntaxError("unbalanced braces");
}

export function readLitmus(text: string): LitmusTest {
  const firstLine = /^\s*C\s+(\S+)[^\n]*\n/.exec(text);
  if (!firstLine) throw new LitmusSyntaxError("not a C litmus test: the first line must be 'C <name>'");
  const rest = text.slice(firstLine[0].length);
  // The header (quoted strings, key=value lines, comments) ends at the init block's brace.
  let i = 0;
  const headerComments: string[] = [];
  while (i < rest.length && rest[i] !== "{") {
    if (rest.startsWith("(*", i)) {
      const end = rest.indexOf("*)", i);
      if (end < 0) throw new LitmusSyntaxError("unterminated (* comment");
      headerComments.push(rest.slice(i + 2, end));
      i = end + 2;
    } else if (rest[i] === '"') {
      const end = rest.indexOf('"', i + 1);
      i = end < 0 ? rest.length : end + 1;
    } else i++;
  }
  if (i >= rest.length) throw new LitmusSyntaxError("no init block");
  const initEnd = matchBrace(rest, i);
  const initText = rest.slice(i + 1, initEnd - 1);
  const after = rest.slice(initEnd);
  const threads: LitmusThread[] = [];
  const threadRe = /P(\d+)\s*\(([^)]*)\)\s*\{/g;
  let tail = after;
  let m: RegExpExecArray | null;
  while ((m = threadRe.exec(after)) !== null) {
    const open = m.index + m[0].length - 1;
    const close = matchBrace(after, open);
    const params = m[2]!.split(",").map((p) => /([A-Za-z_][A-Za-z_0-9]*)\s*$/.exec(p.trim())?.[1]).filter((p): p is string => p !== undefined && !isTypeWord(p));
    const body = new BodyParser(new TokenStream(tokenize(after.slice(open, close)))).block();
    threads.push({ index: Number(m[1]), params, body });
    threadRe.lastIndex = close;
    tail = after.slice(close);
  }
  if (threads.length === 0) throw new LitmusSyntaxError("no threads");
  threads.sort((a, b) => a.index - b.index);
  if (threads.some((t, k) => t.index !== k)) throw new LitmusSyntaxError("threads must be numbered P0, P1, ... without gaps");
  const { code: tailCode, comments: tailComments } = splitOcamlComments(tail);
  const recorded = [...headerComments, ...tailComments].map((c) => /Result:\s*([^\n]*)/.exec(c)?.[1]).find((r) => r !== undefined)?.trim();
  const { init, registerInit } = readInit(initText);
  const { condition, unsupported } = readTail(tailCode);
  return { name: firstLine[1]!, ...(recorded ? { recorded } : {}), init, registerInit, threads, condition, unsupported };
}

function readValue(s: TokenStream): Value {
  if (s.accept("&")) return { addressOf: s.ident() };
  const negative = s.accept("-");
  const t = s.next();
  if (t.kind === "number") return (negative ? -1 : 1) * Number(t.text);
  if (t.kind === "ident" && t.text === "ATOMIC_INIT") {
    s.expect("(");
    const v = readValue(s);
    s.expect(")");
    return v;
  }
  if (t.kind === "ident") return { addressOf: t.text };
  throw new LitmusSyntaxError(`expected a value but found '${t.text}'`);
}

function readInit(text: string): { init: Map<string, Value>; registerInit: Map<string, Value> } {
  const init = new Map<string, Value>();
  const registerInit = new Map<string, Value>();
  const s = new TokenStream(tokenize(splitOcamlComments(text).code));
  while (!s.atEnd()) {
    if (s.accept(";")) continue;
    while (s.peek().kind === "ident" && isTypeWord(s.peek().text) && !s.is("=", 1) && !s.is(";", 1)) {
      if (s.next().text === "struct") s.ident();
    }
    while (s.accept("*"));
    let key: string;
    if (s.peek().kind === "number" && s.is(":", 1)) {
      const thread = s.next().text;
      s.expect(":");
      key = `${thread}:${s.ident()}`;
    } else key = s.ident();
    if (s.is("[")) throw new LitmusSyntaxError("unsupported: arrays in the init block");
    const value = s.accept("=") ? readValue(s) : 0;
    if (key.includes(":")) registerInit.set(key, value);
    else init.set(key, value);
    if (!s.atEnd()) s.expect(";");
  }
  return { init, registerInit };
}

function readTail(text: string): { condition: FinalCondition; unsupported: string[] } {
  const s = new TokenStream(tokenize(text));
  const unsupported: string[] = [];
  let condition: FinalCondition | undefined;
  while (!s.atEnd()) {
    if (s.accept("locations")) {
      s.expect("[");
      while (!s.accept("]")) s.next();
    } else if (s.accept("filter")) {
      unsupported.push("filter clause");
      readProp(s);
    } else {
      let quantifier: Quantifier;
      if (s.accept("~")) {
        s.expect("exists");
        quantifier = "not-exists";
      } else if (s.accept("exists")) quantifier = "exists";
      else if (s.accept("forall")) quantifier = "forall";
      else throw new LitmusSyntaxError(`unexpected '${s.peek().text}' after the threads`);
      condition = { quantifier, prop: readProp(s) };
    }
  }
  if (!condition) throw new LitmusSyntaxError("no final condition (exists, ~exists or forall)");
  return { condition, unsupported };
}

function readProp(s: TokenStream): Prop {
  const parts: Prop[] = [readConjunction(s)];
  while (s.accept("\\/")) parts.push(readConjunction(s));
  return parts.length === 1 ? parts[0]! : { kind: "or", parts };
}

function readConjunction(s: TokenStream): Prop {
  const parts: Prop[] = [readAtom(s)];
  while (s.accept("/\\")) parts.push(readAtom(s));
  return parts.length === 1 ? parts[0]! : { kind: "and", parts };
}

function readAtom(s: TokenStream): Prop {
  if (s.accept("(")) {
    const p = readProp(s);
    s.expect(")");
    return p;
  }
  if (s.accept("~") || s.accept("not")) return { kind: "not", arg: readAtom(s) };
  if (s.accept("true")) return { kind: "const", value: true };
  if (s.accept("false")) return { kind: "const", value: false };
  let place: Place;
  if (s.peek().kind === "number") {
    const thread = Number(s.next().text);
    s.expect(":");
    place = { thread, reg: s.ident() };
  } else place = { loc: s.ident() };
  if (s.is("[") || s.is(".")) throw new LitmusSyntaxError("unsupported: arrays or fields in the final condition");
  const negated = s.accept("!=");
  if (!negated) s.expect("=");
  return { kind: "eq", place, value: readValue(s), ...(negated ? { negated } : {}) };
}
