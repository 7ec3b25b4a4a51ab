/**
 * Unfolds a litmus thread into its traces: every path through the thread for
 * every choice of the values its reads return, drawn from each location's value
 * domain. Registers carry the reads they were computed from, which gives the
 * address, data and control dependencies.
 */
import type { AccessOrder, ThreadTrace, Value } from "../events.js";
import { sameValue, showValue } from "../events.js";
import { ThreadTraceBuilder } from "../trace-builder.js";
import type { Expr, Stmt } from "./body-parser.js";
import type { LitmusThread } from "./reader.js";
import { primitive } from "./primitives.js";
import { c11Call } from "./c11-primitives.js";

export class UnsupportedConstruct extends Error {
  constructor(what: string) {
    super(`unsupported: ${what}`);
  }
}

/**
 * A path that cannot go on: it dereferences a number. The path is kept up to that
 * point; if no consistent execution contains that prefix, the path never happens
 * and is dropped, otherwise the test is refused (see searchExecutions).
 */
class StuckPath extends Error {}

interface Tracked {
  readonly value: Value;
  /** Indices of the reads this value was computed from. */
  readonly deps: ReadonlySet<number>;
}

const NONE: ReadonlySet<number> = new Set();
const union = (...sets: ReadonlySet<number>[]): Set<number> => new Set(sets.flatMap((s) => [...s]));

export interface UnfoldContext {
  /** Values a read of `loc` in `thread` may return after the thread's first `writesBefore` writes. */
  valuesAt(loc: string, thread: number, writesBefore: number): readonly Value[];
  readonly registerInit: ReadonlyMap<string, Value>;
  readonly globals: ReadonlySet<string>;
  /** Stop after this many paths per thread. */
  readonly maxPaths: number;
}

/** Walks the thread once, taking read values from `choose`. */
class ThreadRun {
  readonly b = new ThreadTraceBuilder();
  private readonly regs = new Map<string, Tracked>();
  constructor(private readonly thread: LitmusThread, private readonly ctx: UnfoldContext, private readonly choose: (n: number) => number) {
    for (const [key, v] of ctx.registerInit) {
      const [t, reg] = key.split(":");
      if (Number(t) === thread.index) this.regs.set(reg!, { value: v, deps: NONE });
    }
  }

