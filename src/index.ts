import { readFileSync } from "node:fs";
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

const plugin = {
  meta: { name, version, namespace: "barriers" },
  languages: { c: cLanguage },
  rules,
  configs: {} as Record<string, Record<string, unknown>>,
};

plugin.configs = createConfigs(plugin, ruleNamesFor("barriers/c"), ruleNamesFor("js/js"), lazyTypescriptParser);

export default plugin;
export { cLanguage };
