import { describe, expect, it } from "vitest";
import { accessLines, lowerTs } from "./lower-helpers.js";

/** Plain element accesses are events only on memory another thread can see. */
describe("which typed arrays are shared", () => {
  const plainStoresIn = (declarations: string, target: string) =>
    accessLines(lowerTs(`${declarations}\nexport function write(v: number) { ${target}[0] = v; }`), "write");

  it.each([
    ["a view of a new SharedArrayBuffer", "const sab = new SharedArrayBuffer(8); const view = new Int32Array(sab);", "view"],
    ["a view of a buffer typed SharedArrayBuffer", "declare const sab: SharedArrayBuffer; const view = new Uint8Array(sab, 4);", "view"],
    ["a view of another shared view's buffer", "const a = new Int32Array(new SharedArrayBuffer(8)); const view = new Float64Array(a.buffer);", "view"],
    ["an array annotated as a typed array", "declare const view: Int32Array;", "view"],
    ["an array annotated over a SharedArrayBuffer", "declare const view: Int32Array<SharedArrayBuffer>;", "view"],
    ["a view of a buffer from workerData", "import { workerData } from 'node:worker_threads'; const view = new Int32Array(workerData.sab);", "view"],
  ])("records plain accesses to %s", (_label, declarations, target) => {
    expect(plainStoresIn(declarations, target)).toEqual([`store ${target}[0] plain`]);
  });

  it.each([
    ["an array of a given length", "const view = new Int32Array(16);"],
    ["a view of a private ArrayBuffer", "const view = new Int32Array(new ArrayBuffer(64));"],
    ["a copy of another array", "const source = new Int32Array(new SharedArrayBuffer(8)); const view = new Int32Array(source);"],
    ["an array annotated over an ArrayBuffer", "declare const view: Int32Array<ArrayBuffer>;"],
    ["an ordinary array", "const view: number[] = [];"],
    ["a view of a buffer of unknown origin that no Atomics call uses", "declare const buffer: any; const view = new Int32Array(buffer);"],
  ])("ignores plain accesses to %s", (_label, declarations) => {
    expect(plainStoresIn(declarations, "view")).toEqual([]);
  });

  it("counts a view of unknown origin as shared once some Atomics call in the file uses it", () => {
    const ir = lowerTs(`
      declare const buffer: any;
      const view = new Int32Array(buffer);
      export function write(v: number) { view[1] = v; Atomics.store(view, 0, 1); }`);
    expect(accessLines(ir, "write")).toEqual(["store view[1] plain", "store view[0] seqcst Atomics.store"]);
  });

  it("records Atomics calls on any array, shared or not, since they are accesses whatever the memory", () => {
    const ir = lowerTs(`const local = new Int32Array(4); export function f() { Atomics.add(local, 0, 1); }`);
    expect(accessLines(ir, "f")).toEqual(["rmw local[0] seqcst Atomics.add"]);
  });

  it("reads `x[i] += v` and `x[i]++` as a plain load and a plain store", () => {
    const ir = lowerTs(`
      const hits = new Int32Array(new SharedArrayBuffer(8));
      export function count() { hits[0] += 2; hits[1]++; }`);
    expect(accessLines(ir, "count")).toEqual(["load hits[0] plain", "store hits[0] plain", "load hits[1] plain", "store hits[1] plain"]);
  });
});