  run(): ThreadTrace {
    let stuck: string | undefined;
    try {
      for (const s of this.thread.body) this.stmt(s);
    } catch (e) {
      if (!(e instanceof StuckPath)) throw e;
      stuck = e.message;
    }
    for (const [reg, t] of this.regs) this.b.regs.set(reg, t.value);
    const trace = this.b.build();
    return stuck ? { ...trace, stuck } : trace;
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case "block":
        for (const t of s.body) this.stmt(t);
        return;
      case "decl":
        // A register starts at 0, as in herd7, even when its own initialiser reads it.
        this.regs.set(s.name, { value: 0, deps: NONE });
        if (s.init) this.regs.set(s.name, this.eval(s.init, s.name));
        return;
      case "expr":
        this.eval(s.expr);
        return;
      case "if": {
        const test = this.eval(s.test);
        const taken = typeof test.value !== "number" || test.value !== 0;
        const branch = taken ? s.then : s.else;
        if (branch) this.b.underBranch(test.deps, () => this.stmt(branch));
        return;
      }
      case "assign": {
        if (s.target.kind === "name" && !this.thread.params.includes(s.target.name)) {
          this.regs.set(s.target.name, this.eval(s.value, s.target.name));
          return;
        }
        if (s.target.kind !== "deref") throw new UnsupportedConstruct("assignment to something other than a register or *pointer");
        const where = this.eval(s.target.arg);
        const v = this.eval(s.value);
        this.b.write(this.location(where), "plain", v.value, `*${this.location(where)} = ${showValue(v.value)}`, { addr: [...where.deps], data: [...v.deps] });
        return;
      }
    }
  }

  private domain(loc: string): readonly Value[] {
    const writesBefore = this.b.events.filter((e) => e.kind === "W").length;
    const values = this.ctx.valuesAt(loc, this.thread.index, writesBefore);
    return values.length > 0 ? values : [0];
  }

  private location(t: Tracked): string {
    if (typeof t.value === "number") throw new StuckPath("dereference of a value that is not an address");
    return t.value.addressOf;
  }

  private load(where: Tracked, order: AccessOrder, label: string, reg?: string): Tracked {
    const loc = this.location(where);
    const domain = this.domain(loc);
    const value = domain[this.choose(domain.length)]!;
    const r = this.b.read(loc, order, value, `${label}(${loc})`, { addr: [...where.deps] }, reg);
    return { value, deps: new Set([r]) };
  }

  /** The address an lvalue argument (READ_ONCE(*x)) or a pointer argument (smp_load_acquire(x)) designates. */
  private target(arg: Expr | undefined, pointer: boolean): Tracked {
    if (!arg) throw new UnsupportedConstruct("primitive without arguments");
    if (pointer) return this.eval(arg);
    if (arg.kind === "deref") return this.eval(arg.arg);
    if (arg.kind === "name" && this.ctx.globals.has(arg.name) && !this.regs.has(arg.name)) return { value: { addressOf: arg.name }, deps: NONE };
    throw new UnsupportedConstruct("access to something other than *pointer");
  }

  private eval(e: Expr, reg?: string): Tracked {
    switch (e.kind) {
      case "unsupported":
        throw new UnsupportedConstruct(e.what);
      case "num":
        return { value: e.value, deps: NONE };
      case "name": {
        const r = this.regs.get(e.name);
        if (r) return r;
        if (this.thread.params.includes(e.name) || this.ctx.globals.has(e.name)) return { value: { addressOf: e.name }, deps: NONE };
        if (e.name === "true" || e.name === "false") return { value: e.name === "true" ? 1 : 0, deps: NONE };
        if (e.name === "NULL") return { value: 0, deps: NONE };
        throw new UnsupportedConstruct(`unknown name '${e.name}'`);
      }
      case "deref":
        return this.load(this.eval(e.arg), "plain", "*", reg);
      case "addr-of":
        if (e.arg.kind === "deref") return this.eval(e.arg.arg);
        if (e.arg.kind === "name" && (this.thread.params.includes(e.arg.name) || this.ctx.globals.has(e.arg.name))) return { value: { addressOf: e.arg.name }, deps: NONE };
        throw new UnsupportedConstruct("address of something other than a shared location");
      case "cond": {
        const test = this.eval(e.test);
        const taken = typeof test.value !== "number" || test.value !== 0;
        const v = this.eval(taken ? e.then : e.else);
        return { value: v.value, deps: union(test.deps, v.deps) };
      }
      case "unary": {
        const a = this.eval(e.arg);
        if (typeof a.value !== "number") {
          if (e.op === "!") return { value: 0, deps: a.deps };
          throw new UnsupportedConstruct("arithmetic on an address");
        }
        const value = e.op === "!" ? Number(a.value === 0) : e.op === "-" ? -a.value : ~a.value;
        return { value, deps: a.deps };
      }
      case "binary":
        return this.binary(e.op, e.left, e.right);
      case "call":
        return this.call(e.callee, e.args, reg);
    }
  }

  private binary(op: string, l: Expr, r: Expr): Tracked {
    const left = this.eval(l);
    if (op === "&&" || op === "||") {
      const truthy = typeof left.value !== "number" || left.value !== 0;
      if (op === "&&" ? !truthy : truthy) return { value: Number(truthy), deps: left.deps };
      const right = this.eval(r);
      return { value: Number(typeof right.value !== "number" || right.value !== 0), deps: union(left.deps, right.deps) };
    }
    const right = this.eval(r);
    const deps = union(left.deps, right.deps);
    if (op === "==" || op === "!=") return { value: Number(sameValue(left.value, right.value) === (op === "==")), deps };
    const a = left.value;
    const b = right.value;
    // An address plus zero keeps a (fake) address dependency, as written by the litmus writer.
    if ((op === "+" || op === "-") && typeof a !== "number" && b === 0) return { value: a, deps };
    if (typeof a !== "number" || typeof b !== "number") throw new UnsupportedConstruct("arithmetic on an address");
    const ops: Record<string, (x: number, y: number) => number> = {
      "+": (x, y) => x + y, "-": (x, y) => x - y, "*": (x, y) => x * y, "/": (x, y) => (y === 0 ? 0 : Math.trunc(x / y)), "%": (x, y) => (y === 0 ? 0 : x % y),
      "&": (x, y) => x & y, "|": (x, y) => x | y, "^": (x, y) => x ^ y, "<<": (x, y) => x << y, ">>": (x, y) => x >> y,
      "<": (x, y) => Number(x < y), ">": (x, y) => Number(x > y), "<=": (x, y) => Number(x <= y), ">=": (x, y) => Number(x >= y),
    };
    const f = ops[op];
    if (!f) throw new UnsupportedConstruct(`operator '${op}'`);
    return { value: f(a, b), deps };
  }

  private call(name: string, written: readonly Expr[], reg?: string): Tracked {
    const c11 = c11Call(name, written);
    const p = c11?.primitive ?? primitive(name);
    const args = c11?.args ?? written;
    if (!p) throw new UnsupportedConstruct(name);
    switch (p.kind) {
      case "rcu-reader":
        return { value: 0, deps: NONE };
      case "lock":
      case "unlock": {
        const loc = this.location(this.target(args[0], true));
        if (p.kind === "lock") this.b.lock(loc, `${name}(${loc})`);
        else this.b.unlock(loc, `${name}(${loc})`);
        return { value: 0, deps: NONE };
      }
      case "fence":
        this.b.fence(p.fence, `${name}()`);
        return { value: 0, deps: NONE };
      case "load":
        return this.load(this.target(args[0], p.pointer), p.order, name, reg);
      case "store": {
        const where = this.target(args[0], p.pointer);
        const v = this.eval(args[1] ?? { kind: "unsupported", what: `${name} without a value` });
        const loc = this.location(where);
        this.b.write(loc, p.order, v.value, `${name}(${loc}, ${showValue(v.value)})`, { addr: [...where.deps], data: [...v.deps] });
        if (p.fenceAfter) this.b.fence(p.fenceAfter, `${name}() (implied barrier)`);
        return { value: 0, deps: NONE };
      }
      default:
        return this.rmw(name, p, args, reg);
    }
  }

  private rmw(name: string, p: Exclude<ReturnType<typeof primitive>, undefined>, args: readonly Expr[], reg?: string): Tracked {
    if (p.kind !== "xchg" && p.kind !== "cmpxchg" && p.kind !== "arith") throw new UnsupportedConstruct(name);
    const pointerArg = p.kind === "arith" && p.operand === "first-arg" ? args[1] : args[0];
    const where = this.eval(pointerArg ?? { kind: "unsupported", what: `${name} without a location` });
    const operands = (p.kind === "arith" ? (p.operand === "first-arg" ? [args[0]] : []) : args.slice(1)).map((a) => this.eval(a ?? { kind: "unsupported", what: `${name} operand` }));
    const loc = this.location(where);
    const domain = this.domain(loc);
    const old = domain[this.choose(domain.length)]!;
    const deps = { addr: [...where.deps], data: operands.flatMap((o) => [...o.deps]) };
    let written: Value | undefined;
    let result: Value;
    if (p.kind === "xchg") {
      written = operands[0]!.value;
      result = old;
    } else if (p.kind === "cmpxchg") {
      written = sameValue(old, operands[0]!.value) ? operands[1]!.value : undefined;
      result = old;
    } else {
      if (typeof old !== "number") throw new UnsupportedConstruct("arithmetic on an address");
      const operand = p.operand === "one" ? 1 : operands[0]!.value;
      if (typeof operand !== "number") throw new UnsupportedConstruct("arithmetic on an address");
      written = p.op === "+" ? old + operand : old - operand;
      result = p.returns === "old" ? old : p.returns === "new==0" ? Number(written === 0) : p.returns === "new<0" ? Number(written < 0) : written;
    }
    const label = `${name}(${loc})`;
    const r = this.b.rmw(loc, p.order, old, written, label, { deps, noReturn: p.kind === "arith" && p.returns === "nothing", ...(reg ? { reg } : {}) });
    return { value: result, deps: new Set([r]) };
  }
}

/** Every path of one thread: a depth-first walk over the choice points. */
export function unfoldThread(thread: LitmusThread, ctx: UnfoldContext): ThreadTrace[] {
  const traces: ThreadTrace[] = [];
  const pending: number[][] = [[]];
  while (pending.length > 0) {
    const prefix = pending.pop()!;
    const made: number[] = [];
    const sizes: number[] = [];
    const choose = (n: number): number => {
      const k = made.length;
      const c = k < prefix.length ? prefix[k]! : 0;
      made.push(c);
      sizes.push(n);
      return c;
    };
    traces.push(new ThreadRun(thread, ctx, choose).run());
    if (traces.length > ctx.maxPaths) throw new UnsupportedConstruct(`more than ${ctx.maxPaths} paths in P${thread.index}`);
    for (let j = prefix.length; j < made.length; j++) {
      for (let c = 1; c < sizes[j]!; c++) pending.push([...made.slice(0, j), c]);
    }
  }
  return traces;
}
