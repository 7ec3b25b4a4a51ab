import { describe, expect, it } from "vitest";
import { accessLines, accessesOf, allAccessLines, functionNamed, lowerTs } from "./lower-helpers.js";

describe("shared-field keys for typed arrays", () => {
  it("uses the binding and a literal, a named constant, or nothing for a varying index", () => {
    const ir = lowerTs(`
      const TAIL = 1;
      const control = new Int32Array(new SharedArrayBuffer(8));
      export function touch(i: number) {
        Atomics.load(control, 0);
        Atomics.load(control, TAIL);
        Atomics.load(control, i);
        Atomics.load(control, TAIL + 1);
      }`);
    expect(accessLines(ir, "touch")).toEqual([
      "load control[0] seqcst Atomics.load",
      "load control[TAIL] seqcst Atomics.load",
      "load control[] seqcst Atomics.load",
      "load control[] seqcst Atomics.load",
    ]);
  });

  it("treats imports, constants computed from constants and enum members as named constants", () => {
    const ir = lowerTs(`
      import { HEAD } from "./layout.js";
      enum Slot { Ready, Done }
      const Layout = { FLAG: 2 } as const;
      const BASE = 4;
      const NEXT = BASE * 2;
      let counter = 0;
      const words = new Int32Array(new SharedArrayBuffer(64));
      export function f() {
        Atomics.store(words, HEAD, 1);
        Atomics.store(words, Slot.Done, 1);
        Atomics.store(words, Layout.FLAG, 1);
        Atomics.store(words, NEXT, 1);
        Atomics.store(words, counter, 1);
      }`);
    expect(accessLines(ir, "f").map((line) => line.split(" ")[1])).toEqual(["words[HEAD]", "words[Slot:Done]", "words[Layout:FLAG]", "words[NEXT]", "words[]"]);
  });

  it("keys a class field by class name, whether declared, assigned in the constructor or a parameter property", () => {
    const ir = lowerTs(`
      export class Ring {
        readonly head: Int32Array;
        tail = new Int32Array(new SharedArrayBuffer(4));
        private slots;
        constructor(buffer: SharedArrayBuffer, private readonly meta: Int32Array) {
          this.head = new Int32Array(buffer, 0, 1);
          this.slots = new Float64Array(buffer, 8);
        }
        push(v: number) {
          const h = Atomics.load(this.head, 0);
          this.slots[h] = v;
          const alias = this.tail;
          Atomics.store(alias, 0, h + 1);
          Atomics.notify(this.meta, 0);
        }
      }`);
    expect(accessLines(ir, "Ring.push")).toEqual([
      "load Ring.head[0] seqcst Atomics.load",
      "store Ring.slots[] plain",
      "store Ring.tail[0] seqcst Atomics.store",
      "rmw Ring.meta[0] seqcst Atomics.notify",
    ]);
    expect(ir.types.structs.Ring).toEqual({
      head: { name: "Int32Array", category: "typed-array", size: 4 },
      meta: { name: "Int32Array", category: "typed-array", size: 4 },
      slots: { name: "Float64Array", category: "typed-array", size: 8 },
      tail: { name: "Int32Array", category: "typed-array", size: 4 },
    });
  });

  it("keys what a worker receives by its property path in the message", () => {
    const ir = lowerTs(`
      import { parentPort, workerData } from "node:worker_threads";
      const { ring } = workerData;
      const counters = workerData.stats.counters;
      self.onmessage = (event) => { Atomics.store(event.data.flags, 0, 1); };
      addEventListener("message", ({ data }) => { Atomics.store(data.view, 1, 1); });
      parentPort!.on("message", (msg) => { Atomics.add(msg.total, 0, 1); });
      while (Atomics.load(ring, 0) === 0) {}
      counters[2] = 5;
    `, { file: "/project/worker.ts" });
    expect(allAccessLines(ir)).toEqual([
      "<module>: load ring[0] seqcst Atomics.load",
      "<module>: store stats.counters[2] plain",
      "self.onmessage: store flags[0] seqcst Atomics.store",
      "addEventListener:message@6: store view[1] seqcst Atomics.store",
      "parentPort.on:message@7: rmw total[0] seqcst Atomics.add",
    ]);
  });

  it("keys the sender's binding by the name it is posted under, so both threads agree", () => {
    const ir = lowerTs(`
      import { Worker } from "node:worker_threads";
      const sab = new SharedArrayBuffer(16);
      const localFlags = new Int32Array(sab);
      const payload = new Int32Array(sab, 8);
      const shared = { flags: localFlags };
      new Worker("./worker.js", { workerData: { nested: { payload } } });
      const port = new MessageChannel().port1;
      port.postMessage(shared);
      export function signal() { payload[0] = 7; Atomics.store(localFlags, 0, 1); }`);
    expect(accessLines(ir, "signal")).toEqual(["store nested.payload[0] plain", "store flags[0] seqcst Atomics.store"]);
  });

  it("falls back to ?.field, matching any owner, when an object's type is unknown", () => {
    const ir = lowerTs(`export function poll(shared: any) { return Atomics.load(shared.flags, 0); }`);
    const [access] = accessesOf(functionNamed(ir, "poll"));
    expect(access!.key).toEqual({ id: "?.flags[0]", confidence: "owner-unknown" });
  });

  it("keys a typed-array parameter by its name", () => {
    const ir = lowerTs(`export function publish(flags: Int32Array, data: Int32Array) { data[1] = 3; Atomics.store(flags, 0, 1); }`);
    expect(accessLines(ir, "publish")).toEqual(["store data[1] plain", "store flags[0] seqcst Atomics.store"]);
  });
});
