import { readFileSync } from "node:fs";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import type { BarrierSettings } from "../../src/analysis/settings.js";

/* A user-defined dialect end to end: DPDK's names, as docs/dialects/dpdk.md configures them. */

const PRIMITIVES: BarrierSettings["primitives"] = {
  rte_smp_wmb: { kind: "fence", fence: "wmb" },
  rte_smp_rmb: { kind: "fence", fence: "rmb" },
  rte_atomic_load_explicit: { kind: "access", op: "load", order: "seqcst", orderArg: 1 },
  rte_atomic_store_explicit: { kind: "access", op: "store", order: "seqcst", orderArg: 2 },
  rte_atomic_compare_exchange_strong_explicit: { kind: "access", op: "rmw", order: "seqcst", orderArg: 3, returnsValue: true },
};

const MEMORY_ORDERS = Object.fromEntries(
  ["relaxed", "consume", "acquire", "release", "acq_rel", "seq_cst"].map((order) => [`rte_memory_order_${order}`, order]),
) as BarrierSettings["memoryOrders"];

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/c/dpdk/${name}`, import.meta.url), "utf8");
}

function lint(code: string, settings: BarrierSettings, languageOptions: Record<string, unknown> = {}): Linter.LintMessage[] {
  const config = {
    ...plugin.configs["c11-strict"],
    settings: { barriers: { dialects: ["c11", "gcc"], primitives: PRIMITIVES, ...settings, project: { enabled: false } } },
    languageOptions,
  } as Linter.Config;
  return new Linter({ configType: "flat" }).verify(code, [config], "fixture.c");
}

const ruleLines = (messages: Linter.LintMessage[], rule: string) =>
  messages.filter((message) => message.ruleId === `barriers/${rule}`).map((message) => message.line);

describe("DPDK's memory orders (settings.barriers.memoryOrders)", () => {
  it("a release store read back with rte_memory_order_relaxed has no acquire partner", () => {
    const messages = lint(fixture("relaxed-consumer.c"), { memoryOrders: MEMORY_ORDERS }, { typeWrapperMacros: ["RTE_ATOMIC"] });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(ruleLines(messages, "unpaired-barrier")).toEqual([13]);
  });

  it("the same consumer with rte_memory_order_acquire pairs with it", () => {
    const code = fixture("relaxed-consumer.c").replace("rte_memory_order_relaxed) == 0", "rte_memory_order_acquire) == 0");
    const messages = lint(code, { memoryOrders: MEMORY_ORDERS }, { typeWrapperMacros: ["RTE_ATOMIC"] });
    expect(messages.filter((message) => message.ruleId?.startsWith("barriers/"))).toEqual([]);
  });

  it("without the setting the names mean nothing, and every access is taken as sequentially consistent", () => {
    const messages = lint(fixture("relaxed-consumer.c"), {}, { typeWrapperMacros: ["RTE_ATOMIC"] });
    expect(ruleLines(messages, "unpaired-barrier")).toEqual([]);
  });
});

describe("DPDK's RTE_ATOMIC(T) declarations (languageOptions.typeWrapperMacros)", () => {
  it("a handover through a field declared with it pairs, with a CAS whose failure order is a DPDK name", () => {
    const messages = lint(fixture("wrapped-handover.c"), { memoryOrders: MEMORY_ORDERS }, { typeWrapperMacros: ["RTE_ATOMIC"] });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.filter((message) => message.ruleId?.startsWith("barriers/")).map((message) => message.message)).toEqual([]);
  });
});
