// Lints one file with every rule of a preset, in a process of its own, and prints one JSON line:
// elapsed time, peak RSS and the report counts. `npm run bench:large` runs it once per generated file.
// Usage: node bench/lint-file.mjs <file> <preset> <cache directory>
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ESLint } from "eslint";
import plugin from "../dist/index.js";

const [file, preset, cacheDirectory] = process.argv.slice(2);
const presetConfig = plugin.configs[preset];
if (!presetConfig) throw new Error(`unknown preset ${preset}`);
const barrierSettings = presetConfig.settings.barriers;
const config = {
  ...presetConfig,
  settings: { barriers: { ...barrierSettings, project: { cacheDirectory } } },
};
const started = performance.now();
const eslint = new ESLint({ cwd: path.dirname(path.resolve(file)), overrideConfigFile: true, overrideConfig: [config], ignore: false });
const [result] = await eslint.lintFiles([path.resolve(file)]);
const ms = performance.now() - started;
const reports = {};
for (const message of result.messages) {
  const key = message.ruleId ?? (message.fatal ? "(fatal)" : "(other)");
  reports[key] = (reports[key] ?? 0) + 1;
}
const usage = process.resourceUsage();
const maxRssMB = Math.round(usage.maxRSS / 1024);
// CPU time as well as elapsed time: on a loaded machine the elapsed time says more about the neighbours.
const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
process.stdout.write(JSON.stringify({ ms: Math.round(ms), cpuMs, maxRssMB, reports }) + "\n");
