// `npm run bench [directory] [preset]`: parse-only floor vs ESLint with the C language and no rules vs
// ESLint with every rule (the project index included) vs ESLint with one rule, measured in one run,
// each phase in its own process. Without a directory it measures the generated corpus in
// bench/corpus/generated.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const ONE_RULE_PHASE = "--one-rule-phase";
/** Checkers run only for the rules that ask, so one cheap rule should cost far less than all of them. */
const ONE_RULE = "unpaired-barrier";

if (process.argv[2] === ONE_RULE_PHASE) await oneRulePhase(...process.argv.slice(3));
else await main();

async function main() {
  const { generateCorpus } = await import("./generate-corpus.mjs");
  const [directoryArgument, preset = "qemu"] = process.argv.slice(2);
  const directory = directoryArgument ?? generateCorpus(path.join(here, "corpus", "generated"));
  const run = (script, args, extraEnv) => {
    const output = execFileSync(process.execPath, [script, ...args], {
      encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...extraEnv },
    });
    return JSON.parse(output.trim().split("\n").pop());
  };
  const phase = (name, extraEnv = {}) => run(path.join(here, "phase.mjs"), [name, directory, preset], extraEnv);

  console.log(`corpus: ${directory} (preset ${preset})`);
  const parse = phase("parse");
  const noRules = phase("eslint-no-rules");
  const cacheDirectory = mkdtempSync(path.join(tmpdir(), "barriers-bench-cache-"));
  const allRulesCold = phase("eslint-all-rules", { BENCH_CACHE_DIR: cacheDirectory });
  const allRulesWarm = phase("eslint-all-rules", { BENCH_CACHE_DIR: cacheDirectory });
  const oneRuleWarm = run(fileURLToPath(import.meta.url), [ONE_RULE_PHASE, ONE_RULE, directory, preset], { BENCH_CACHE_DIR: cacheDirectory });
  rmSync(cacheDirectory, { recursive: true, force: true });
  const rows = [
    ["tree-sitter parse only", parse],
    ["ESLint, barriers/c, no rules", noRules],
    ["ESLint, all rules (cold index cache)", allRulesCold],
    ["ESLint, all rules (warm index cache)", allRulesWarm],
    [`ESLint, one rule (${ONE_RULE}), warm cache`, oneRuleWarm],
  ];
  console.log(`files: ${parse.files}, ${parse.megabytes} MB of C`);
  for (const [label, result] of rows) {
    const ratio = (result.ms / parse.ms).toFixed(2);
    console.log(`${label.padEnd(48)} ${String(result.ms).padStart(8)} ms  ${ratio.padStart(6)}x parse  peak RSS ${result.maxRssMB} MB`);
  }
  console.log(`all rules (warm) / no rules: ${(allRulesWarm.ms / noRules.ms).toFixed(2)}x`);
  console.log(`one rule (warm) / all rules (warm): ${(oneRuleWarm.ms / allRulesWarm.ms).toFixed(2)}x`);
  console.log(`reports: ${JSON.stringify(allRulesWarm.reports)}; fatal parse errors: ${allRulesWarm.fatal}`);
  console.log(`reports with one rule: ${JSON.stringify(oneRuleWarm.reports)}; fatal parse errors: ${oneRuleWarm.fatal}`);
}

/**
 * ESLint with a single rule of the preset, set up as phase.mjs sets up its ESLint phases (same files,
 * same cache directory), in a process of its own so that its time and peak memory are its own.
 */
async function oneRulePhase(rule, directory, preset = "qemu") {
  const [{ ESLint }, { globSync }, { default: plugin }] = await Promise.all([
    import("eslint"), import("tinyglobby"), import("../dist/index.js"),
  ]);
  const root = path.resolve(directory);
  const files = globSync(["**/*.c", "**/*.h"], { cwd: root, ignore: ["**/node_modules/**", "**/.git/**"] }).sort();
  const started = performance.now();
  const presetConfig = plugin.configs[preset];
  const ruleId = `barriers/${rule}`;
  if (!(ruleId in presetConfig.rules)) throw new Error(`the ${preset} preset has no rule ${ruleId}`);
  const cacheDirectory = process.env.BENCH_CACHE_DIR;
  const barrierSettings = presetConfig.settings.barriers;
  const config = cacheDirectory
    ? { ...presetConfig, settings: { barriers: { ...barrierSettings, project: { ...barrierSettings.project, cacheDirectory } } } }
    : presetConfig;
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ ...config, rules: { [ruleId]: presetConfig.rules[ruleId] } }],
    ignore: false,
  });
  const results = await eslint.lintFiles(files);
  const counts = {};
  let fatal = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) fatal++;
      const key = message.ruleId ?? "(parser)";
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  const ms = performance.now() - started;
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ phase: `eslint-one-rule:${rule}`, files: files.length, ms: Math.round(ms), maxRssMB, fatal, reports: counts }) + "\n");
}
