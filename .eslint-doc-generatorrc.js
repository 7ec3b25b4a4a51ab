// `npm run docs` writes, and `npm test` checks, the README's rule lists and each rule page's header
// from the rules' own metadata (the plugin as built in dist/).
const C = "barriers/c";
const JS = "js/js";
const runsOn = (rule, language) => (rule.meta?.languages ?? []).includes(language);

/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  // The dialect presets turn on the same rules as `recommended` (with another dialect), and their strict
  // variants the same as `recommended-strict`: one column each says it.
  ignoreConfig: ["qemu", "qemu2020", "linux", "c11", "qemu-strict", "qemu2020-strict", "linux-strict", "c11-strict"],
  configEmoji: [["js", "🟨"], ["recommended-strict", "🔬"], ["js-strict", "🟧"]],
  ruleListColumns: ["name", "description", "configsError", "configsWarn", "hasSuggestions", "options"],
  // Every page has an Options section: the rules without options say there which settings they read.
  ruleDocSectionOptions: false,
  urlConfigs: "https://github.com/eslint-plugin-barriers/eslint-plugin-barriers#presets",
  ruleListSplit(rules) {
    return [
      { title: "C and TS/JS", rules: rules.filter(([, rule]) => runsOn(rule, C) && runsOn(rule, JS)) },
      { title: "C", rules: rules.filter(([, rule]) => runsOn(rule, C) && !runsOn(rule, JS)) },
      { title: "TS/JS", rules: rules.filter(([, rule]) => !runsOn(rule, C) && runsOn(rule, JS)) },
    ].filter((list) => list.rules.length > 0);
  },
};
