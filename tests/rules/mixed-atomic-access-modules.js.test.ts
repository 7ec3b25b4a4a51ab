import { readFileSync } from "node:fs";
import path from "node:path";
import * as tsParser from "@typescript-eslint/parser";
import { ESLint, RuleTester, type Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { analyzeFixture, JS_FIXTURES } from "../fixtures/js/js-project.js";
import { allAccessLines, lowerTs } from "../frontends/estree/lower-helpers.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const barriers = plugin as unknown as ESLint.Plugin & { configs: Record<string, Linter.Config>; rules: Record<string, unknown> };

/** A module of a fixture project, linted with the project index reading the whole fixture. */
function fixtureCase(fixture: string, name: string) {
  const root = path.join(JS_FIXTURES, fixture);
  const filename = path.join(root, name);
  return { filename, code: readFileSync(filename, "utf8"), settings: { barriers: { dialects: ["js"], project: { root, cacheDirectory: false } } } };
}

const broken = fixtureCase("import-spin-broken", "consumer.ts");
const replaced = (from: string, to: string) => broken.code.replace(from, to);

new RuleTester({ languageOptions: { parser: tsParser } }).run("mixed-atomic-access across modules", barriers.rules["mixed-atomic-access"] as never, {
  valid: [{ name: "the consumer that waits with Atomics.load() and Atomics.wait()", ...fixtureCase("import-spin", "consumer.ts") }],
  invalid: [{
    name: "the consumer that spins on plain reads of slots the producer stores with Atomics",
    ...broken,
    errors: [
      {
        messageId: "mixed",
        line: 7,
        data: {
          what: "read", key: "cells[READY]", function: "awaitAnswer", atomicApi: "Atomics.store()", atomicFunction: "publish",
          atomicLocation: "producer.ts:6", more: " and 1 other place", fix: "Atomics.load()", lockNote: "",
        },
        suggestions: [
          { messageId: "useAtomics", output: replaced("while (flags[READY] === IDLE) {}", "while (Atomics.load(flags, READY) === IDLE) {}") },
          {
            messageId: "waitInsteadOfSpinning",
            // IDLE is imported through the layout's `export *`: its value is read in shared.ts.
            output: replaced("while (flags[READY] === IDLE) {}", "while (Atomics.load(flags, READY) === IDLE) Atomics.wait(flags, READY, IDLE);"),
          },
        ],
      },
      {
        // Nothing notifies the bell, so a waiter would sleep for ever: no Atomics.wait() here.
        messageId: "mixed",
        line: 12,
        suggestions: [{ messageId: "useAtomics", output: replaced("while (!bell[0]) {}", "while (!Atomics.load(bell, 0)) {}") }],
      },
    ],
  }],
});

describe("the suggestions for the spinning consumer", () => {
  it("re-lint clean with every rule of the plugin that runs on TS/JS on", async () => {
    const rules = Object.fromEntries(Object.entries(barriers.rules)
      .filter(([, rule]) => (rule as { meta: { languages: string[] } }).meta.languages.includes("js/js"))
      .map(([name]) => [`barriers/${name}`, "error" as const]));
    expect(Object.keys(rules).length).toBeGreaterThan(5);
    const eslint = new ESLint({
      cwd: path.join(JS_FIXTURES, "import-spin-broken"),
      overrideConfigFile: true,
      overrideConfig: [{ ...barriers.configs.js!, settings: broken.settings, rules }],
    });
    const lint = async (text: string) => (await eslint.lintText(text, { filePath: broken.filename }))[0]!.messages;
    const [answer, bell] = await lint(broken.code);
    expect([answer?.ruleId, bell?.ruleId]).toEqual(["barriers/mixed-atomic-access", "barriers/mixed-atomic-access"]);
    // The bell's fix comes later in the text: applied first, it leaves the other fixes' ranges valid.
    const withBellFixed = applied(broken.code, bell!.suggestions![0]!.fix);
    const outputs = answer!.suggestions!.map((suggestion) => applied(withBellFixed, suggestion.fix));
    expect(outputs).toHaveLength(2);
    for (const text of outputs) expect((await lint(text)).map((message) => `${message.line} ${message.ruleId}: ${message.message}`)).toEqual([]);
  });

  it("are what the fixture's correct twin was written as, and the analysis finds nothing there", () => {
    // The twin is clean because its loads are the producer's location, not because they went unseen.
    const keysOf = (name: string, api: string) => {
      const file = path.join(JS_FIXTURES, "import-spin", name);
      return allAccessLines(lowerTs(readFileSync(file, "utf8"), { file, dialects: ["js"] })).filter((line) => line.endsWith(api));
    };
    expect(keysOf("producer.ts", "Atomics.store")).toEqual([
      "publish: store cells[ANSWER] seqcst Atomics.store", "publish: store cells[READY] seqcst Atomics.store", "ring: store bell[0] seqcst Atomics.store",
    ]);
    expect(keysOf("consumer.ts", "Atomics.load")).toEqual([
      "awaitAnswer: load cells[READY] seqcst Atomics.load", "awaitAnswer: load cells[ANSWER] seqcst Atomics.load", "awaitBell: load bell[0] seqcst Atomics.load",
    ]);
    expect(analyzeFixture("import-spin").lines).toEqual([]);
    expect(analyzeFixture("import-spin-broken").lines).toEqual(["consumer.ts:7 mixed-atomic-access/mixed", "consumer.ts:12 mixed-atomic-access/mixed"]);
  });
});

/** `text` with one fix applied. */
function applied(text: string, fix: { range: [number, number]; text: string }): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}
