import * as tsParser from "@typescript-eslint/parser";
import { Linter, RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { JS_LANGUAGE, type BarrierRule } from "../../src/rules/kit/rule-kit.js";
import { analyzeFixture } from "../fixtures/js/js-project.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The C rule, declared for JS as well: these cases say whether it holds up on TS ports and Atomics code. */
const rule = plugin.rules["unpaired-barrier"]!;
const forJs: BarrierRule = { ...rule, meta: { ...rule.meta, languages: [...new Set([...(rule.meta?.languages as string[]), JS_LANGUAGE])] } };

const settings = { barriers: { dialects: ["js", "qemu", "linux"], project: { enabled: false } } };
const ruleTester = new RuleTester({ plugins: { barriers: plugin }, languageOptions: { parser: tsParser }, settings });

const qemuPort = `
declare function smp_wmb(): void;
declare function smp_rmb(): void;
declare function qatomic_set(location: unknown, value: number): void;
declare function qatomic_read(location: unknown): number;
`;

ruleTester.run("unpaired-barrier", forJs, {
  valid: [
    {
      name: "a TS port of QEMU's message passing: smp_wmb() pairs with smp_rmb() on the same fields",
      filename: "mailbox.ts",
      code: `${qemuPort}
        export class Mailbox {
          ready = 0;
          payload = 0;
          post(value: number) { this.payload = value; smp_wmb(); qatomic_set(this.ready, 1); }
          take(): number {
            if (!qatomic_read(this.ready)) return -1;
            smp_rmb();
            return this.payload;
          }
        }`,
    },
    {
      name: "Atomics message passing in the right order: plain data before the flag's store, after the flag's load",
      filename: "channel.ts",
      code: `
        const flag = new Int32Array(new SharedArrayBuffer(4));
        const data = new Int32Array(new SharedArrayBuffer(16));
        export function send(v: number) { data[0] = v; Atomics.store(flag, 0, 1); }
        export function receive() { while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0); return data[0]; }`,
    },
  ],
  invalid: [
    {
      name: "the port's reader forgot smp_rmb(): the writer's smp_wmb() has no partner",
      filename: "mailbox.ts",
      code: `${qemuPort}
        export class Mailbox {
          ready = 0;
          payload = 0;
          post(value: number) { this.payload = value; smp_wmb(); qatomic_set(this.ready, 1); }
          take(): number { if (!qatomic_read(this.ready)) return -1; return this.payload; }
        }`,
      errors: [{ messageId: "unpaired", line: 10 }],
    },
    {
      name: "the port's reader has smp_rmb() before reading the flag: the two barriers order the fields the opposite ways",
      filename: "mailbox.ts",
      code: `${qemuPort}
        export class Mailbox {
          ready = 0;
          payload = 0;
          post(value: number) { this.payload = value; smp_wmb(); qatomic_set(this.ready, 1); }
          take(): number { const value = this.payload; smp_rmb(); return qatomic_read(this.ready) ? value : -1; }
        }`,
      errors: [{ messageId: "reversed", line: 10 }, { messageId: "reversed", line: 11 }],
    },
  ],
});

/**
 * Publication order with Atomics alone: the flag's seq-cst store and load are the ordering points,
 * for the plain typed-array data around them.
 */
describe("unpaired-barrier on Atomics-only publication order", () => {
  const lint = (code: string) => new Linter({ configType: "flat" }).verify(code, [{
    files: ["**/*.ts"], plugins: { barriers: { ...plugin, rules: { ...plugin.rules, "unpaired-barrier": forJs } } },
    languageOptions: { parser: tsParser }, settings, rules: { "barriers/unpaired-barrier": "error" },
  }], "channel.ts").filter((message) => message.ruleId === "barriers/unpaired-barrier");
  // The reader's load orders data that no writer stores before the flag.
  const DATA_AFTER_STORE = [[4, "misplacedStore"]];
  // The writer's store publishes data that no reader loads after the flag.
  const DATA_BEFORE_LOAD = [[5, "misplacedLoad"]];
  const layout = `
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const data = new Int32Array(new SharedArrayBuffer(16));`;

  it("data written plainly after the flag's Atomics.store", () => {
    expect(lint(`${layout}
      export function send(v: number) { Atomics.store(flag, 0, 1); data[0] = v; }
      export function receive() { while (Atomics.load(flag, 0) === 0) {} return data[0]; }`).map((m) => [m.line, m.messageId])).toEqual(DATA_AFTER_STORE);
  });

  it("data read plainly before the flag's Atomics.load", () => {
    expect(lint(`${layout}
      export function send(v: number) { data[0] = v; Atomics.store(flag, 0, 1); }
      export function receive() { const early = data[0]; while (Atomics.load(flag, 0) === 0) {} return early; }`).map((m) => [m.line, m.messageId])).toEqual(DATA_BEFORE_LOAD);
  });
});

describe("unpaired-barrier across the files of a TS port (tests/fixtures/js)", () => {
  it("pairs the device's smp_wmb() with the vCPU's smp_rmb() in another file", () => {
    expect(analyzeFixture("mailbox-port", ["unpaired-barrier"]).lines).toEqual([]);
  });

  it("reports both barriers when the vCPU reads the request before the flag", () => {
    expect(analyzeFixture("mailbox-port-broken", ["unpaired-barrier"]).lines).toEqual([
      "device.ts:9 unpaired-barrier/partnerEarlyData",
      "vcpu.ts:11 unpaired-barrier/earlyData",
    ]);
  });
});

describe("unpaired-barrier on data left on the far side of an Atomics point", () => {
  const lint = (code: string) => new Linter({ configType: "flat" }).verify(code, [{
    files: ["**/*.ts"], plugins: { barriers: { ...plugin, rules: { ...plugin.rules, "unpaired-barrier": forJs } } },
    languageOptions: { parser: tsParser }, settings, rules: { "barriers/unpaired-barrier": "error" },
  }], "ring.ts").filter((message) => message.ruleId === "barriers/unpaired-barrier");
  const layout = `
    const control = new Int32Array(new SharedArrayBuffer(8));
    const slots = new Float64Array(new SharedArrayBuffer(64));`;

  it("reports a slot written after the index that publishes it", () => {
    expect(lint(`${layout}
      export function push(v: number) { const head = Atomics.load(control, 0); while (head - Atomics.load(control, 1) >= 8) {} Atomics.store(control, 0, head + 1); slots[head & 7] = v; }
      export function pop() { const tail = Atomics.load(control, 1); while (Atomics.load(control, 0) === tail) {} const v = slots[tail & 7]; Atomics.store(control, 1, tail + 1); return v; }`)
      .map((m) => [m.line, m.messageId])).toEqual([[4, "misplacedStore"]]);
  });

  it("accepts the slot written before the index, and a counter bumped after it by the same thread", () => {
    expect(lint(`${layout}
      const stats = new Int32Array(new SharedArrayBuffer(4));
      export function push(v: number) { const head = Atomics.load(control, 0); while (head - Atomics.load(control, 1) >= 8) {} slots[head & 7] = v; Atomics.store(control, 0, head + 1); }
      export function pop() { const tail = Atomics.load(control, 1); while (Atomics.load(control, 0) === tail) {} const v = slots[tail & 7]; Atomics.store(control, 1, tail + 1); Atomics.add(stats, 0, 1); return v; }`)
      .map((m) => [m.line, m.messageId])).toEqual([]);
  });
});
