import { PRESET_DIALECTS } from "./analysis/dialects/registry.js";

type FlatConfig = Record<string, unknown>;

export const C_FILES = ["**/*.c", "**/*.h"];
export const JS_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.mjs", "**/*.cjs"];

/** Rules that inform rather than find bugs: a warning, so that CI gates on the bugs alone. */
const WARNING_RULES: ReadonlySet<string> = new Set(["analysis-limit"]);

function severities(ruleNames: readonly string[]): Record<string, "error" | "warn"> {
  return Object.fromEntries(ruleNames.map((name) => [`barriers/${name}`, WARNING_RULES.has(name) ? "warn" : "error"]));
}

/**
 * One flat config per dialect. Each is complete on its own: `export default [barriers.configs.qemu]`
 * lints .c/.h files with the C language and the rules that apply.
 */
export function createConfigs<Config = FlatConfig>(
  plugin: object, cRuleNames: readonly string[], jsRuleNames: readonly string[], jsParser: unknown,
): Record<string, Config> {
  const cRules = severities(cRuleNames);
  const cPreset = (name: string): FlatConfig => ({
    name: `barriers/${name}`,
    files: C_FILES,
    plugins: { barriers: plugin },
    language: "barriers/c",
    settings: { barriers: { dialects: [...PRESET_DIALECTS[name]!] } },
    rules: cRules,
  });
  const configs: Record<string, FlatConfig> = {
    recommended: cPreset("recommended"),
    qemu: cPreset("qemu"),
    qemu2020: cPreset("qemu2020"),
    linux: cPreset("linux"),
    c11: cPreset("c11"),
    js: {
      name: "barriers/js",
      files: JS_FILES,
      plugins: { barriers: plugin },
      languageOptions: { parser: jsParser, sourceType: "module" },
      settings: { barriers: { dialects: [...PRESET_DIALECTS.js!] } },
      rules: severities(jsRuleNames),
    },
  };
  // The shapes are ESLint flat configs; the caller names the type so this module needs no ESLint import.
  return configs as Record<string, Config>;
}
