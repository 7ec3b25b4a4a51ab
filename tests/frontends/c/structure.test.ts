import { describe, expect, it } from "vitest";
import type { Branch, IrEvent, Loop } from "../../../src/analysis/ir/events.js";
import { accessesOf, flatten, functionNamed, lower } from "./lower-helpers.js";

/** A compact shape of the events: kinds, keys and callees, nested like the IR. */
function shape(events: readonly IrEvent[]): unknown[] {
  return events.map((event) => {
    switch (event.kind) {
      case "access": return `${event.op} ${event.key.id}`;
      case "fence": return `fence ${event.fence}`;
      case "call": return `call ${event.callee}`;
      case "exit": return `exit ${event.exitKind}`;
      case "loop": return { [`loop ${event.loopKind}`]: shape(event.body) };
      case "branch": return { branch: event.arms.map(shape) };
    }
  });
}

function bodyOf(code: string, dialect: Parameters<typeof lower>[1] = "qemu", name = "f"): IrEvent[] {
  return functionNamed(lower(code, dialect), name).body;
}

describe("evaluation order and structure", () => {
  it("evaluates arguments before the call and the value before the store", () => {
    const code = "void f(struct S *s) { notify(s->a, qatomic_read(&s->b)); s->c = compute(s->d); }";
    expect(shape(bodyOf(code))).toEqual(["load S.a", "load S.b", "call notify", "load S.d", "call compute", "store S.c"]);
  });

  it("evaluates conditions before branches, with an empty arm for a missing else", () => {
    const code = "void f(struct S *s) { if (s->ready) { s->x = 1; } else if (s->other) { return; } }";
    expect(shape(bodyOf(code))).toEqual([
      "load S.ready",
      { branch: [["store S.x"], ["load S.other", { branch: [["exit return"], []] }]] },
    ]);
  });

  it("lowers while, for and do loops with their condition loads", () => {
    const code = [
      "void f(struct S *s) {",
      "  int i;",
      "  while (!qatomic_read(&s->go)) { cpu_relax(); }",
      "  for (i = s->start; i < s->n; i++) { s->v[i] = 0; }",
      "  do { smp_rmb(); } while (qatomic_read(&s->seq) & 1);",
      "}",
    ].join("\n");
    const body = bodyOf(code);
    expect(shape(body)).toEqual([
      { "loop while": ["load S.go", "call cpu_relax"] },
      "load S.start",
      { "loop for": ["load S.n", "store S.v[]"] },
      { "loop do": ["fence rmb", "load S.seq"] },
    ]);
    const keyOf = new Map(flatten(body).map((event) => [event.id, event.kind === "access" ? event.key.id : event.kind]));
    const loops = body.filter((event): event is Loop => event.kind === "loop");
    // `i < s->n` reads `i`, which holds the value loaded from `s->start` before the loop.
    expect(loops.map((loop) => loop.conditionLoads.map((id) => keyOf.get(id)))).toEqual([["S.go"], ["S.start", "S.n"], ["S.seq"]]);
  });

  it("lowers foreach-style macros as foreach loops without inventing loads from their arguments", () => {
    const code = "void f(AioContext *ctx) { QEMUBH *bh; QSLIST_FOREACH_RCU(bh, &ctx->bh_list, next) { qatomic_and(&bh->flags, ~1); } }";
    expect(shape(bodyOf(code))).toEqual([{ "loop foreach": ["rmw QEMUBH.flags"] }]);
  });

  it("gives each switch case an arm, and an empty one when there is no default", () => {
    const code = "void f(struct S *s) { switch (qatomic_read(&s->state)) { case 0: s->a = 1; break; case 1: s->b = 1; break; } }";
    const body = bodyOf(code);
    expect(shape(body)).toEqual(["load S.state", { branch: [["store S.a"], ["store S.b"], []] }]);
    expect((body[1] as Branch).conditionLoads).toEqual([body[0]!.id]);
  });

  it("keeps break and continue of loops, goto and return as exits", () => {
    const code = "void f(struct S *s) { for (;;) { if (s->a) break; if (s->b) continue; if (s->c) goto out; } out: return; }";
    const exits = flatten(bodyOf(code)).filter((event) => event.kind === "exit").map((event) => (event as { exitKind: string }).exitKind);
    expect(exits).toEqual(["break", "continue", "goto", "return"]);
  });

  it("makes preprocessor alternatives inside a function a branch", () => {
    const code = "void f(void) {\n#ifdef CONFIG_SMP\n  smp_mb();\n#else\n  barrier();\n#endif\n}";
    expect(shape(bodyOf(code))).toEqual([{ branch: [["fence mb"], ["fence compiler"]] }]);
  });

  it("drops branches and loops that touch no shared memory", () => {
    expect(bodyOf("void f(int n) { int i, t = 0; for (i = 0; i < n; i++) { if (i & 1) t += i; } }")).toEqual([]);
  });

  it("names calls through function pointers by their text and loads only the pointers leading to them", () => {
    const code = "void f(struct Dev *d) { d->ops->kick(d); (*d->cb)(1); }";
    expect(shape(bodyOf(code))).toEqual(["load Dev.ops", "call d->ops->kick", "call (*d->cb)"]);
  });
});

