import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@typescript-eslint/parser";
import { describe, expect, it } from "vitest";
import { PRESET_DIALECTS } from "../../../src/analysis/dialects/registry.js";
import { analysisOptionsFromSettings } from "../../../src/analysis/settings.js";
import { lowerEstreeFile } from "../../../src/frontends/estree/lower-file.js";
import plugin from "../../../src/index.js";
import { JS_LANGUAGE } from "../../../src/rules/kit/rule-kit.js";
import { analyzeDirectory } from "../../fixtures/js/js-project.js";
import { accessesOf, describeAccess } from "./lower-helpers.js";

/** The SPSC ring of examples/ts, lowered as the project index would see it: both threads at once. */
const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../examples/ts");
const options = analysisOptionsFromSettings({ dialects: [...PRESET_DIALECTS.js!] });
const jsRules = new Set(Object.entries(plugin.rules)
  .filter(([, rule]) => (rule.meta?.languages as string[] | undefined)?.includes(JS_LANGUAGE)).map(([name]) => name));

function loadExample(directory: string) {
  return ["main.ts", "worker.ts"].map((name) => {
    const file = path.join(examples, directory, name);
    const text = fs.readFileSync(file, "utf8");
    const ast = parse(text, { range: true, loc: true });
    return { file, name, text, ast, ir: lowerEstreeFile(file, text, ast, options) };
  });
}

/** Findings of the given rules (every rule that claims JS by default), the ring's two files lowered as one project. */
function jsFindings(directory: string, rules: readonly string[] = [...jsRules]): string[] {
  return analyzeDirectory(path.join(examples, directory), "js", rules).lines;
}

describe("examples/ts SPSC ring", () => {
  it("keys both threads' accesses alike: the producer's stores are the consumer's loads", () => {
    const [main, worker] = loadExample("ring");
    const stores = new Set(main!.ir.functions.flatMap(accessesOf).filter((access) => access.op !== "load").map((access) => access.key.id));
    const loads = new Set(worker!.ir.functions.flatMap(accessesOf).filter((access) => access.op !== "store").map((access) => access.key.id));
    expect([...stores].filter((key) => loads.has(key)).sort()).toEqual(["control[HEAD]", "slots[]"]);
    const push = main!.ir.functions.find((fn) => fn.name === "push")!;
    expect(accessesOf(push).map(describeAccess).slice(-3)).toEqual([
      "store slots[] plain", "store control[HEAD] seqcst Atomics.store", "rmw control[HEAD] seqcst Atomics.notify",
    ]);
  });

  it("finds nothing in the correct ring, whatever rule claims JS", () => {
    expect(jsFindings("ring")).toEqual([]);
  });

  it("reports the broken ring's publication order: the slot written after HEAD's Atomics.store()", () => {
    expect(jsFindings("ring-broken", ["unpaired-barrier"])).toEqual(["main.ts:21 unpaired-barrier/misplacedStore"]);
  });

  it("reports the broken ring's wait/notify mismatch on both sides", () => {
    expect(jsFindings("ring-broken", ["atomics-array-type", "wait-notify-index"])).toEqual([
      "main.ts:22 wait-notify-index/notifyOtherIndex",
      "worker.ts:22 wait-notify-index/waitNeverNotified",
    ]);
  });
});
