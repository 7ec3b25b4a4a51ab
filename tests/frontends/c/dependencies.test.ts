import { describe, expect, it } from "vitest";
import type { Access } from "../../../src/analysis/ir/events.js";
import { accessesOf, functionNamed, lower } from "./lower-helpers.js";

/** Each access as `key: via<-key of the load, ...` so that tests read without ids. */
function dependencies(code: string, dialect: Parameters<typeof lower>[1] = "qemu"): string[] {
  const accesses = accessesOf(functionNamed(lower(code, dialect), "f"));
  const byId = new Map<string, Access>(accesses.map((access) => [access.id, access]));
  return accesses.map((access) => {
    const deps = access.dependsOn.map((dependency) => `${dependency.via}<-${byId.get(dependency.loadId)?.key.id ?? "?"}`);
    return `${access.op} ${access.key.id}${deps.length > 0 ? `: ${deps.join(", ")}` : ""}`;
  });
}

describe("dependencies", () => {
  it("an address computed from a load's value is an address dependency", () => {
    const code = "struct Node { int v; };\nint f(struct Root *r) { struct Node *n = rcu_dereference(r->head); return n->v; }";
    expect(dependencies(code, "linux")).toEqual(["load Root.head", "load Node.v: address<-Root.head"]);
  });

  it("a stored value computed from a load is a value dependency, through copies and arithmetic", () => {
    const code = "void f(struct S *s) { int a = qatomic_read(&s->x); int b = a * 2; int c = b; s->y = c + 1; }";
    expect(dependencies(code)).toEqual(["load S.x", "store S.y: value<-S.x"]);
  });

  it("an access in a branch whose condition reads a load is control-dependent on it", () => {
    const code = "void f(struct S *s) { int ready = qatomic_read(&s->ready); if (ready) { s->data = 1; } }";
    expect(dependencies(code)).toEqual(["load S.ready", "store S.data: control<-S.ready"]);
  });

  it("distinguishes the three at once", () => {
    const code = [
      "struct Item { int v; struct Item *next; };",
      "void f(struct Item **slot, struct Out *o) {",
      "  struct Item *it = rcu_dereference(*slot);",
      "  int v = it->v;",
      "  if (v > 0) o->last = v;",
      "}",
    ].join("\n");
    expect(dependencies(code, "linux")).toEqual([
      "load *slot",
      "load Item.v: address<-*slot",
      "store Out.last: value<-Item.v, control<-Item.v",
    ]);
  });

  it("the base pointer in a primitive's address argument is a plain load the access depends on", () => {
    const code = "void f(struct Dev *s) { qatomic_read(&s->ring->idx); }";
    const accesses = accessesOf(functionNamed(lower(code), "f"));
    expect(accesses.map((access) => [access.key.id, access.order])).toEqual([["Dev.ring", "plain"], ["?.idx", "once"]]);
    expect(accesses[1]!.dependsOn).toEqual([{ loadId: accesses[0]!.id, via: "address" }]);
  });

  it("after an arm that leaves, the rest of the block is control-dependent on the condition", () => {
    const code = [
      "int f(struct S *s) {",
      "  if (!qatomic_read(&s->ready)) {",
      "    return -1;",
      "  }",
      "  { s->a = 1; }",
      "  return s->b;",
      "}",
      "int g(struct S *s) {",
      "  if (s->c) { if (!qatomic_read(&s->ready)) return 0; }",
      "  return s->b;",
      "}",
    ].join("\n");
    expect(dependencies(code)).toEqual(["load S.ready", "store S.a: control<-S.ready", "load S.b: control<-S.ready"]);
    const g = accessesOf(functionNamed(lower(code), "g"));
    expect(g.at(-1)!.dependsOn).toEqual([]);
  });

  it("loop bodies are control-dependent on the loads of the loop condition", () => {
    const code = "void f(struct S *s) { while (!qatomic_read(&s->done)) { s->spins++; } }";
    expect(dependencies(code)).toEqual(["load S.done", "rmw S.spins: control<-S.done"]);
  });

  it("an assignment in one branch arm does not erase what the variable held before", () => {
    const code = [
      "void f(struct S *s, int c) {",
      "  int v = qatomic_read(&s->a);",
      "  if (c) v = qatomic_read(&s->b);",
      "  s->out = v;",
      "}",
    ].join("\n");
    expect(dependencies(code).at(-1)).toBe("store S.out: value<-S.a, value<-S.b");
  });

  it("a later assignment at top level replaces what the variable held", () => {
    const code = "void f(struct S *s) { int v = qatomic_read(&s->a); v = 0; s->out = v; }";
    expect(dependencies(code).at(-1)).toBe("store S.out");
  });

  it("values flow through calls of ordinary functions and GNU statement expressions", () => {
    const code = "void f(struct S *s) { int v = le16_to_cpu(qatomic_read(&s->idx)); int w = ({ int t = v; t + 1; }); s->out = w; }";
    expect(dependencies(code).at(-1)).toBe("store S.out: value<-S.idx");
  });

  it("a conditional expression's condition controls the accesses in its arms", () => {
    const code = "int f(struct S *s) { return qatomic_read(&s->ok) ? s->a : s->b; }";
    expect(dependencies(code)).toEqual(["load S.ok", "load S.a: control<-S.ok", "load S.b: control<-S.ok"]);
  });
});
