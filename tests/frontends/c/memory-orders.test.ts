import { describe, expect, it } from "vitest";
import type { Fence } from "../../../src/analysis/ir/events.js";
import { loweringFingerprint } from "../../../src/analysis/index/lowering-fingerprint.js";
import { readBarrierSettings, type BarrierSettings } from "../../../src/analysis/settings.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { accessesOf, flatten, functionNamed } from "./lower-helpers.js";

/** A project's own spelling of the C11 orders, as DPDK's rte_stdatomic.h defines them. */
const PROJECT_ORDERS = {
  my_order_relaxed: "relaxed", my_order_acquire: "acquire", my_order_release: "release", my_order_acq_rel: "acq_rel", my_order_seq_cst: "seq_cst",
} as const;

const PRIMITIVES: BarrierSettings["primitives"] = {
  my_load: { kind: "access", op: "load", order: "seqcst", orderArg: 1 },
  my_store: { kind: "access", op: "store", order: "seqcst", orderArg: 2 },
  my_fetch_add: { kind: "access", op: "rmw", order: "seqcst", orderArg: 2, returnsValue: true },
  my_fence: { kind: "fence", fence: "mb", orderArg: 0 },
};

function lowerWith(code: string, settings: BarrierSettings) {
  const reading = readBarrierSettings(settings);
  if (reading.error !== undefined) throw new Error(reading.error);
  return functionNamed(lowerCSource("/project/test.c", code, { dialect: reading.options.dialect, hostPointerSize: 8 }), "f");
}

const CODE = `void f(int *p, int *q)
{
    my_store(p, 1, my_order_release);
    my_fence(my_order_acquire);
    int v = my_load(q, my_order_acquire);
    my_fetch_add(q, v, my_order_relaxed);
    my_fetch_add(p, 1, (my_order_acq_rel));
    atomic_load_explicit(q, my_order_seq_cst);
}`;

describe("settings.barriers.memoryOrders", () => {
  it("reads a project's own order names wherever a primitive has an orderArg", () => {
    const fn = lowerWith(CODE, { dialects: ["c11", "gcc"], primitives: PRIMITIVES, memoryOrders: PROJECT_ORDERS });
    expect(accessesOf(fn).map((access) => `${access.api} ${access.order}`)).toEqual([
      "my_store release", "my_load acquire", "my_fetch_add once", "my_fetch_add seqcst", "atomic_load_explicit seqcst",
    ]);
    expect(flatten(fn.body).filter((event): event is Fence => event.kind === "fence").map((fence) => fence.fence)).toEqual(["acquire"]);
  });

  it("without them, the names are unknown and each primitive keeps its declared order", () => {
    const fn = lowerWith(CODE, { dialects: ["c11", "gcc"], primitives: PRIMITIVES });
    expect(accessesOf(fn).map((access) => access.order)).toEqual(["seqcst", "seqcst", "seqcst", "seqcst", "seqcst"]);
    expect(flatten(fn.body).filter((event): event is Fence => event.kind === "fence").map((fence) => fence.fence)).toEqual(["mb"]);
  });

  it("keeps the C11 and GCC names, and a user name may stand for a weaker order than its spelling suggests", () => {
    const code = "void f(int *p) { atomic_load_explicit(p, memory_order_acquire); __atomic_load_n(p, relaxed_on_x86); }";
    const fn = lowerWith(code, { dialects: ["c11", "gcc"], memoryOrders: { relaxed_on_x86: "relaxed" } });
    expect(accessesOf(fn).map((access) => access.order)).toEqual(["acquire", "once"]);
  });

  it("is part of the index fingerprint: the same text lowers differently under other names", () => {
    const fingerprint = (settings: BarrierSettings) => loweringFingerprint(readBarrierSettings(settings).options!);
    const base = { dialects: ["c11", "gcc"], primitives: PRIMITIVES };
    expect(fingerprint({ ...base, memoryOrders: { my_order_acquire: "acquire" } })).not.toBe(fingerprint(base));
    expect(fingerprint({ ...base, memoryOrders: { my_order_acquire: "acquire" } })).not.toBe(fingerprint({ ...base, memoryOrders: { my_order_acquire: "relaxed" } }));
    expect(fingerprint({ ...base, memoryOrders: { my_order_acquire: "acquire" } })).toBe(fingerprint({ ...base, memoryOrders: { my_order_acquire: "acquire" } }));
  });

  it("a memory order outside the orderArg position (a CAS's failure order, an order passed to a helper) is a constant, not a shared variable", () => {
    const code = `int wait_head(int *p, int order);
void f(_Atomic int *p, int *e)
{
    atomic_compare_exchange_strong_explicit(p, e, 1, memory_order_acq_rel, memory_order_relaxed);
    my_cas(p, e, 2, my_order_release, my_order_relaxed);
    wait_head(e, my_order_acquire);
}`;
    const primitives: BarrierSettings["primitives"] = { my_cas: { kind: "access", op: "rmw", order: "seqcst", orderArg: 3, returnsValue: true } };
    const fn = lowerWith(code, { dialects: ["c11", "gcc"], primitives, memoryOrders: PROJECT_ORDERS });
    expect(accessesOf(fn).map((access) => `${access.op} ${access.key.id} ${access.order}`)).toEqual(["rmw *p seqcst", "rmw *p release"]);
  });
});
