import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as tsParser from "@typescript-eslint/parser";
import { Linter, type ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { PRESET_DIALECTS } from "../src/analysis/dialects/registry.js";

const docsDirectory = new URL("../docs/rules/", import.meta.url);
const ruleNames = Object.keys(plugin.rules).sort();
const pages = readdirSync(docsDirectory).filter((file) => file.endsWith(".md")).map((file) => file.slice(0, -3)).sort();

const REQUIRED_SECTIONS = [/^## Why/mu, /^## Incorrect/mu, /^## Correct/mu, /^## Options/mu, /^## Limits/mu];

/**
 * A code block is an example when its first line is a comment saying `incorrect` or `correct`,
 * optionally with a dialect preset in parentheses: `/* incorrect (linux) *\/`, `// correct`.
 */
const EXAMPLE_MARKER = /^(?:\/\*|\/\/)\s*(incorrect|correct)(?:\s*\(([a-z0-9]+)\))?\s*(?:\*\/)?\s*$/u;

interface Example { kind: "incorrect" | "correct"; preset: string | undefined; language: "c" | "ts"; code: string; line: number }

function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  const fence = /^```(c|ts)\n([\s\S]*?)^```/gmu;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    const code = match[2]!;
    const marker = EXAMPLE_MARKER.exec(code.split("\n", 1)[0]!);
    if (!marker) continue;
    examples.push({
      kind: marker[1] as Example["kind"],
      preset: marker[2],
      language: match[1] as Example["language"],
      code,
      line: markdown.slice(0, match.index).split("\n").length,
    });
  }
  return examples;
}

function lintExample(ruleName: string, example: Example) {
  const linter = new Linter({ configType: "flat" });
  const preset = example.preset ?? (example.language === "c" ? "recommended" : "js");
  const settings = { barriers: { dialects: [...PRESET_DIALECTS[preset]!], project: { enabled: false } } };
  const config: Linter.Config = example.language === "c"
    ? { files: ["**/*.c"], plugins: { barriers: plugin as ESLint.Plugin }, language: "barriers/c", settings, rules: { [`barriers/${ruleName}`]: "error" } }
    : { files: ["**/*.ts"], plugins: { barriers: plugin as ESLint.Plugin }, languageOptions: { parser: tsParser }, settings, rules: { [`barriers/${ruleName}`]: "error" } };
  return linter.verify(example.code, [config], example.language === "c" ? "example.c" : "example.ts");
}

describe("rule documentation", () => {
  it("has exactly one page per rule", () => {
    expect(pages).toEqual(ruleNames);
  });

  describe.each(ruleNames)("docs/rules/%s.md", (ruleName) => {
    // A missing page fails "has exactly one page per rule"; the checks below then see an empty page.
    const page = new URL(`${ruleName}.md`, docsDirectory);
    const markdown = existsSync(page) ? readFileSync(page, "utf8") : "";

    it("has a title naming the rule and the required sections", () => {
      expect(markdown.startsWith(`# barriers/${ruleName}`)).toBe(true);
      for (const section of REQUIRED_SECTIONS) expect(markdown).toMatch(section);
    });

    it("has at least one incorrect and one correct example", () => {
      const kinds = new Set(examplesOf(markdown).map((example) => example.kind));
      expect(kinds).toEqual(new Set(["incorrect", "correct"]));
    });

    it.each(examplesOf(markdown).map((example) => [`${example.kind} example at line ${example.line}`, example] as const))(
      "%s is reported exactly when it is incorrect", (_label, example) => {
        const messages = lintExample(ruleName, example);
        expect(messages.filter((message) => message.fatal)).toEqual([]);
        const reports = messages.filter((message) => message.ruleId === `barriers/${ruleName}`);
        if (example.kind === "incorrect") expect(reports.length).toBeGreaterThan(0);
        else expect(reports).toEqual([]);
      },
    );
  });
});
