// `npm run bench [directory] [preset]`: parse-only floor vs ESLint with the C language and no rules vs
// ESLint with every rule (the project index included) vs ESLint with one rule, measured in one run,
// each phase in its own process. Without a directory it measures the generated corpus in
// bench/corpus/generated.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * Checkers run only for the rules that ask, so one rule should cost far less than all of them: the
 * first of these the preset turns on (the pairing rules build the project-wide structures).
 */
const ONE_RULE_CHOICES = ["unpaired-barrier", "barrier-comment"];

await main();

async function main() {
  const { generateCorpus } = await import("./generate-corpus.mjs");
  const [directoryArgument, preset = "qemu"] = process.argv.slice(2);
  const { default: plugin } = await import("../dist/index.js");
  const presetRules = plugin.configs[preset]?.rules ?? {};
  const ONE_RULE = ONE_RULE_CHOICES.find((rule) => `barriers/${rule}` in presetRules) ?? ONE_RULE_CHOICES[0];
  const directory = directoryArgument ?? generateCorpus(path.join(here, "corpus", "generated"));
  const run = (script, args, extraEnv) => {
    const output = execFileSync(process.execPath, [script, ...args], {
      encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...extraEnv },
    });
    return JSON.parse(output.trim().split("\n").pop());
  };
  // The machine's load while each phase ran (1-minute load average at its end): the ratios are only
  // comparable between runs on equally loaded machines.
  const phase = (name, extraEnv = {}) => ({
    ...run(path.join(here, "phase.mjs"), [name, directory, preset], extraEnv),
    load: loadavg()[0].toFixed(1),
  });

  console.log(`corpus: ${directory} (preset ${preset})`);
  const parse = phase("parse");
  const noRules = phase("eslint-no-rules");
  const cacheDirectory = mkdtempSync(path.join(tmpdir(), "barriers-bench-cache-"));
  const allRulesCold = phase("eslint-all-rules", { BENCH_CACHE_DIR: cacheDirectory });
  const allRulesWarm = phase("eslint-all-rules", { BENCH_CACHE_DIR: cacheDirectory });
  const oneRuleWarm = phase(`eslint-one-rule:${ONE_RULE}`, { BENCH_CACHE_DIR: cacheDirectory });
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
    console.log(`${label.padEnd(48)} ${String(result.ms).padStart(8)} ms  ${ratio.padStart(6)}x parse  peak RSS ${result.maxRssMB} MB  load ${result.load}`);
  }
  console.log(`all rules (warm) / no rules: ${(allRulesWarm.ms / noRules.ms).toFixed(2)}x`);
  console.log(`one rule (warm) / all rules (warm): ${(oneRuleWarm.ms / allRulesWarm.ms).toFixed(2)}x`);
  console.log(`reports: ${JSON.stringify(allRulesWarm.reports)}; fatal parse errors: ${allRulesWarm.fatal}`);
  console.log(`reports with one rule: ${JSON.stringify(oneRuleWarm.reports)}; fatal parse errors: ${oneRuleWarm.fatal}`);
}
