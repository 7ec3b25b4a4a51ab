import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tsParser from "@typescript-eslint/parser";
import { ESLint, Linter } from "eslint";
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

/** Every Markdown page a user reads: the README and docs/, rule pages included. */
const userPages = ["README.md", ...readdirSync(new URL("../docs/", import.meta.url), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".md")).map((file) => `docs/${file.split(path.sep).join("/")}`)];

interface Snippet { page: string; line: number; code: string }

function snippetsOf(page: string, language: string): Snippet[] {
  const markdown = readFileSync(new URL(`../${page}`, import.meta.url), "utf8");
  const fence = new RegExp(`^\`\`\`${language}\n([\\s\\S]*?)^\`\`\``, "gmu");
  return [...markdown.matchAll(fence)].map((match) => ({ page, line: markdown.slice(0, match.index).split("\n").length, code: match[1]! }));
}

const PLUGIN_IMPORT = /^import barriers from "eslint-plugin-barriers";\n/mu;

/**
 * A config file as the docs show it, run as its module would run: the import of the plugin is the only
 * import it may have (the plugin from this checkout stands in for it), and it must export an array.
 */
function configOf(snippet: Snippet): Linter.Config[] {
  expect(snippet.code, "the file imports the plugin as the README says").toMatch(PLUGIN_IMPORT);
  const body = snippet.code.replace(PLUGIN_IMPORT, "");
  expect(body, "no other import").not.toMatch(/^import /mu);
  const exported = new Function("barriers", body.replace(/^export default /mu, "return "))(plugin) as unknown;
  expect(Array.isArray(exported), "a flat config array").toBe(true);
  return exported as Linter.Config[];
}

/** A small project with a C barrier that has no partner and a TS wait on an index nothing notifies. */
function projectForConfigs(): string {
  const root = mkdtempSync(path.join(tmpdir(), "barriers-docs-"));
  const files: Record<string, string> = {
    "src/writer.c": "struct S { int data; int ready; };\nvoid publish(struct S *s, int v)\n{\n    s->data = v;\n"
      + "    smp_wmb();\n    qatomic_set(&s->ready, 1);\n}\n",
    // The same mistake in DPDK's names, for the user-defined dialect of docs/dialects/dpdk.md.
    "src/rte_writer.c": "struct R { int data; int ready; };\nvoid rte_publish(struct R *r, int v)\n{\n    r->data = v;\n"
      + "    rte_smp_wmb();\n    rte_atomic_store_explicit(&r->ready, 1, rte_memory_order_relaxed);\n}\n",
    "src/ring.ts": "const HEAD = 0;\nconst TAIL = 1;\nconst control = new Int32Array(new SharedArrayBuffer(8));\n\n"
      + "export function publish(head: number): void {\n  Atomics.store(control, HEAD, head + 1);\n  Atomics.notify(control, TAIL);\n}\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const configSnippets = userPages.flatMap((page) => snippetsOf(page, "js")).filter((snippet) => /^export default /mu.test(snippet.code));

describe("config files shown in the docs", () => {
  it("are found (README, project index, silencing, the DPDK dialect)", () => {
    const pages = new Set(configSnippets.map((snippet) => snippet.page));
    for (const page of ["README.md", "docs/project-index.md", "docs/silencing.md", "docs/dialects/dpdk.md"]) expect(pages).toContain(page);
  });

  it.each(configSnippets.map((snippet) => [`${snippet.page}:${snippet.line}`, snippet] as const))(
    "%s is a valid config that reports on the files it covers", async (_where, snippet) => {
      const root = projectForConfigs();
      const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: configOf(snippet) });
      const results = await eslint.lintFiles(["."]);
      expect(results.flatMap((result) => result.messages.filter((message) => message.fatal))).toEqual([]);
      const reported = results.filter((result) => result.messages.some((message) => message.ruleId?.startsWith("barriers/")));
      // Each config knows one dialect's names: it must report the writer spelled in them.
      const reportedFiles = reported.map((result) => path.relative(root, result.filePath));
      expect(reportedFiles.filter((file) => ["writer.c", "rte_writer.c"].includes(path.basename(file))), reportedFiles.join(", ")).not.toEqual([]);
    },
  );

  it("the README's first config reports on a C file and a TS file", async () => {
    const root = projectForConfigs();
    const readme = configSnippets.find((snippet) => snippet.page === "README.md")!;
    const results = await new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: configOf(readme) }).lintFiles(["."]);
    const rulesByFile = Object.fromEntries(results.map((result) => [path.basename(result.filePath), result.messages.map((message) => message.ruleId)]));
    const said = results.flatMap((result) => result.messages.map((message) => `${path.basename(result.filePath)}: ${message.message}`)).join("\n");
    // The default tier: the unpaired barrier is a strict-tier report; its missing comment is a warning here.
    expect(rulesByFile["writer.c"], said).toContain("barriers/barrier-comment");
    expect(rulesByFile["writer.c"], said).not.toContain("barriers/unpaired-barrier");
    expect(rulesByFile["ring.ts"], said).toContain("barriers/wait-notify-index");
  });
});

