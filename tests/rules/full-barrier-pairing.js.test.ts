import * as tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { JS_LANGUAGE, type BarrierRule } from "../../src/rules/kit/rule-kit.js";
import { analyzeFixture } from "../fixtures/js/js-project.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The C rule, declared for JS as well: these cases say whether it holds up on TS ports and Atomics code. */
const rule = plugin.rules["full-barrier-pairing"]!;
const forJs: BarrierRule = { ...rule, meta: { ...rule.meta, languages: [...new Set([...(rule.meta?.languages as string[]), JS_LANGUAGE])] } };

const ruleTester = new RuleTester({
  plugins: { barriers: plugin },
  languageOptions: { parser: tsParser },
  settings: { barriers: { dialects: ["js", "qemu", "linux"], project: { enabled: false } } },
});

const qemuPort = `
declare function smp_mb(): void;
declare function smp_mb__after_rmw(): void;
declare function qatomic_set(location: unknown, value: number): void;
declare function qatomic_read(location: unknown): number;
declare function qatomic_or(location: unknown, value: number): number;
class Loop { notifyMe = 0; scheduled = 0; }
`;

ruleTester.run("full-barrier-pairing", forJs, {
  valid: [
    {
      name: "store buffering in a port with smp_mb() on both sides",
      filename: "loop.ts",
      code: `${qemuPort}
        export function schedule(loop: Loop) { qatomic_set(loop.scheduled, 1); smp_mb(); return qatomic_read(loop.notifyMe); }
        export function prepare(loop: Loop) { qatomic_set(loop.notifyMe, 1); smp_mb(); return qatomic_read(loop.scheduled); }`,
    },
    {
      name: "an RMW flanked by smp_mb__after_rmw() is a full barrier",
      filename: "loop.ts",
      code: `${qemuPort}
        export function schedule(loop: Loop) { qatomic_set(loop.scheduled, 1); smp_mb(); return qatomic_read(loop.notifyMe); }
        export function prepare(loop: Loop) { qatomic_or(loop.notifyMe, 1); smp_mb__after_rmw(); return qatomic_read(loop.scheduled); }`,
    },
    {
      name: "store buffering through Atomics only: every access is sequentially consistent",
      filename: "flags.ts",
      code: `
        const flags = new Int32Array(new SharedArrayBuffer(8));
        export function left() { Atomics.store(flags, 0, 1); return Atomics.load(flags, 1); }
        export function right() { Atomics.store(flags, 1, 1); return Atomics.load(flags, 0); }`,
    },
  ],
  invalid: [
    {
      name: "the poller takes qatomic_or() for a full barrier",
      filename: "loop.ts",
      code: `${qemuPort}
        export function schedule(loop: Loop) { qatomic_set(loop.scheduled, 1); smp_mb(); return qatomic_read(loop.notifyMe); }
        export function prepare(loop: Loop) { qatomic_or(loop.notifyMe, 1); return qatomic_read(loop.scheduled); }`,
      errors: [{ messageId: "rmwNotFullBarrier", line: 10 }],
    },
  ],
});

describe("full-barrier-pairing across the files of a TS port (tests/fixtures/js)", () => {
  it("accepts smp_mb() on both sides of the event loop's store buffering", () => {
    expect(analyzeFixture("notify-port", ["full-barrier-pairing"]).lines).toEqual([]);
  });

  it("reports the poller whose RMW stands in for the full barrier", () => {
    expect(analyzeFixture("notify-port-broken", ["full-barrier-pairing"]).lines).toEqual(["poller.ts:6 full-barrier-pairing/rmwNotFullBarrier"]);
  });
});
