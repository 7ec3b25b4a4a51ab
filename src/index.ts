import { readFileSync } from "node:fs";
import type { Linter } from "eslint";
import { createConfigs } from "./configs.js";
import { cLanguage } from "./languages/c/c-language.js";
import { lazyTypescriptParser } from "./lazy-typescript-parser.js";
import { rules } from "./rules/index.js";

const { name, version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  name: string; version: string;
};

function ruleNamesFor(language: string): string[] {
  return Object.entries(rules)
    .filter(([, rule]) => (rule.meta?.languages as string[] | undefined)?.includes(language))
    .map(([ruleName]) => ruleName);
}

interface BarriersPlugin {
  meta: { name: string; version: string; namespace: string };
  languages: { c: typeof cLanguage };
  rules: typeof rules;
  configs: Record<string, Linter.Config>;
}

const plugin: BarriersPlugin = {
  meta: { name, version, namespace: "barriers" },
  languages: { c: cLanguage },
  rules,
  configs: {},
};

/** A rule of the default presets (`qemu`, `js`, ...): its `docs.recommended`; the `-strict` presets turn on every rule. */
const isDefault = (ruleName: string) => (rules[ruleName]?.meta?.docs as { recommended?: boolean } | undefined)?.recommended === true;

plugin.configs = createConfigs<Linter.Config>(plugin, ruleNamesFor("barriers/c"), ruleNamesFor("js/js"), lazyTypescriptParser, isDefault);

export default plugin;
export { cLanguage };
