import * as tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({
  plugins: { barriers: plugin },
  languageOptions: { parser: tsParser },
  settings: { barriers: { dialects: ["js", "qemu", "linux"], project: { enabled: false } } },
});

const filename = "worker.ts";

ruleTester.run("atomics-array-type", plugin.rules["atomics-array-type"]!, {
  valid: [
    {
      name: "Atomics on an Int32Array over shared memory, wait on it, number values",
      filename,
      code: `
        const state = new Int32Array(new SharedArrayBuffer(16));
        export function park() {
          while (Atomics.load(state, 0) === 0) Atomics.wait(state, 0, 0);
          Atomics.add(state, 1, 1);
        }`,
    },
    {
      name: "BigInt64Array with bigint values, waited on",
      filename,
      code: `
        const clock = new BigInt64Array(new SharedArrayBuffer(8));
        export function tick(step: bigint) {
          Atomics.add(clock, 0, step);
          Atomics.compareExchange(clock, 0, 0n, 1n);
          clock[0] = BigInt(Date.now());
          Atomics.wait(clock, 0, 1n);
        }`,
    },
    {
      name: "Uint8Array supports Atomics but is never waited on",
      filename,
      code: `
        const bytes = new Uint8Array(new SharedArrayBuffer(4));
        export function mark() { Atomics.or(bytes, 0, 1); Atomics.notify(new Int32Array(bytes.buffer), 0); }`,
    },
    {
      name: "a Float64Array read and written plainly is fine",
      filename,
      code: `
        const samples = new Float64Array(new SharedArrayBuffer(64));
        export function record(i: number, v: number) { samples[i] = v * 2; }`,
    },
    {
      name: "an array of unknown type is not judged",
      filename,
      code: `export function store(view: any) { Atomics.store(view, 0, 1); }`,
    },
    {
      name: "waiting on a view of a buffer whose annotation could hide a SharedArrayBuffer",
      filename,
      code: `export function park(buffer: ArrayBuffer) { Atomics.wait(new Int32Array(buffer), 0, 0); }`,
    },
    {
      name: "values of unknown kind are not judged",
      filename,
      code: `
        const wide = new BigUint64Array(new SharedArrayBuffer(8));
        export function put(v: any) { Atomics.store(wide, 0, v); wide[0] = v; }`,
    },
  ],
  invalid: [
    {
      name: "Atomics.add on a Float64Array",
      filename,
      code: `
        const totals = new Float64Array(new SharedArrayBuffer(64));
        export function add(v: number) { Atomics.add(totals, 0, v); }`,
      errors: [{ messageId: "nonIntegerArray", data: { method: "Atomics.add", array: "totals", type: "Float64Array" }, line: 3 }],
    },
    {
      name: "Atomics.store on a Float32Array class field typed by annotation",
      filename,
      code: `
        export class Meter {
          constructor(private readonly level: Float32Array) {}
          set(v: number) { Atomics.store(this.level, 0, v); }
        }`,
      errors: [{ messageId: "nonIntegerArray", data: { method: "Atomics.store", array: "this.level", type: "Float32Array" } }],
    },
    {
      name: "Atomics.load on a Uint8ClampedArray",
      filename,
      code: `
        const pixels = new Uint8ClampedArray(new SharedArrayBuffer(4));
        export function first() { return Atomics.load(pixels, 0); }`,
      errors: [{ messageId: "nonIntegerArray", data: { method: "Atomics.load", array: "pixels", type: "Uint8ClampedArray" } }],
    },
    {
      name: "Atomics on a DataView",
      filename,
      code: `
        const view = new DataView(new SharedArrayBuffer(8));
        export function read() { return Atomics.load(view as any, 0); }`,
      errors: [{ messageId: "dataView", data: { method: "Atomics.load", array: "view as any", type: "DataView" } }],
    },
    {
      name: "Atomics.wait on a Uint32Array received from workerData",
      filename,
      code: `
        import { workerData } from "node:worker_threads";
        const gate = workerData.gate as Uint32Array;
        Atomics.wait(gate, 0, 0);`,
      errors: [{ messageId: "waitArrayType", data: { method: "Atomics.wait", array: "gate", type: "Uint32Array" }, line: 4 }],
    },
    {
      name: "Atomics.waitAsync on an Int16Array",
      filename,
      code: `
        const small = new Int16Array(new SharedArrayBuffer(4));
        export async function later() { await Atomics.waitAsync(small, 0, 0).value; }`,
      errors: [{ messageId: "waitArrayType", data: { method: "Atomics.waitAsync", array: "small", type: "Int16Array" } }],
    },
    {
      name: "waiting on arrays that are not over shared memory: a length, a private buffer, a copy",
      filename,
      code: `
        const shared = new Int32Array(new SharedArrayBuffer(8));
        const sized = new Int32Array(2);
        const boxed = new Int32Array(new ArrayBuffer(8));
        const copy = new Int32Array(shared);
        export function park() { Atomics.wait(sized, 0, 0); Atomics.wait(boxed, 0, 0); Atomics.wait(copy, 0, 0); Atomics.wait(shared, 0, 0); }`,
      errors: ["sized", "boxed", "copy"].map((array) => ({ messageId: "waitOnUnsharedArray", data: { method: "Atomics.wait", array, type: "Int32Array" } })),
    },
    {
      name: "number literals into a BigInt64Array, through Atomics and plainly, with bigint suggestions",
      filename,
      code: `
        const counters = new BigInt64Array(new SharedArrayBuffer(16));
        export function reset() {
          Atomics.store(counters, 0, 0);
          counters[1] = 0x10;
        }`,
      errors: [
        { messageId: "numberIntoBigIntArray", data: { value: "0", array: "counters", type: "BigInt64Array", method: "Atomics.store()" }, suggestions: [{ messageId: "useBigInt", data: { replacement: "0n" }, output: `
        const counters = new BigInt64Array(new SharedArrayBuffer(16));
        export function reset() {
          Atomics.store(counters, 0, 0n);
          counters[1] = 0x10;
        }` }] },
        { messageId: "numberIntoBigIntArray", data: { value: "0x10", array: "counters", type: "BigInt64Array", method: "an assignment" }, suggestions: [{ messageId: "useBigInt", output: `
        const counters = new BigInt64Array(new SharedArrayBuffer(16));
        export function reset() {
          Atomics.store(counters, 0, 0);
          counters[1] = 0x10n;
        }` }] },
      ],
    },
    {
      name: "a number-typed value into BigUint64Array in compareExchange, wrapped in BigInt()",
      filename,
      code: `
        const ids = new BigUint64Array(new SharedArrayBuffer(8));
        export function claim(expected: bigint, next: number) { return Atomics.compareExchange(ids, 0, expected, next); }`,
      errors: [{ messageId: "numberIntoBigIntArray", data: { value: "next", array: "ids", type: "BigUint64Array", method: "Atomics.compareExchange()" }, suggestions: [{ messageId: "useBigInt", output: `
        const ids = new BigUint64Array(new SharedArrayBuffer(8));
        export function claim(expected: bigint, next: number) { return Atomics.compareExchange(ids, 0, expected, BigInt(next)); }` }] }],
    },
    {
      name: "a fractional number into a BigInt64Array has no bigint spelling to suggest",
      filename,
      code: `
        const big = new BigInt64Array(new SharedArrayBuffer(8));
        big[0] = 1.5;`,
      errors: [{ messageId: "numberIntoBigIntArray", suggestions: [] }],
    },
    {
      name: "a bigint into an Int32Array",
      filename,
      code: `
        const flags = new Int32Array(new SharedArrayBuffer(8));
        export function raise() { Atomics.store(flags, 0, 1n); }`,
      errors: [{ messageId: "bigintIntoNumberArray", data: { value: "1n", array: "flags", type: "Int32Array", method: "Atomics.store()" }, suggestions: [{ messageId: "useNumber", output: `
        const flags = new Int32Array(new SharedArrayBuffer(8));
        export function raise() { Atomics.store(flags, 0, 1); }` }] }],
    },
    {
      name: "a plain .js file: the array type comes from its construction",
      filename: "worker.mjs",
      code: `
        const sab = new SharedArrayBuffer(32);
        const ratio = new Float64Array(sab);
        export function bump() { Atomics.add(ratio, 0, 1); }`,
      errors: [{ messageId: "nonIntegerArray", data: { method: "Atomics.add", array: "ratio", type: "Float64Array" } }],
    },
  ],
});
