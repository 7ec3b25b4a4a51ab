import { Linter, type ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";

const barriers = plugin as unknown as ESLint.Plugin & { configs: Record<string, Linter.Config> };

const WRITER = `
struct ring { int data; int ready; };
void produce(struct ring *r) {
    r->data = 1;
    smp_wmb();
    qatomic_set(&r->ready, 1);
}
`;

/** Every rule of the strict qemu preset, with the user's settings.barriers in place of the preset's. */
function lintWithSettings(barrierSettings: unknown): Linter.LintMessage[] {
  const preset = barriers.configs["qemu-strict"]!;
  return new Linter({ configType: "flat" }).verify(WRITER, [{ ...preset, settings: { barriers: barrierSettings } }], "writer.c");
}

describe("bad settings.barriers", () => {
  it.each([
    [{ dialects: ["nonesuch"] }, "settings.barriers.dialects[0] is \"nonesuch\""],
    [{ dialects: "qemu" }, "settings.barriers.dialects is \"qemu\""],
    [{ primitives: { smp_wmb: null } }, "settings.barriers.primitives.smp_wmb is null"],
    ["oops", "settings.barriers is \"oops\""],
    [{ primitives: "my_wmb" }, "settings.barriers.primitives is \"my_wmb\""],
    [{ primitives: ["my_wmb"] }, "settings.barriers.primitives is [\"my_wmb\"]"],
    [{ primitives: { my_wmb: "fence" } }, "settings.barriers.primitives.my_wmb is \"fence\""],
    [{ primitives: { my_wmb: { kind: "fence", fence: "sideways" } } }, "settings.barriers.primitives.my_wmb.fence is \"sideways\""],
    [{ primitives: { my_read: { kind: "access", op: "load" } } }, "settings.barriers.primitives.my_read"],
    [{ externalPartners: ["ring"] }, "settings.barriers.externalPartners is [\"ring\"]"],
    [{ dialects: ["qemu", "liburcu", "qemu2021"] }, "settings.barriers.dialects[2] is \"qemu2021\""],
    [{ callDepth: "deep" }, "settings.barriers.callDepth is \"deep\""],
    [{ callDepth: -5 }, "settings.barriers.callDepth is -5"],
    [{ hostPointerSize: 3 }, "settings.barriers.hostPointerSize is 3"],
    [{ externalPartners: { ring: 42 } }, "settings.barriers.externalPartners.ring is 42"],
    [{ externalPartners: { ring: null } }, "settings.barriers.externalPartners.ring is null"],
    [{ project: "yes" }, "settings.barriers.project is \"yes\""],
  ])("%j gives one message naming the setting, and no other report", (settings, expected) => {
    const messages = lintWithSettings(settings);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.fatal).toBeFalsy();
    expect(messages[0]!.messageId).toBe("invalidSettings");
    expect(messages[0]!.message).toContain(expected);
    expect(messages[0]!.message).toContain("but it must be");
  });

  it("valid settings analyse as before", () => {
    const messages = lintWithSettings({ dialects: ["qemu", "c11", "gcc"], project: { enabled: false } });
    expect(messages.map((message) => message.messageId)).not.toContain("invalidSettings");
    expect(messages.some((message) => message.ruleId === "barriers/unpaired-barrier")).toBe(true);
  });
});
