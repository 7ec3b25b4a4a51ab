import * as tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { analyze } from "../../src/analysis/analyze.js";
import { waitNotifyIndexChecker } from "../../src/analysis/js-checks/index.js";
import { projectViewOf } from "../../src/analysis/project-view.js";
import { analysisOptionsFromSettings } from "../../src/analysis/settings.js";
import { lowerEstreeFile } from "../../src/frontends/estree/lower-file.js";
import { analyzeFixture } from "../fixtures/js/js-project.js";

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
const DONE = 1;
const control = new Int32Array(new SharedArrayBuffer(8));
`;

ruleTester.run("wait-notify-index", plugin.rules["wait-notify-index"]!, {
  valid: [
    {
      name: "wait and notify on the index whose value changes",
      filename: "pool.ts",
      code: `${layout}
        export function sleep() { while (Atomics.load(control, READY) === 0) Atomics.wait(control, READY, 0); }
        export function wake() { Atomics.store(control, READY, 1); Atomics.notify(control, READY); }`,
    },
    {
      name: "both halves of a ring in one file: each side waits on the other's index and notifies its own",
      filename: "ring.ts",
      code: `
        const HEAD = 0;
        const TAIL = 1;
        const control = new Int32Array(new SharedArrayBuffer(8));
        export function push() {
          const head = Atomics.load(control, HEAD);
          for (;;) { const tail = Atomics.load(control, TAIL); if (head - tail < 16) break; Atomics.wait(control, TAIL, tail); }
          Atomics.store(control, HEAD, head + 1);
          Atomics.notify(control, HEAD);
        }
        export function pop() {
          const tail = Atomics.load(control, TAIL);
          for (;;) { const head = Atomics.load(control, HEAD); if (head !== tail) break; Atomics.wait(control, HEAD, head); }
          Atomics.store(control, TAIL, tail + 1);
          Atomics.notify(control, TAIL);
        }`,
    },
    {
      name: "a notify on a computed index may wake any waiter",
      filename: "pool.ts",
      code: `${layout}
        export function wake(slot: number) { Atomics.store(control, DONE, 1); Atomics.notify(control, slot); }`,
    },
    {
      name: "a notify in a function that changed nothing in the array is not judged (the change is elsewhere)",
      filename: "pool.ts",
      code: `${layout}
        export function wakeAll() { Atomics.notify(control, DONE); }`,
    },
    {
      name: "a notify after changing several indexes, the notified one among them",
      filename: "pool.ts",
      code: `${layout}
        export function finish() { Atomics.store(control, READY, 0); Atomics.add(control, DONE, 1); Atomics.notify(control, DONE); }`,
    },
    {
      name: "writes to another array do not count",
      filename: "pool.ts",
      code: `${layout}
        const other = new Int32Array(new SharedArrayBuffer(8));
        export function wake() { Atomics.store(other, READY, 1); Atomics.notify(control, DONE); }`,
    },
    {
      name: "a wait outside a loop, or in a loop that reads nothing of the array, is not judged",
      filename: "pool.ts",
      code: `${layout}
        declare function more(): boolean;
        export function once() { Atomics.wait(control, DONE, 0); }
        export function loop() { while (more()) Atomics.wait(control, DONE, 0); }`,
    },
  ],
  invalid: [
    {
      name: "READY is set, DONE is notified",
      filename: "pool.ts",
      code: `${layout}
        export function wake() {
          Atomics.store(control, READY, 1);
          Atomics.notify(control, DONE);
        }`,
      errors: [{ messageId: "notifyOtherIndex", data: { array: "control", index: "DONE", written: "READY", function: "wake" }, line: 8 }],
    },
    {
      name: "the loop re-checks HEAD but sleeps on TAIL",
      filename: "ring.ts",
      code: `
        const HEAD = 0;
        const TAIL = 1;
        const control = new Int32Array(new SharedArrayBuffer(8));
        export function pop(tail: number) {
          while (Atomics.load(control, HEAD) === tail) {
            Atomics.wait(control, TAIL, tail);
          }
        }`,
      errors: [{ messageId: "waitOtherIndex", data: { method: "Atomics.wait", array: "control", index: "TAIL", read: "HEAD" }, line: 7 }],
    },
    {
      name: "literal indexes on a class field, waitAsync included",
      filename: "latch.ts",
      code: `
        export class Latch {
          readonly cells = new Int32Array(new SharedArrayBuffer(8));
          async arrive() { while (Atomics.load(this.cells, 0) === 0) await Atomics.waitAsync(this.cells, 1, 0).value; }
          release() { Atomics.store(this.cells, 0, 1); Atomics.notify(this.cells, 1); }
        }`,
      errors: [
        { messageId: "waitOtherIndex", data: { method: "Atomics.waitAsync", array: "Latch.cells", index: "1", read: "0" }, line: 4 },
        { messageId: "notifyOtherIndex", data: { array: "Latch.cells", index: "1", written: "0", function: "Latch.release" }, line: 5 },
      ],
    },
    {
      name: "a plain .js worker",
      filename: "worker.mjs",
      code: `
        import { workerData } from "node:worker_threads";
        const { gate } = workerData;
        export function open() { Atomics.store(gate, 0, 1); Atomics.notify(gate, 2); }`,
      errors: [{ messageId: "notifyOtherIndex", data: { array: "gate", index: "2", written: "0", function: "open" } }],
    },
  ],
});

describe("wait-notify-index across a main thread and a worker", () => {
  const options = analysisOptionsFromSettings({ dialects: ["js"] });
  const lower = (file: string, code: string) => {
    const ast = tsParser.parse(code, { range: true, loc: true });
    return { file, code, ast, ir: lowerEstreeFile(file, code, ast, options) };
  };
  // The store and the notify are in different functions, so only the project-wide view can tell.
  const mainCode = (notified: number) => `
    const sab = new SharedArrayBuffer(8);
    const signal = new Int32Array(sab);
    const worker = new Worker(new URL("./worker.ts", import.meta.url));
    worker.postMessage({ doorbell: signal });
    export function raise() { Atomics.store(signal, 0, 1); }
    export function ring() { Atomics.notify(signal, ${notified}); }`;
  const main = lower("/project/main.ts", mainCode(1));
  const worker = lower("/project/worker.ts", `
    self.onmessage = (event: MessageEvent) => {
      const bell = event.data.doorbell;
      Atomics.wait(bell, 0, 0);
    };`);
  const findingsOf = (side: typeof main, others: (typeof main)[], limitation?: string) => analyze({
    file: side.file, fileIR: side.ir, syntax: { language: "js", text: side.code, ast: side.ast },
    project: projectViewOf(others.map((other) => other.ir), limitation), options,
  }, [waitNotifyIndexChecker]).findings;

  it("keys the posted array by the name the worker reads it by, and reports each side in its own file", () => {
    const onWorker = findingsOf(worker, [main, worker]);
    expect(onWorker).toHaveLength(1);
    expect(onWorker[0]).toMatchObject({ messageId: "waitNeverNotified", data: { array: "doorbell", index: "0", otherIndexes: "1" }, site: { file: "/project/worker.ts", line: 4 } });
    expect(onWorker[0]!.related.map((related) => [related.site.file, related.site.line])).toEqual([["/project/main.ts", 7]]);
    const onMain = findingsOf(main, [main, worker]);
    expect(onMain).toHaveLength(1);
    expect(onMain[0]).toMatchObject({ messageId: "notifyWakesNoWaiter", data: { array: "doorbell", index: "1", otherIndexes: "0" }, site: { file: "/project/main.ts", line: 7 } });
  });

  it("finds nothing once the notify targets the waited index", () => {
    const fixed = lower("/project/main.ts", mainCode(0));
    expect(findingsOf(worker, [fixed, worker])).toEqual([]);
    expect(findingsOf(fixed, [fixed, worker])).toEqual([]);
  });

  it("says nothing project-wide when the index does not hold every file, or not the linted one", () => {
    expect(findingsOf(worker, [main, worker], "2 files matched but no front-end can read them")).toEqual([]);
    expect(findingsOf(worker, [main])).toEqual([]);
  });

  it("reports a mismatch seen locally once, as the local finding", () => {
    const both = lower("/project/main.ts", mainCode(1).replace("Atomics.store(signal, 0, 1); }", "Atomics.store(signal, 0, 1); Atomics.notify(signal, 1); }"));
    const onMain = findingsOf(both, [both, worker]);
    expect(onMain.map((finding) => [finding.messageId, finding.site.line])).toEqual([["notifyOtherIndex", 6], ["notifyWakesNoWaiter", 7]]);
  });
});

describe("wait-notify-index on the doorbell fixtures (tests/fixtures/js)", () => {
  it("accepts the doorbell whose two threads notify the indexes the other waits on", () => {
    expect(analyzeFixture("doorbell", ["wait-notify-index"]).lines).toEqual([]);
  });

  it("reports the main thread's wait that the worker's helper never notifies", () => {
    const { lines, findings } = analyzeFixture("doorbell-broken", ["wait-notify-index"]);
    expect(lines).toEqual(["main.ts:17 wait-notify-index/waitNeverNotified"]);
    expect(findings[0]!.data).toMatchObject({ array: "doorbell", index: "ANSWERED", otherIndexes: "RING" });
  });
});
