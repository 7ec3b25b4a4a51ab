import { describe, expect, it } from "vitest";
import { readBarrierSettings } from "../../../src/analysis/settings.js";

function errorOf(settings: unknown): string {
  const reading = readBarrierSettings(settings);
  expect(reading.options).toBeUndefined();
  return reading.error!;
}

describe("settings.barriers.memoryOrders validation", () => {
  it("accepts identifiers mapped to C's order names and resolves them into the dialect", () => {
    const reading = readBarrierSettings({ memoryOrders: { rte_memory_order_acquire: "acquire", rte_memory_order_relaxed: "relaxed" } });
    expect(reading.error).toBeUndefined();
    expect(reading.options!.dialect.memoryOrders.get("rte_memory_order_acquire")).toBe("acquire");
    expect(reading.options!.dialect.memoryOrders.get("rte_memory_order_relaxed")).toBe("once");
    expect(reading.options!.dialect.memoryOrders.get("memory_order_release")).toBe("release");
  });

  it.each([
    [{ memoryOrders: { rte_memory_order_acquire: "acq" } },
      "settings.barriers.memoryOrders.rte_memory_order_acquire is \"acq\", but it must be one of \"relaxed\", \"consume\", \"acquire\", \"release\", \"acq_rel\", \"seq_cst\""],
    [{ memoryOrders: { x: "seqcst" } }, "settings.barriers.memoryOrders.x is \"seqcst\", but it must be one of \"relaxed\""],
    [{ memoryOrders: { x: 2 } }, "settings.barriers.memoryOrders.x is 2, but it must be one of"],
    [{ memoryOrders: "acquire" }, "settings.barriers.memoryOrders is \"acquire\", but it must be an object"],
    [{ memoryOrders: ["rte_memory_order_acquire"] }, "settings.barriers.memoryOrders is [\"rte_memory_order_acquire\"], but it must be an object"],
    [{ memoryOrders: { "rte-order": "acquire" } }, "settings.barriers.memoryOrders[\"rte-order\"] is not a C identifier"],
  ])("explains %j", (settings, expected) => {
    expect(errorOf(settings)).toContain(expected);
  });
});
