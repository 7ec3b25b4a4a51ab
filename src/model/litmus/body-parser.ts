/** Statements and expressions of a litmus thread body, parsed by recursive descent. */
import { LitmusSyntaxError, TokenStream } from "./lexer.js";

export type Expr =
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "call"; readonly callee: string; readonly args: readonly Expr[] }
  | { readonly kind: "deref"; readonly arg: Expr }
  | { readonly kind: "addr-of"; readonly arg: Expr }
  | { readonly kind: "unary"; readonly op: string; readonly arg: Expr }
  | { readonly kind: "binary"; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "cond"; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly kind: "unsupported"; readonly what: string };

export type Stmt =
  | { readonly kind: "decl"; readonly name: string; readonly init?: Expr }
  | { readonly kind: "assign"; readonly target: Expr; readonly value: Expr }
  | { readonly kind: "expr"; readonly expr: Expr }
  | { readonly kind: "if"; readonly test: Expr; readonly then: Stmt; readonly else?: Stmt }
  | { readonly kind: "block"; readonly body: readonly Stmt[] };

/** Type names that may start a declaration or a cast. */
const TYPE_WORDS = new Set(["int", "intptr_t", "uintptr_t", "long", "unsigned", "signed", "char", "short", "bool", "_Bool", "atomic_t", "atomic_long_t", "atomic_int", "spinlock_t", "u8", "u16", "u32", "u64", "s32", "s64", "size_t", "const", "volatile", "struct", "void"]);

export function isTypeWord(word: string): boolean {
  return TYPE_WORDS.has(word);
}

const BINARY_LEVELS: readonly (readonly string[])[] = [["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];

export class BodyParser {
  constructor(private readonly s: TokenStream) {}

  block(): Stmt[] {
    this.s.expect("{");
    const body: Stmt[] = [];
    while (!this.s.is("}")) {
      if (this.s.atEnd()) throw new LitmusSyntaxError("unterminated block");
      body.push(...this.statement());
    }
    this.s.expect("}");
    return body;
  }

  private statement(): Stmt[] {
    const s = this.s;
    if (s.is("{")) return [{ kind: "block", body: this.block() }];
    if (s.accept(";")) return [];
    if (s.accept("if")) {
      s.expect("(");
      const test = this.expr();
      s.expect(")");
      const then = this.asOne(this.statement());
      const otherwise = s.accept("else") ? this.asOne(this.statement()) : undefined;
      return [{ kind: "if", test, then, ...(otherwise ? { else: otherwise } : {}) }];
    }
    for (const loop of ["while", "for", "do", "goto", "return", "switch", "break", "continue"]) {
      if (s.is(loop)) throw new LitmusSyntaxError(`unsupported: '${loop}' statement`);
    }
    if (s.peek().kind === "ident" && isTypeWord(s.peek().text)) return this.declaration();
    const target = this.expr();
    if (s.accept("=")) {
      const value = this.expr();
      s.expect(";");
      return [{ kind: "assign", target, value }];
    }
    for (const op of ["+=", "-=", "++", "--"]) if (s.is(op)) throw new LitmusSyntaxError(`unsupported: '${op}' assignment`);
    s.expect(";");
    return [{ kind: "expr", expr: target }];
  }

  private asOne(stmts: Stmt[]): Stmt {
    return stmts.length === 1 ? stmts[0]! : { kind: "block", body: stmts };
  }

  private declaration(): Stmt[] {
    const s = this.s;
    while (s.peek().kind === "ident" && isTypeWord(s.peek().text)) {
      if (s.next().text === "struct") s.ident();
    }
    const out: Stmt[] = [];
    do {
      while (s.accept("*"));
      const name = s.ident();
      if (s.is("[")) throw new LitmusSyntaxError("unsupported: arrays");
      const init = s.accept("=") ? this.expr() : undefined;
      out.push({ kind: "decl", name, ...(init ? { init } : {}) });
    } while (s.accept(","));
    s.expect(";");
    return out;
  }

  expr(): Expr {
    const test = this.binary(0);
    if (!this.s.accept("?")) return test;
    const then = this.expr();
    this.s.expect(":");
    return { kind: "cond", test, then, else: this.expr() };
  }

  private binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = BINARY_LEVELS[level]!.find((o) => this.s.is(o));
      if (!op) return left;
      this.s.next();
      left = { kind: "binary", op, left, right: this.binary(level + 1) };
    }
  }

  private unary(): Expr {
    const s = this.s;
    if (s.accept("*")) return { kind: "deref", arg: this.unary() };
    if (s.accept("&")) return { kind: "addr-of", arg: this.unary() };
    for (const op of ["!", "-", "~"]) if (s.accept(op)) return { kind: "unary", op, arg: this.unary() };
    if (s.is("(") && s.peek(1).kind === "ident" && isTypeWord(s.peek(1).text)) {
      s.next();
      while (!s.is(")")) {
        if (s.atEnd()) throw new LitmusSyntaxError("unterminated cast");
        s.next();
      }
      s.expect(")");
      return this.unary();
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    if (this.s.is("->") || this.s.is(".") || this.s.is("[")) throw new LitmusSyntaxError("unsupported: structure fields and arrays");
    return e;
  }

  private primary(): Expr {
    const s = this.s;
    const t = s.next();
    if (t.kind === "number") return { kind: "num", value: Number(t.text) };
    if (t.text === "(") {
      const e = this.expr();
      s.expect(")");
      return e;
    }
    if (t.kind !== "ident") throw new LitmusSyntaxError(`unexpected '${t.text || "end of input"}'`);
    if (!s.accept("(")) return { kind: "name", name: t.text };
    const args: Expr[] = [];
    if (!s.is(")")) {
      do args.push(this.expr());
      while (s.accept(","));
    }
    s.expect(")");
    return { kind: "call", callee: t.text, args };
  }
}
