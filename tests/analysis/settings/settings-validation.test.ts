import { describe, expect, it } from "vitest";
import { analysisOptionsFromSettings, BarrierSettingsError, readBarrierSettings } from "../../../src/analysis/settings.js";

function errorOf(settings: unknown): string {
  const reading = readBarrierSettings(settings);
  expect(reading.options).toBeUndefined();
  return reading.error!;
}

describe("settings.barriers validation", () => {
  it("accepts the documented settings and fills in defaults", () => {
    const reading = readBarrierSettings({
      dialects: ["qemu", "c11"],
      primitives: { my_wmb: { kind: "fence", fence: "wmb" }, my_read: { kind: "access", op: "load", order: "once" } },
      externalPartners: { fw_mailbox: "the device firmware", "my_ring.head": "the kernel" },
      hostPointerSize: 4,
      callDepth: 3,
      project: { files: ["src/**/*.c"], cacheDirectory: false, enabled: true },
    });
    expect(reading.error).toBeUndefined();
    expect(reading.options!.dialect.primitives.get("my_read")).toMatchObject({ addressArg: 0, addressForm: "pointer" });
    expect(reading.options!.hostPointerSize).toBe(4);
    expect(reading.options!.callDepth).toBe(3);
  });

  it("names an unknown dialect and lists the known ones", () => {
    const error = errorOf({ dialects: ["nonesuch"] });
    expect(error).toContain("settings.barriers.dialects[0] is \"nonesuch\"");
    expect(error).toContain("\"qemu\"");
  });

  it("refuses a dialect given as a string instead of splitting it into letters", () => {
    expect(errorOf({ dialects: "qemu" })).toContain("settings.barriers.dialects is \"qemu\", but it must be an array");
  });

  it.each([
    [{ primitives: { smp_wmb: null } }, "settings.barriers.primitives.smp_wmb is null"],
    [{ primitives: "my_wmb" }, "settings.barriers.primitives is \"my_wmb\", but it must be an object"],
    [{ primitives: ["my_wmb"] }, "settings.barriers.primitives is [\"my_wmb\"], but it must be an object"],
    [{ primitives: { my_wmb: "fence" } }, "settings.barriers.primitives.my_wmb is \"fence\""],
    [{ primitives: { my_wmb: { kind: "fence", fence: "full" } } }, "settings.barriers.primitives.my_wmb.fence is \"full\", but it must be one of"],
    [{ primitives: { my_wmb: { kind: "barrier" } } }, "settings.barriers.primitives.my_wmb.kind is \"barrier\", but it must be one of \"access\", \"fence\""],
    [{ primitives: { my_wmb: { kind: "fence" } } }, "settings.barriers.primitives.my_wmb.fence is missing"],
    [{ callDepth: "deep" }, "settings.barriers.callDepth is \"deep\", but it must be an integer from 0 to 16"],
    [{ callDepth: -5 }, "settings.barriers.callDepth is -5, but it must be an integer from 0 to 16"],
    [{ hostPointerSize: 3 }, "settings.barriers.hostPointerSize is 3, but it must be one of 4, 8"],
    [{ externalPartners: { ring: 42 } }, "settings.barriers.externalPartners.ring is 42, but it must be a non-empty string"],
    [{ externalPartners: { "my_ring.head": null } }, "settings.barriers.externalPartners[\"my_ring.head\"] is null"],
    [{ project: "yes" }, "settings.barriers.project is \"yes\", but it must be an object"],
    [{ project: { cacheDirectory: true } }, "settings.barriers.project.cacheDirectory is true, but it must be a non-empty string or false"],
    [{ project: { enabled: "no" } }, "settings.barriers.project.enabled is \"no\", but it must be true or false"],
    [{ dialect: ["qemu"] }, "settings.barriers.dialect is not a setting (the known ones are dialects, primitives"],
    ["oops", "settings.barriers is \"oops\", but it must be an object"],
  ])("explains %j", (settings, expected) => {
    expect(errorOf(settings)).toContain(expected);
  });

  it("counts further problems after the first", () => {
    expect(errorOf({ callDepth: -1, hostPointerSize: 2 })).toMatch(/\(and 1 more: settings\.barriers\.(hostPointerSize|callDepth)\)/u);
  });

  it("throws one clear error for callers that cannot report a lint message", () => {
    expect(() => analysisOptionsFromSettings({ callDepth: -5 })).toThrow(BarrierSettingsError);
    expect(() => analysisOptionsFromSettings({ callDepth: -5 })).toThrow(/^Invalid settings\.barriers\.callDepth is -5/u);
  });

  it("reads the same settings object once", () => {
    const settings = { dialects: ["linux"] };
    expect(readBarrierSettings(settings)).toBe(readBarrierSettings(settings));
  });
});