describe("functions", () => {
  it("qualifies static functions by file and finds functions inside #if blocks", () => {
    const fileIR = lower("#if defined(X)\nstatic void a(void) { smp_mb(); }\n#endif\nvoid b(void) { smp_mb(); }", "qemu", {}, "/src/util/async.c");
    expect(fileIR.functions.map((fn) => [fn.name, fn.qualifiedName, fn.isStatic])).toEqual([
      ["a", "async.c::a", true], ["b", "b", false],
    ]);
  });

  it("marks functions that only wrap one primitive", () => {
    const code = [
      "static inline void my_wmb(void) { smp_wmb(); }",
      "static inline unsigned ring_idx(Ring *r) { return (unsigned)qatomic_read(&r->idx); }",
      "void not_a_wrapper(Ring *r) { smp_wmb(); qatomic_set(&r->idx, 1); }",
      "void call_wrapper(Ring *r) { helper(r); }",
    ].join("\n");
    expect(lower(code).functions.map((fn) => [fn.name, fn.isPrimitiveWrapper])).toEqual([
      ["my_wmb", true], ["ring_idx", true], ["not_a_wrapper", false], ["call_wrapper", false],
    ]);
  });

  it("numbers events in preorder with the qualified name", () => {
    const body = functionNamed(lower("static void f(struct S *s) { if (s->a) { s->b = 1; } s->c = 2; }"), "f").body;
    expect(flatten(body).map((event) => event.id)).toEqual(["test.c::f#1", "test.c::f#2", "test.c::f#3", "test.c::f#4"]);
  });

  it("gives sites with 1-based lines and 0-based columns", () => {
    const code = "void f(struct S *s)\n{\n    smp_wmb();\n\tqatomic_set(&s->x, 1);\n}\n";
    const [fence, store] = functionNamed(lower(code), "f").body;
    expect(fence!.site).toMatchObject({ line: 3, column: 4, endLine: 3, endColumn: 13, file: "/project/test.c" });
    expect(store!.site).toMatchObject({ line: 4, column: 1 });
    expect(code.slice(...store!.site.range)).toBe("qatomic_set(&s->x, 1)");
  });

  it("lists the macros the file defines", () => {
    expect(lower("#define RING_SIZE 8\n#define my_mb() smp_mb()\n#ifndef X\n#define X 1\n#endif\n").definedMacros).toEqual(["RING_SIZE", "my_mb", "X"]);
  });
});

describe("types", () => {
  const code = [
    "typedef struct Ring Ring;",
    "struct Ring { uint64_t wide; unsigned long word; Int128 huge; struct Ring *next; char name[16]; bool on; float f; };",
    "void f(Ring *r) { qatomic_read(&r->wide); qatomic_read(&r->word); qatomic_read(&r->huge); r->on = 1; }",
  ].join("\n");

  it("records struct fields and typedefs with host sizes", () => {
    const fileIR = lower(code, "qemu", { hostPointerSize: 4 });
    expect(fileIR.types.typedefs).toEqual({ Ring: "struct Ring" });
    expect(fileIR.types.structs.Ring).toEqual({
      wide: { name: "uint64_t", size: 8, category: "integer" },
      word: { name: "unsigned long", size: 4, category: "integer" },
      huge: { name: "Int128", size: 16, category: "integer" },
      next: { name: "struct Ring *", size: 4, category: "pointer" },
      name: { name: "char[16]", size: 16, category: "aggregate" },
      on: { name: "bool", size: 1, category: "bool" },
      f: { name: "float", size: 4, category: "float" },
    });
  });

  it("gives accesses the type of the accessed field", () => {
    const accesses = accessesOf(functionNamed(lower(code), "f"));
    expect(accesses.map((access) => [access.type?.name, access.type?.size])).toEqual([
      ["uint64_t", 8], ["unsigned long", 8], ["Int128", 16], ["bool", 1],
    ]);
  });

  it("types struct-valued fields as aggregates", () => {
    const fileIR = lower("struct Ev { int x; };\nstruct Holder { struct Ev ev; };\nvoid f(struct Holder *h) { qatomic_read(&h->ev); }");
    expect(accessesOf(functionNamed(fileIR, "f"))[0]!.type).toEqual({ name: "struct Ev", category: "aggregate" });
  });
});
