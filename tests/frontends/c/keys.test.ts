import { describe, expect, it } from "vitest";
import { accessesOf, functionNamed, lower } from "./lower-helpers.js";

/** Keys of the accesses of function `f` in `code`, in order. */
function keysIn(code: string, dialect: Parameters<typeof lower>[1] = "qemu", extra: Parameters<typeof lower>[2] = {}): string[] {
  return accessesOf(functionNamed(lower(code, dialect, extra), "f")).map((access) => access.key.id);
}

describe("field keys from declarations", () => {
  it("resolves a `struct T *` parameter", () => {
    expect(keysIn("void f(struct Ring *r) { r->head = 1; }")).toEqual(["Ring.head"]);
  });

  it("takes a typedef name it does not know as the owner (QEMU's typedef struct X X)", () => {
    expect(keysIn("void f(AioContext *ctx) { ctx->notify_me = 1; }")).toEqual(["AioContext.notify_me"]);
  });

  it("maps a typedef of a struct to the struct tag", () => {
    const code = "typedef struct Foo Bar;\nvoid f(Bar *b) { b->x = 1; }";
    expect(keysIn(code)).toEqual(["Foo.x"]);
  });

  it("maps a typedef of a pointer to a struct through to the tag", () => {
    const code = "typedef struct Foo *FooPtr;\nvoid f(FooPtr p) { p->x = 1; }";
    expect(keysIn(code)).toEqual(["Foo.x"]);
  });

  it("strips union and names an anonymous struct by its typedef", () => {
    const code = "union U { int a; };\ntypedef struct { int b; } Anon;\nvoid f(union U *u, Anon *n) { u->a = 1; n->b = 2; }";
    expect(keysIn(code)).toEqual(["U.a", "Anon.b"]);
  });

  it("resolves locals, including pointers assigned from an untyped value", () => {
    const code = "void f(void *opaque) { struct Dev *d = opaque; d->irq = 1; }";
    expect(keysIn(code)).toEqual(["Dev.irq"]);
  });

  it("treats a local struct value as private and a global struct value as shared", () => {
    const code = "struct Stats g_stats;\nvoid f(struct Stats copy) { struct Stats local; local.n = 1; copy.n = 2; g_stats.n = 3; }";
    expect(keysIn(code)).toEqual(["Stats.n"]);
  });

  it("resolves casts", () => {
    expect(keysIn("void f(void *p) { ((struct Job *)p)->state = 1; ((Req *)p)->ret = 0; }")).toEqual(["Job.state", "Req.ret"]);
  });

  it("resolves container_of with a struct or typedef type argument", () => {
    const code = [
      "void f(struct list_head *l, Notifier *n) {",
      "  struct Work *w = container_of(l, struct Work, link);",
      "  w->done = 1;",
      "  container_of(n, VirtIODevice, notifier)->isr = 1;",
      "}",
    ].join("\n");
    expect(keysIn(code)).toEqual(["Work.done", "VirtIODevice.isr"]);
  });

  it("follows chains through the field types of structs defined in the file", () => {
    const code = [
      "struct Inner { int idx; };",
      "struct Outer { struct Inner *in; struct Inner embedded; };",
      "void f(struct Outer *o) { o->in->idx = 1; o->embedded.idx = 2; }",
    ].join("\n");
    expect(keysIn(code)).toEqual(["Outer.in", "Inner.idx", "Inner.idx"]);
  });

  it("follows chains through types declared in other files when given", () => {
    const code = "void f(struct Outer *o) { o->in->idx = 1; }";
    const types = { structs: { Outer: { in: { name: "struct Inner *", category: "pointer" as const, size: 8 } } }, typedefs: {} };
    expect(keysIn(code)).toEqual(["Outer.in", "?.idx"]);
    expect(keysIn(code, "qemu", { types })).toEqual(["Outer.in", "Inner.idx"]);
  });

  it("falls back to ?.f with owner-unknown confidence", () => {
    const fn = functionNamed(lower("void f(void *p) { p->x = 1; get_state()->y = 2; }"), "f");
    expect(accessesOf(fn).map((access) => [access.key.id, access.key.confidence])).toEqual([
      ["?.x", "owner-unknown"], ["?.y", "owner-unknown"],
    ]);
  });
});

describe("globals and arrays", () => {
  it("keys globals by name and file-static ones by file", () => {
    const code = "int counter;\nstatic int hidden;\nextern int shared_flag;\nvoid f(void) { counter = 1; hidden = 2; shared_flag = 3; }";
    expect(keysIn(code)).toEqual(["counter", "test.c::hidden", "shared_flag"]);
  });

  it("keys a static local by file and function", () => {
    expect(keysIn("void f(void) { static int calls; calls++; }")).toEqual(["test.c::f::calls"]);
  });

  it("takes an undeclared lower-case name as a global of another file, not an ALL_CAPS constant or an enumerator", () => {
    const code = "enum { MODE_A };\nint f(void) { return header_global + MAX_ITEMS + MODE_A; }";
    expect(keysIn(code)).toEqual(["header_global"]);
  });

  it("keys array elements as <key>[]", () => {
    const code = "static int table[8];\nstruct Q { int slots[4]; int *ptrs; };\nvoid f(struct Q *q, int i) { table[i] = 1; q->slots[i] = 2; q->ptrs[i] = 3; }";
    expect(keysIn(code)).toEqual(["test.c::table[]", "Q.slots[]", "Q.ptrs", "Q.ptrs[]"]);
  });

  it("keys *p for a pointer parameter, and what it points to after an assignment", () => {
    const code = "struct S { int v; };\nvoid f(int *p, struct S *s) { *p = 1; p = &s->v; *p = 2; }";
    expect(keysIn(code)).toEqual(["*p", "S.v"]);
  });
});

describe("keys of primitive arguments", () => {
  it("&X names X; the address is not a separate access", () => {
    expect(keysIn("void f(struct S *s) { qatomic_read(&s->x); }")).toEqual(["S.x"]);
  });

  it("a pointer parameter names *p", () => {
    expect(keysIn("void f(int *p) { atomic_load_explicit(p, memory_order_acquire); }")).toEqual(["*p"]);
  });

  it("a pointer held in shared memory names *<key>, after a plain load of the pointer", () => {
    const code = "struct S { int *cnt; };\nvoid f(struct S *s) { qatomic_inc(s->cnt); }";
    expect(keysIn(code)).toEqual(["S.cnt", "*S.cnt"]);
  });

  it("lvalue-form primitives name their argument", () => {
    expect(keysIn("int g;\nvoid f(struct S *s) { WRITE_ONCE(s->x, READ_ONCE(g)); }", "linux")).toEqual(["g", "S.x"]);
  });

  it("argument positions come from the table (Linux atomic_add(i, v))", () => {
    expect(keysIn("void f(struct S *s) { atomic_add(2, &s->refs); }", "linux")).toEqual(["S.refs"]);
  });

  it("keys an atomic on a field of a local struct by the struct's type: the atomic says another thread sees it", () => {
    const code = `struct item { int done; int data; };
void f(void) { struct item wi; wi.done = 0; queue(&wi); while (!qatomic_load_acquire(&wi.done)) { } }`;
    expect(keysIn(code)).toEqual(["item.done"]);
  });
});
