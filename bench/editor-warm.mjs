// Builds the project index's disk cache of a tree with a preset, as `eslint-barriers index` does, into
// the given cache directory. Used by bench/editor.mjs and bench/growth.mjs, in a process of its own.
// Usage: node bench/editor-warm.mjs <tree> <preset> <cache directory> [concurrency]
import { ESLint } from "eslint";
import plugin from "../dist/index.js";
import { indexCommand } from "../dist/cli/index-command.js";

const [tree, preset, cacheDirectory, concurrency = "off"] = process.argv.slice(2);
const presetConfig = plugin.configs[preset];
const barriers = presetConfig.settings.barriers;
const config = { ...presetConfig, settings: { ...presetConfig.settings, barriers: { ...barriers, project: { ...barriers.project, cacheDirectory } } } };
const eslint = new ESLint({ cwd: tree, overrideConfigFile: true, overrideConfig: [config] });
const summary = await indexCommand(eslint, {
  root: tree, name: tree, concurrency: /^\d+$/u.test(concurrency) ? Number(concurrency) : concurrency,
});
console.log(`index: ${summary.files} files (${summary.lowered} lowered, ${summary.cached} from the cache, ${summary.failed.length} not indexed) in ${(summary.ms / 1000).toFixed(1)} s`);
