import { describe, expect, it } from "vitest";
import type { Fence } from "../../../src/analysis/ir/events.js";
import { accessesOf, flatten, functionNamed, lower } from "./lower-helpers.js";

function body(code: string, dialect: Parameters<typeof lower>[1] = "c11") {
  return functionNamed(lower(code, dialect), "f");
}

function fencesOf(code: string, dialect: Parameters<typeof lower>[1] = "c11"): string[] {
  return flatten(body(code, dialect).body)
    .filter((event): event is Fence => event.kind === "fence")
    .map((fence) => `${fence.fence}${fence.flavour === "smp" ? "" : `/${fence.flavour}`}`);
}

describe("orders of accesses", () => {
  it.each([
    ["memory_order_relaxed", "once"],
    ["memory_order_consume", "consume"],
    ["memory_order_acquire", "acquire"],
    ["memory_order_seq_cst", "seqcst"],
    ["memory_order_acq_rel", "acquire"],
  ])("atomic_load_explicit(p, %s) is %s", (memoryOrder, order) => {
    const [access] = accessesOf(body(`void f(_Atomic int *p) { atomic_load_explicit(p, ${memoryOrder}); }`));
    expect(access!.order).toBe(order);
    expect(access!.api).toBe("atomic_load_explicit");
  });

  it("reads the order argument at the table's position, GCC names included", () => {
    const code = "void f(int *p) { __atomic_store_n(p, 1, __ATOMIC_RELEASE); __atomic_fetch_add(p, 1, __ATOMIC_ACQ_REL); atomic_store(p, 2); }";
    expect(accessesOf(body(code)).map((access) => `${access.op} ${access.order}`)).toEqual(["store release", "rmw seqcst", "store seqcst"]);
  });

  it("keeps the table's order when the argument is not a constant it knows", () => {
    const [access] = accessesOf(body("void f(int *p, int mo) { atomic_load_explicit(p, mo); }"));
    expect(access!.order).toBe("seqcst");
  });

  it("records RMW facts from the table", () => {
    const code = "void f(struct S *s) { int old = atomic_fetch_add_relaxed(1, &s->n); atomic_inc(&s->m); atomic_add_return(1, &s->k); }";
    const accesses = accessesOf(body(code, "linux"));
    expect(accesses.map((access) => [access.key.id, access.order, access.rmwIsFullBarrier, access.returnsValue])).toEqual([
      ["S.n", "once", false, true],
      ["S.m", "once", false, false],
      ["S.k", "seqcst", true, true],
    ]);
  });

  it("QEMU RMWs are not full barriers and mb forms carry the mb order", () => {
    const code = "void f(struct S *s) { qatomic_fetch_or(&s->flags, 1); qatomic_set_mb(&s->x, 1); }";
    const accesses = accessesOf(body(code, "qemu"));
    expect(accesses.map((access) => [access.op, access.order, access.rmwIsFullBarrier ?? null])).toEqual([
      ["rmw", "seqcst", false], ["store", "mb", null],
    ]);
  });

  it("plain compound assignments and increments are plain RMWs", () => {
    const accesses = accessesOf(body("void f(struct S *s) { s->a += 2; s->b--; ++s->c; }"));
    expect(accesses.map((access) => `${access.op} ${access.order} ${access.api}`)).toEqual(Array(3).fill("rmw plain plain"));
  });
});

describe("fences", () => {
  it.each([
    ["memory_order_relaxed", []],
    ["memory_order_acquire", ["acquire"]],
    ["memory_order_consume", ["acquire"]],
    ["memory_order_release", ["release"]],
    ["memory_order_acq_rel", ["release", "acquire"]],
    ["memory_order_seq_cst", ["mb"]],
  ])("atomic_thread_fence(%s) gives %j", (memoryOrder, kinds) => {
    expect(fencesOf(`void f(void) { atomic_thread_fence(${memoryOrder}); }`)).toEqual(kinds);
  });

  it("maps the dialect's barriers with their flavours", () => {
    const code = "void f(void) { smp_wmb(); dma_rmb(); mb(); virt_mb(); smp_mb__after_atomic(); barrier(); }";
    expect(fencesOf(code, "linux")).toEqual(["wmb", "rmb/dma", "mb/mandatory", "mb/virt", "after-rmw", "compiler"]);
  });

  it("records the macro name", () => {
    const [fence] = flatten(body("void f(void) { smp_mb__after_rmw(); }", "qemu").body);
    expect(fence).toMatchObject({ kind: "fence", fence: "after-rmw", api: "smp_mb__after_rmw" });
  });
});
