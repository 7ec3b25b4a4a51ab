// One point of `npm run bench:growth`, in a process of its own so that its peak memory is its own:
// lints one file with the qemu preset, the project index spanning the files the globs name under root.
// Usage: node bench/growth-point.mjs <root> <linted file, relative to root> <cache directory> <globs as JSON>
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ESLint } from "eslint";
import plugin from "../dist/index.js";
import { getProjectIndexStats } from "../dist/analysis/index/project-index.js";

const [root, linted, cacheDirectory, globs] = process.argv.slice(2);
const presetConfig = plugin.configs.qemu;
const barriers = presetConfig.settings.barriers;
const config = {
  ...presetConfig,
  settings: { ...presetConfig.settings, barriers: { ...barriers, project: { root, files: JSON.parse(globs), cacheDirectory } } },
};
const started = performance.now();
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [config], ignore: false });
const [result] = await eslint.lintFiles([path.join(root, linted)]);
const ms = performance.now() - started;
const [stats] = getProjectIndexStats();
const reports = {};
for (const message of result.messages) reports[message.ruleId ?? "(fatal)"] = (reports[message.ruleId ?? "(fatal)"] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({
  ms: Math.round(ms),
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  index: {
    files: stats.files, parsed: stats.parsed, cacheHits: stats.cacheHits, failed: stats.failed,
    ...(stats.overBudget !== undefined ? { overBudget: stats.overBudget } : {}),
    ...(stats.outOfMemory !== undefined ? { outOfMemory: stats.outOfMemory } : {}),
    irMB: Math.round(stats.bytes / 1e6), buildS: +(stats.buildMs / 1000).toFixed(1),
  },
  reports,
})}\n`);
