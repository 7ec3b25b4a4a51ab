import { fileURLToPath } from "node:url";
import { ESLint, Linter } from "eslint";
import plugin from "../../src/index.js";

const barriers = plugin as unknown as ESLint.Plugin;

export interface RuleRun {
  /** Dialect ids for `settings.barriers.dialects`; omitted means the plugin's default. */
  dialects?: readonly string[];
  /** The rule's ESLint options, after the severity. */
  options?: readonly unknown[];
}

/** The one flat config these tests lint C with: the `barriers/c` language and a single rule. */
function cConfig(rule: string, run: RuleRun, project: object): Linter.Config {
  return {
    files: ["**/*.c", "**/*.h"],
    plugins: { barriers },
    language: "barriers/c",
    settings: { barriers: { ...(run.dialects ? { dialects: [...run.dialects] } : {}), project } },
    rules: { [`barriers/${rule}`]: ["error", ...(run.options ?? [])] },
  };
}

/** Lints C code alone (no project index) with one rule. */
export function lintCWithRule(code: string, rule: string, run: RuleRun = {}, filename = "test.c"): Linter.LintMessage[] {
  return new Linter({ configType: "flat" }).verify(code, [cConfig(rule, run, { enabled: false })], filename);
}

/** Lints files of a fixture directory (relative to tests/fixtures/c) with one rule, the index reading the directory. */
export function lintFixtureFiles(fixture: string, files: string[], rule: string, run: RuleRun = {}): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd: fileURLToPath(new URL(`../fixtures/c/${fixture}/`, import.meta.url)),
    overrideConfigFile: true,
    overrideConfig: [cConfig(rule, run, { cacheDirectory: false })],
  });
  return eslint.lintFiles(files);
}
