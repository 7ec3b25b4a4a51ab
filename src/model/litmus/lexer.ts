/** Tokens of the C flavour of litmus tests (thread bodies, init blocks, conditions). */

export type TokenKind = "ident" | "number" | "punct" | "eof";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
}

const PUNCTUATION = ["/\\", "\\/", "->", "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "++", "--", "+=", "-=", "(", ")", "{", "}", "[", "]", ";", ",", "*", "&", "=", "+", "-", "!", "~", "<", ">", "|", "^", "/", "%", "?", ":", "."];

export class LitmusSyntaxError extends Error {}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new LitmusSyntaxError("unterminated comment");
      i = end + 2;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(text.slice(i))!;
      tokens.push({ kind: "ident", text: m[0], offset: i });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F]+|[0-9]+)[uUlL]*/.exec(text.slice(i))!;
      tokens.push({ kind: "number", text: m[1]!, offset: i });
      i += m[0].length;
    } else {
      const p = PUNCTUATION.find((q) => text.startsWith(q, i));
      if (!p) throw new LitmusSyntaxError(`unexpected character '${c}'`);
      tokens.push({ kind: "punct", text: p, offset: i });
      i += p.length;
    }
  }
  tokens.push({ kind: "eof", text: "", offset: text.length });
  return tokens;
}

/** A cursor over tokens with the usual expect/accept helpers. */
export class TokenStream {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  is(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind !== "eof" && t.text === text;
  }
  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    return true;
  }
  expect(text: string): Token {
    if (!this.is(text)) throw new LitmusSyntaxError(`expected '${text}' but found '${this.peek().text || "end of input"}'`);
    return this.next();
  }
  ident(): string {
    const t = this.next();
    if (t.kind !== "ident") throw new LitmusSyntaxError(`expected a name but found '${t.text || "end of input"}'`);
    return t.text;
  }
  atEnd(): boolean {
    return this.peek().kind === "eof";
  }
}
