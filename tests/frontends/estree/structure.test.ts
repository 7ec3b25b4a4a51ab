import { describe, expect, it } from "vitest";
import type { Branch, Loop } from "../../../src/analysis/ir/events.js";
import { accessesOf, describeAccess, flatten, functionNamed, lowerTs } from "./lower-helpers.js";

const layout = `
const READY = 0;
const state = new Int32Array(new SharedArrayBuffer(8));
const data = new Int32Array(new SharedArrayBuffer(64));
`;

describe("function structure", () => {
  it("opens a while loop's body with its condition, and closes a do-while's", () => {
    const ir = lowerTs(`${layout}
      export function spin() { while (Atomics.load(state, READY) === 0) { data[1]; } }
      export function retry() { let seen; do { seen = data[2]; } while (Atomics.load(state, READY) !== 1); return seen; }`);
    const [whileLoop] = functionNamed(ir, "spin").body as Loop[];
    expect(whileLoop).toMatchObject({ kind: "loop", loopKind: "while" });
    expect(whileLoop!.body.map((event) => event.kind === "access" ? describeAccess(event) : event.kind)).toEqual([
      "load state[READY] seqcst Atomics.load", "load data[1] plain",
    ]);
    expect(whileLoop!.conditionLoads).toEqual([whileLoop!.body[0]!.id]);
    const [doLoop] = functionNamed(ir, "retry").body as Loop[];
    expect(doLoop!.loopKind).toBe("do");
    expect(doLoop!.body.map((event) => event.kind === "access" ? describeAccess(event) : event.kind)).toEqual([
      "load data[2] plain", "load state[READY] seqcst Atomics.load",
    ]);
    expect(doLoop!.conditionLoads).toEqual([doLoop!.body[1]!.id]);
  });

  it("puts a for loop's init before the loop and its update at the end of the body", () => {
    const ir = lowerTs(`${layout}
      export function drain() { for (let i = Atomics.load(state, 1); i < data[0]; i = Atomics.add(state, 1, 1)) { data[i]; } }`);
    const events = functionNamed(ir, "drain").body;
    expect(events.map((event) => event.kind)).toEqual(["access", "loop"]);
    const loop = events[1] as Loop;
    expect(loop.body.map((event) => event.kind === "access" ? describeAccess(event) : event.kind)).toEqual([
      "load data[0] plain", "load data[] plain", "rmw state[1] seqcst Atomics.add",
    ]);
    expect(loop.conditionLoads).toEqual([events[0]!.id, loop.body[0]!.id]);
  });

  it("records branches with the loads of their condition and control dependencies in the arms", () => {
    const ir = lowerTs(`${layout}
      export function take() {
        const ready = Atomics.load(state, READY);
        if (ready === 1) { return data[0]; } else { data[1] = 0; }
      }`);
    const [load, branch] = functionNamed(ir, "take").body as [{ id: string }, Branch];
    expect(branch.kind).toBe("branch");
    expect(branch.conditionLoads).toEqual([load.id]);
    expect(branch.arms).toHaveLength(2);
    const [read, exit] = branch.arms[0]!;
    expect(read).toMatchObject({ kind: "access", op: "load", dependsOn: [{ loadId: load.id, via: "control" }] });
    expect(exit).toMatchObject({ kind: "exit", exitKind: "return" });
    expect(branch.arms[1]![0]).toMatchObject({ kind: "access", op: "store", dependsOn: [{ loadId: load.id, via: "control" }] });
  });

  it("tells address dependencies from value dependencies", () => {
    const ir = lowerTs(`${layout}
      export function consume() {
        const head = Atomics.load(state, 1);
        const value = data[head & 7];
        Atomics.store(state, 2, value);
      }`);
    const [head, read, store] = accessesOf(functionNamed(ir, "consume"));
    expect(read!.dependsOn).toEqual([{ loadId: head!.id, via: "address" }]);
    expect(store!.dependsOn).toEqual([{ loadId: read!.id, via: "value" }]);
  });

  it("evaluates the right-hand side before the store, and arguments before the call", () => {
    const ir = lowerTs(`${layout}
      export function copy() { data[0] = data[1]; Atomics.store(state, 0, Atomics.load(state, 1)); }`);
    expect(accessesOf(functionNamed(ir, "copy")).map(describeAccess)).toEqual([
      "load data[1] plain", "store data[0] plain", "load state[1] seqcst Atomics.load", "store state[0] seqcst Atomics.store",
    ]);
  });

  it("gives calls their callee: functions by name, methods as Class.method, namespace imports by name", () => {
    const ir = lowerTs(`
      import * as ring from "./ring.js";
      class Queue { push() {} flush() { this.push(); } }
      function helper() {}
      export function run(q: Queue) { helper(); q.push(); ring.publish(); console.log("x"); new Queue().flush(); }`);
    const calls = flatten(functionNamed(ir, "run").body).filter((event) => event.kind === "call").map((event) => event.kind === "call" && event.callee);
    expect(calls).toEqual(["helper", "Queue.push", "publish", "Queue.flush"]);
    expect(flatten(functionNamed(ir, "Queue.flush").body)).toMatchObject([{ kind: "call", callee: "Queue.push" }]);
  });

  it("names and qualifies functions: exported ones by name, the others by file, top-level code as <module>", () => {
    const ir = lowerTs(`${layout}
      export function publish() { Atomics.store(state, 0, 1); }
      const local = () => Atomics.load(state, 0);
      export class Ring { pop() { return Atomics.load(state, 1); } }
      Atomics.store(state, 1, 0);
      setTimeout(() => Atomics.notify(state, 0), 10);`, { file: "/project/src/ring.ts" });
    expect(ir.functions.map((fn) => [fn.name, fn.qualifiedName, fn.isStatic])).toEqual([
      ["<module>", "ring.ts::<module>", true],
      ["publish", "publish", false],
      ["local", "ring.ts::local", true],
      ["Ring.pop", "Ring.pop", false],
      ["setTimeout@10", "ring.ts::setTimeout@10", true],
    ]);
    expect(accessesOf(functionNamed(ir, "publish"))[0]!.id).toBe("publish#1");
    expect(accessesOf(functionNamed(ir, "local"))[0]!.id).toBe("ring.ts::local#1");
  });

  it("marks functions that only forward a primitive to their parameters as wrappers, and ports of primitives", () => {
    const ir = lowerTs(`${layout}
      export function load(view: Int32Array, i: number) { return Atomics.load(view, i); }
      export function ready() { return Atomics.load(state, READY); }
      export function smp_wmb() { Atomics.add(state, 7, 0); }
      export function full() { smp_mb(); }`);
    expect(ir.functions.map((fn) => [fn.name, fn.isPrimitiveWrapper])).toEqual([
      ["load", true], ["ready", false], ["smp_wmb", true], ["full", true],
    ]);
  });

  it("lowers .js and .tsx sources too", () => {
    const js = lowerTs(`const f = new Int32Array(new SharedArrayBuffer(4)); export function go() { Atomics.store(f, 0, 1); }`, { file: "/p/a.mjs" });
    expect(accessesOf(functionNamed(js, "go")).map(describeAccess)).toEqual(["store f[0] seqcst Atomics.store"]);
    const tsx = lowerTs(`const f = new Int32Array(new SharedArrayBuffer(4)); export const View = () => <div>{Atomics.load(f, 0)}</div>;`, { file: "/p/v.tsx" });
    expect(accessesOf(functionNamed(tsx, "View")).map(describeAccess)).toEqual(["load f[0] seqcst Atomics.load"]);
  });
});

describe("robustness", () => {
  it("survives class fields assigned from each other", () => {
    const ir = lowerTs(`
      export class Knot {
        a; b;
        constructor() { this.a = this.b; this.b = this.a; }
        read() { return Atomics.load(this.a, 0); }
      }`);
    expect(accessesOf(functionNamed(ir, "Knot.read")).map(describeAccess)).toEqual(["load Knot.a[0] seqcst Atomics.load"]);
  });

  it("survives generated expressions nested as deep as the parser accepts", () => {
    const sum = Array.from({ length: 800 }, (_, index) => `data[${index % 4}]`).join(" + ");
    const ir = lowerTs(`${layout}\nexport function total() { return ${sum}; }`);
    expect(accessesOf(functionNamed(ir, "total")).length).toBeGreaterThan(100);
  });
});
