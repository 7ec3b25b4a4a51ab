import { PRESET_DIALECTS } from "./analysis/dialects/registry.js";

type FlatConfig = Record<string, unknown>;

export const C_FILES = ["**/*.c", "**/*.h"];
export const JS_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.mjs", "**/*.cjs"];

/**
 * Rules that inform rather than find bugs: a warning, so that CI gates on the bugs alone.
 * `analysis-limit` says what the analysis could not see; `barrier-comment` checks a convention
 * (a comment on each barrier naming its partner), not the ordering itself.
 */
export const WARNING_RULES: ReadonlySet<string> = new Set(["analysis-limit", "barrier-comment"]);

/** The dialect presets; each also has a `<name>-strict` variant. */
export const C_PRESETS = ["recommended", "qemu", "qemu2020", "linux", "c11"] as const;
export const JS_PRESET = "js";
export const STRICT_SUFFIX = "-strict";

function severities(ruleNames: readonly string[]): Record<string, "error" | "warn"> {
  return Object.fromEntries(ruleNames.map((name) => [`barriers/${name}`, WARNING_RULES.has(name) ? "warn" : "error"]));
}

/**
 * Two flat configs per dialect. The preset (`qemu`) turns on the rules measured precise enough to keep
 * on in CI: at most 1 false report in 20 on real trees (docs/precision.md); `isDefault` names them (a
 * rule's `meta.docs.recommended`). The strict variant (`qemu-strict`) turns on every rule of the
 * language. Each is complete on its own: `export default [barriers.configs.qemu]` lints .c/.h files
 * with the C language and its rules.
 */
export function createConfigs<Config = FlatConfig>(
  plugin: object, cRuleNames: readonly string[], jsRuleNames: readonly string[], jsParser: unknown,
  isDefault: (ruleName: string) => boolean = () => true,
): Record<string, Config> {
  const cPreset = (name: string, rules: readonly string[], strict: boolean): FlatConfig => ({
    name: `barriers/${name}${strict ? STRICT_SUFFIX : ""}`,
    files: C_FILES,
    plugins: { barriers: plugin },
    language: "barriers/c",
    settings: { barriers: { dialects: [...PRESET_DIALECTS[name]!] } },
    rules: severities(rules),
  });
  const jsPreset = (rules: readonly string[], strict: boolean): FlatConfig => ({
    name: `barriers/${JS_PRESET}${strict ? STRICT_SUFFIX : ""}`,
    files: JS_FILES,
    plugins: { barriers: plugin },
    languageOptions: { parser: jsParser, sourceType: "module" },
    settings: { barriers: { dialects: [...PRESET_DIALECTS[JS_PRESET]!] } },
    rules: severities(rules),
  });
  const cDefault = cRuleNames.filter(isDefault);
  const jsDefault = jsRuleNames.filter(isDefault);
  const configs: Record<string, FlatConfig> = {};
  for (const name of C_PRESETS) configs[name] = cPreset(name, cDefault, false);
  configs[JS_PRESET] = jsPreset(jsDefault, false);
  for (const name of C_PRESETS) configs[`${name}${STRICT_SUFFIX}`] = cPreset(name, cRuleNames, true);
  configs[`${JS_PRESET}${STRICT_SUFFIX}`] = jsPreset(jsRuleNames, true);
  // The shapes are ESLint flat configs; the caller names the type so this module needs no ESLint import.
  return configs as Record<string, Config>;
}
