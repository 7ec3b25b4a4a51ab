import { fileURLToPath } from "node:url";
import * as tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { analyzeDirectory } from "../fixtures/js/js-project.js";

const examples = new URL("../../examples/ts/", import.meta.url);

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({
  plugins: { barriers: plugin },
  languageOptions: { parser: tsParser },
  settings: { barriers: { dialects: ["js", "qemu", "linux"], project: { enabled: false } } },
});

const layout = `
const READY = 0;
const state = new Int32Array(new SharedArrayBuffer(8));
const data = new Float64Array(new SharedArrayBuffer(64));
`;

ruleTester.run("mixed-atomic-access", plugin.rules["mixed-atomic-access"]!, {
  valid: [
    {
      name: "the flag only through Atomics, the data only plainly",
      filename: "channel.ts",
      code: `${layout}
        export function send(v: number) { data[0] = v; Atomics.store(state, READY, 1); }
        export function receive() { while (Atomics.load(state, READY) === 0) Atomics.wait(state, READY, 0); return data[0]; }`,
    },
    {
      name: "a private array read plainly and with Atomics is no shared location",
      filename: "local.ts",
      code: `
        const scratch = new Int32Array(4);
        export function f() { Atomics.store(scratch, 0, 1); return scratch[1]; }`,
    },
  ],
  invalid: [
    {
      name: "a spin loop reading the flag plainly that the other side sets with Atomics.store",
      filename: "channel.ts",
      code: `${layout}
        export function send(v: number) { data[0] = v; Atomics.store(state, READY, 1); }
        export function receive() { while (state[READY] === 0) {} return data[0]; }`,
      errors: [{
        messageId: "mixed",
        line: 7,
        suggestions: [{ messageId: "useAtomics", output: `${layout}
        export function send(v: number) { data[0] = v; Atomics.store(state, READY, 1); }
        export function receive() { while (Atomics.load(state, READY) === 0) {} return data[0]; }` }],
      }],
    },
    {
      name: "a spin loop's report names the function that sets the flag, not another reader",
      filename: "flag.ts",
      code: `
        const flag = new Int32Array(new SharedArrayBuffer(4));
        export function peek() { return Atomics.load(flag, 0); }
        export function set() { Atomics.store(flag, 0, 1); }
        export function spin() { while (flag[0] === 0) {} }`,
      errors: [{
        messageId: "mixed",
        line: 5,
        data: {
          what: "read", key: "flag[0]", function: "spin", atomicApi: "Atomics.store()", atomicFunction: "set", atomicLocation: "flag.ts:4",
          more: " and 1 other place", fix: "Atomics.load()", lockNote: "",
        },
        suggestions: [{ messageId: "useAtomics", output: `
        const flag = new Int32Array(new SharedArrayBuffer(4));
        export function peek() { return Atomics.load(flag, 0); }
        export function set() { Atomics.store(flag, 0, 1); }
        export function spin() { while (Atomics.load(flag, 0) === 0) {} }` }],
      }],
    },
    {
      name: "a class field written plainly and read with Atomics",
      filename: "latch.ts",
      code: `
        export class Latch {
          readonly cells = new Int32Array(new SharedArrayBuffer(8));
          open() { this.cells[0] = 1; }
          isOpen() { return Atomics.load(this.cells, 0) === 1; }
        }`,
      errors: [{
        messageId: "mixed",
        line: 4,
        suggestions: [{ messageId: "useAtomics", output: `
        export class Latch {
          readonly cells = new Int32Array(new SharedArrayBuffer(8));
          open() { Atomics.store(this.cells, 0, 1); }
          isOpen() { return Atomics.load(this.cells, 0) === 1; }
        }` }],
      }],
    },
  ],
});

describe("mixed-atomic-access across a main thread and a worker (examples/ts)", () => {
  it("reports the broken worker's plain spin on the HEAD the producer stores with Atomics", () => {
    const { lines } = analyzeDirectory(fileURLToPath(new URL("ring-broken", examples)), "js", ["mixed-atomic-access"]);
    expect(lines).toEqual(["worker.ts:11 mixed-atomic-access/mixed"]);
  });

  it("finds nothing in the correct ring", () => {
    expect(analyzeDirectory(fileURLToPath(new URL("ring", examples)), "js", ["mixed-atomic-access"]).lines).toEqual([]);
  });
});