/** `"barriers/<rule>": [severity, options]` as a rule page's Options section shows it. */
const optionSnippets = userPages.flatMap((page) => snippetsOf(page, "js")).filter((snippet) => /^"barriers\/[a-z-]+": \[/u.test(snippet.code));

describe("rule options shown in the docs", () => {
  it.each(optionSnippets.map((snippet) => [`${snippet.page}:${snippet.line}`, snippet] as const))("%s passes the rule's schema", (_where, snippet) => {
    const rules = new Function(`return { ${snippet.code} };`)() as Linter.RulesRecord;
    const language = (ruleName: string) => (plugin.rules[ruleName.slice("barriers/".length)]?.meta?.languages as string[]).includes("barriers/c");
    const [ruleId] = Object.keys(rules);
    const config: Linter.Config = language(ruleId!)
      ? { ...plugin.configs.recommended, settings: { barriers: { project: { enabled: false } } }, rules }
      : { ...plugin.configs.js, settings: { barriers: { project: { enabled: false } } }, rules };
    // ESLint validates the options against the rule's schema and throws when they do not fit.
    expect(() => new Linter({ configType: "flat" }).verify("", [config], language(ruleId!) ? "x.c" : "x.ts")).not.toThrow();
  });
});

describe("docs/silencing.md", () => {
  const [example] = snippetsOf("docs/silencing.md", "c");

  it("its directives silence every report of its C example, and the example has reports without them", () => {
    const lint = (code: string) => new Linter({ configType: "flat" }).verify(code, [{
      ...plugin.configs["qemu-strict"], settings: { barriers: { dialects: [...PRESET_DIALECTS.qemu!], project: { enabled: false } } },
      linterOptions: { reportUnusedDisableDirectives: "error" },
    } as Linter.Config], "example.c");
    expect(lint(example!.code)).toEqual([]);
    const withoutDirectives = example!.code.replace(/(?:\/\*|\/\/) eslint-(?:disable|enable)[^\n]*?(?:\*\/|$)/gmu, "");
    const rules = new Set(lint(withoutDirectives).map((message) => message.ruleId));
    expect(rules).toEqual(new Set(["barriers/unpaired-barrier", "barriers/barrier-comment"]));
  });
});

describe("examples/README.md", () => {
  it("lists every finding of the demo, each labelled intended or not, and nothing the demo does not report", () => {
    expect(existsSync(new URL("../dist/index.js", import.meta.url)), "run `npm run build` first: examples/eslint.config.js loads the built plugin").toBe(true);
    const run = spawnSync(process.execPath, ["tools/demo.mjs", "--check"], { cwd: new URL("..", import.meta.url), encoding: "utf8" });
    const unlisted = run.stdout.split("\n\n").filter((block) => /UNLISTED|^listed in examples/mu.test(block));
    expect(unlisted).toEqual([]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ 0 unlisted; 0 listed but not reported\.$/mu);
    expect(run.stdout).toMatch(/INTENDED {5}barriers\//u);
  });
});
