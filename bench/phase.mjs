// One measured phase of `npm run bench`, run in its own process so that its peak memory is its own.
// Usage: node bench/phase.mjs <parse|eslint-no-rules|eslint-all-rules|eslint-one-rule:<rule>> <directory> [dialect-preset]
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ESLint } from "eslint";
import { globSync } from "tinyglobby";
import plugin from "../dist/index.js";
import { parseWithTreeSitter } from "../dist/languages/c/tree-sitter-runtime.js";
import { resolveCLanguageOptions } from "../dist/languages/c/language-options.js";
import { blankAnnotationMacros } from "../dist/languages/c/blank-annotation-macros.js";
import { rewriteForeachMacros } from "../dist/languages/c/rewrite-foreach-macros.js";

const [phase, directory, preset = "qemu"] = process.argv.slice(2);
const root = path.resolve(directory);
const files = globSync(["**/*.c", "**/*.h"], { cwd: root, ignore: ["**/node_modules/**", "**/.git/**"] }).sort();

async function run() {
  const started = performance.now();
  let detail;
  if (phase === "parse") {
    const options = resolveCLanguageOptions();
    let bytes = 0;
    for (const file of files) {
      const text = readFileSync(path.join(root, file), "utf8");
      if (text.length > options.maxFileSize || text.includes("\0")) continue;
      bytes += text.length;
      parseWithTreeSitter(rewriteForeachMacros(blankAnnotationMacros(text, options), options)).delete();
    }
    detail = { megabytes: +(bytes / 1e6).toFixed(1) };
  } else {
    const presetConfig = plugin.configs[preset];
    const rules = rulesOf(phase, presetConfig, preset);
    // The runner points cold and warm runs at one fresh cache directory of its own.
    const cacheDirectory = process.env.BENCH_CACHE_DIR;
    const barrierSettings = presetConfig.settings.barriers;
    const config = cacheDirectory
      ? { ...presetConfig, settings: { barriers: { ...barrierSettings, project: { ...barrierSettings.project, cacheDirectory } } } }
      : presetConfig;
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ ...config, rules }],
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
    detail = { fatal, reports: counts };
  }
  const ms = performance.now() - started;
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ phase, files: files.length, ms: Math.round(ms), maxRssMB, ...detail }) + "\n");
}

/** The rules a phase turns on: all of the preset's, none, or one (`eslint-one-rule:unpaired-barrier`). */
function rulesOf(phaseName, presetConfig, presetName) {
  if (phaseName === "eslint-all-rules") return presetConfig.rules;
  if (phaseName === "eslint-no-rules") return {};
  const ruleId = `barriers/${phaseName.slice("eslint-one-rule:".length)}`;
  if (!phaseName.startsWith("eslint-one-rule:") || !(ruleId in presetConfig.rules)) {
    throw new Error(`unknown phase ${phaseName} for the ${presetName} preset`);
  }
  return { [ruleId]: presetConfig.rules[ruleId] };
}

await run();
