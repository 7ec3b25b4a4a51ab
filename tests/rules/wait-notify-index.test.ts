import * as tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { analyze } from "../../src/analysis/analyze.js";
import { waitNotifyIndexChecker } from "../../src/analysis/js-checks/index.js";
import { projectViewOf } from "../../src/analysis/project-view.js";
import { analysisOptionsFromSettings } from "../../src/analysis/settings.js";
import { lowerEstreeFile } from "../../src/frontends/estree/lower-file.js";

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
      name: "wait and notify on the same named index",
      filename: "pool.ts",
      code: `${layout}
        export function sleep() { Atomics.wait(control, READY, 0); }
        export function wake() { Atomics.store(control, READY, 1); Atomics.notify(control, READY); }`,
    },
    {
      name: "a notify on a computed index may wake any waiter",
      filename: "pool.ts",
      code: `${layout}
        export function sleep() { Atomics.wait(control, DONE, 0); }
        export function wake(slot: number) { Atomics.notify(control, slot); }`,
    },
    {
      name: "a wait with no notify on that array in the file is not judged (the notifier may be elsewhere)",
      filename: "pool.ts",
      code: `${layout}
        export function sleep() { Atomics.wait(control, READY, 0); }`,
    },
    {
      name: "waits and notifies on different arrays are unrelated",
      filename: "pool.ts",
      code: `${layout}
        const other = new Int32Array(new SharedArrayBuffer(8));
        export function sleep() { Atomics.wait(control, READY, 0); }
        export function wake() { Atomics.notify(other, DONE); }`,
    },
    {
      name: "every index is waited on and notified",
      filename: "pool.ts",
      code: `${layout}
        export function sleep() { Atomics.wait(control, READY, 0); Atomics.wait(control, DONE, 0); }
        export function wake() { Atomics.notify(control, DONE); Atomics.notify(control, READY); }`,
    },
  ],
  invalid: [
    {
      name: "the waiter sleeps on READY, the notifier wakes DONE",
      filename: "pool.ts",
      code: `${layout}
        export function sleep() {
          while (Atomics.load(control, READY) === 0) Atomics.wait(control, READY, 0);
        }
        export function wake() {
          Atomics.store(control, READY, 1);
          Atomics.notify(control, DONE);
        }`,
      errors: [
        { messageId: "waitNeverNotified", data: { method: "Atomics.wait", array: "control", index: "READY", otherIndexes: "DONE" }, line: 7 },
        { messageId: "notifyWakesNoWaiter", data: { array: "control", index: "DONE", otherIndexes: "READY" }, line: 11 },
      ],
    },
    {
      name: "literal indexes on a class field, waitAsync included",
      filename: "latch.ts",
      code: `
        export class Latch {
          readonly cells = new Int32Array(new SharedArrayBuffer(8));
          async arrive() { await Atomics.waitAsync(this.cells, 0, 0).value; }
          release() { Atomics.store(this.cells, 0, 1); Atomics.notify(this.cells, 1); }
        }`,
      errors: [
        { messageId: "waitNeverNotified", data: { method: "Atomics.waitAsync", array: "Latch.cells", index: "0", otherIndexes: "1" }, line: 4 },
        { messageId: "notifyWakesNoWaiter", data: { array: "Latch.cells", index: "1", otherIndexes: "0" }, line: 5 },
      ],
    },
  ],
});

describe("wait-notify-index across a main thread and a worker", () => {
  const options = analysisOptionsFromSettings({ dialects: ["js"] });
  const lower = (file: string, code: string) => {
    const ast = tsParser.parse(code, { range: true, loc: true });
    return { file, code, ast, ir: lowerEstreeFile(file, code, ast, options) };
  };
  const main = lower("/project/main.ts", `
    const sab = new SharedArrayBuffer(8);
    const signal = new Int32Array(sab);
    const worker = new Worker(new URL("./worker.ts", import.meta.url));
    worker.postMessage({ doorbell: signal });
    export function ring() { Atomics.store(signal, 0, 1); Atomics.notify(signal, 1); }`);
  const worker = lower("/project/worker.ts", `
    self.onmessage = (event: MessageEvent) => {
      const bell = event.data.doorbell;
      Atomics.wait(bell, 0, 0);
    };`);
  const findingsOf = (side: typeof main) => analyze({
    file: side.file, fileIR: side.ir, syntax: { language: "js", text: side.code, ast: side.ast },
    project: projectViewOf([main.ir, worker.ir]), options,
  }, [waitNotifyIndexChecker]).findings;

  it("keys the posted array by the name the worker reads it by, and reports each side in its own file", () => {
    const [onWorker] = findingsOf(worker);
    expect(onWorker).toMatchObject({ messageId: "waitNeverNotified", data: { array: "doorbell", index: "0", otherIndexes: "1" } });
    expect(onWorker!.related.map((related) => [related.site.file, related.site.line])).toEqual([["/project/main.ts", 6]]);
    const [onMain] = findingsOf(main);
    expect(onMain).toMatchObject({ messageId: "notifyWakesNoWaiter", site: { file: "/project/main.ts", line: 6 } });
  });

  it("finds nothing once the notify targets the waited index", () => {
    const fixed = lower("/project/main.ts", main.code.replace("Atomics.notify(signal, 1)", "Atomics.notify(signal, 0)"));
    const result = analyze({
      file: worker.file, fileIR: worker.ir, syntax: { language: "js", text: worker.code, ast: worker.ast },
      project: projectViewOf([fixed.ir, worker.ir]), options,
    }, [waitNotifyIndexChecker]);
    expect(result.findings).toEqual([]);
  });
});
