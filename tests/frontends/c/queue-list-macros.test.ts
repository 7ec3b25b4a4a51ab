import { describe, expect, it } from "vitest";
import { accessesOf, accessSummaries, functionNamed, lower } from "./lower-helpers.js";

const HEADER = [
  "typedef struct Waiter Waiter;",
  "struct Waiter { void *co; struct { Waiter *sle_next; } next; };",
  "typedef struct Lock { int handoff; struct { Waiter *slh_first; } waiters, ready; } Lock;",
].join("\n");

describe("queue macros on a list head", () => {
  it("lowers an atomic insert to the element's link store and an RMW of the head, as the dialect reads cmpxchg", () => {
    const code = `${HEADER}\nvoid f(Lock *l, Waiter *w) { QSLIST_INSERT_HEAD_ATOMIC(&l->waiters, w, next); }`;
    const fn = functionNamed(lower(code), "f");
    expect(accessSummaries(fn)).toEqual(["store Waiter.next plain", "rmw Lock.waiters seqcst"]);
    const head = accessesOf(fn)[1]!;
    expect(head.api).toBe("QSLIST_INSERT_HEAD_ATOMIC");
    expect(head.rmwIsFullBarrier).toBe(false);
  });

  it("lowers the 2020 dialect's atomic insert with that dialect's cmpxchg record", () => {
    const code = `${HEADER}\nvoid f(Lock *l, Waiter *w) { QSLIST_INSERT_HEAD_ATOMIC(&l->waiters, w, next); }`;
    expect(accessSummaries(functionNamed(lower(code, "qemu2020"), "f"))).toEqual(["store Waiter.next plain", "rmw Lock.waiters seqcst"]);
  });

  it("lowers a plain insert to plain stores of the link and of the head, and reads of the head to plain loads", () => {
    const code = [
      HEADER,
      "static QSLIST_HEAD(, Waiter) pending;",
      "void f(Waiter *w) { QSLIST_INSERT_HEAD(&pending, w, next); }",
      "int g(Lock *l) { return QSLIST_EMPTY(&l->ready) || QSLIST_FIRST(&l->waiters) != NULL; }",
    ].join("\n");
    const ir = lower(code);
    expect(accessSummaries(functionNamed(ir, "f"))).toEqual(["store Waiter.next plain", "store test.c::pending plain"]);
    expect(accessSummaries(functionNamed(ir, "g"))).toEqual(["load Lock.ready plain", "load Lock.waiters plain"]);
  });

  it("takes the moved list's head as the RMW and does not read the link argument as a variable", () => {
    const code = [
      HEADER,
      "int next;",
      "void f(Lock *l) { QSLIST_HEAD(, Waiter) taken; QSLIST_MOVE_ATOMIC(&taken, &l->waiters); }",
      "void g(Lock *l, Waiter *w) { QSLIST_INSERT_HEAD(&l->ready, w, next); }",
    ].join("\n");
    const ir = lower(code);
    expect(accessSummaries(functionNamed(ir, "f"))).toEqual(["rmw Lock.waiters seqcst"]);
    expect(accessSummaries(functionNamed(ir, "g"))).toEqual(["store Waiter.next plain", "store Lock.ready plain"]);
  });

  it("keeps a list whose head is a local variable private, but not the elements it links", () => {
    const code = [
      HEADER,
      "void f(Waiter *w) { QSLIST_HEAD(, Waiter) mine; QSLIST_INSERT_HEAD(&mine, w, next); if (QSLIST_EMPTY(&mine)) return; }",
    ].join("\n");
    expect(accessSummaries(functionNamed(lower(code), "f"))).toEqual(["store Waiter.next plain"]);
  });

  it("leaves the queue macros to the dialects that list them", () => {
    const code = `${HEADER}\nvoid f(Lock *l, Waiter *w) { QSLIST_INSERT_HEAD_ATOMIC(&l->waiters, w, next); }`;
    expect(accessSummaries(functionNamed(lower(code, "linux"), "f"))).toEqual([]);
  });
});
