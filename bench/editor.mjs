// `npm run bench:editor [tree] [file] [preset]`: what an editor's ESLint server costs. One long-lived
// process with the ESLint Node API and a warm disk cache (built first by `eslint-barriers index` in a
// process of its own, as a CI job or an earlier editor run would have): the first lint of one file (the
// index is read back from the cache), then re-lints of the same buffer after edits, as an editor sends
// them with lintText. Defaults: /work/corpora/qemu, util/async.c, the qemu preset.
// BENCH_CACHE_DIR names the cache directory (default: a fresh one, removed at the end).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const TARGET_FIRST_MS = 2_000;
const TARGET_RELINT_MS = 150;
const EDITS = 5;

const [treeArgument = "/work/corpora/qemu", fileArgument = "util/async.c", preset = "qemu"] = process.argv.slice(2);
const tree = path.resolve(treeArgument);
const file = path.resolve(tree, fileArgument);
const ownCache = process.env.BENCH_CACHE_DIR === undefined;
const cacheDirectory = process.env.BENCH_CACHE_DIR ?? mkdtempSync(path.join(tmpdir(), "barriers-editor-cache-"));

try {
  // Warm the cache in another process, so this one starts as an editor's server does: nothing in memory.
  const warmStarted = performance.now();
  execFileSync(process.execPath, [path.join(here, "editor-warm.mjs"), tree, preset, cacheDirectory], { stdio: "inherit" });
  console.log(`cache warmed in ${((performance.now() - warmStarted) / 1000).toFixed(1)} s (${cacheDirectory})`);
  await measure();
} finally {
  if (ownCache) rmSync(cacheDirectory, { recursive: true, force: true });
}

async function measure() {
  const started = performance.now();
  const { ESLint } = await import("eslint");
  const { default: plugin } = await import("../dist/index.js");
  const { getProjectIndexStats } = await import("../dist/analysis/index/project-index.js");
  const config = withCache(plugin.configs[preset], cacheDirectory);
  const eslint = new ESLint({ cwd: tree, overrideConfigFile: true, overrideConfig: [config], ignore: false });
  const loadedMs = performance.now() - started;
  const text = readFileSync(file, "utf8");

  const first = await timed(() => eslint.lintText(text, { filePath: file }));
  const [stats] = getProjectIndexStats();
  const edits = [];
  for (let edit = 0; edit < EDITS; edit++) {
    // Each edit moves the code (a new comment line at the top) and changes a function's body: the
    // buffer's IR is rebuilt, the index's view of the other files is not.
    const edited = `/* edit ${edit} */\n${text.replace(/\{\n/u, `{\n    int edit_${edit} = ${edit};\n`)}`;
    edits.push(await timed(() => eslint.lintText(edited, { filePath: file })));
  }
  const unchanged = await timed(() => eslint.lintText(text, { filePath: file }));
  const relints = edits.map((run) => run.ms).sort((a, b) => a - b);
  const median = relints[Math.floor(relints.length / 2)];
  const rssMB = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`tree: ${tree}, file: ${path.relative(tree, file)}, preset ${preset}`);
  console.log(`ESLint and the plugin loaded: ${Math.round(loadedMs)} ms`);
  console.log(`first lint (index read from the warm cache): ${Math.round(first.ms)} ms (target <= ${TARGET_FIRST_MS} ms) `
    + `${first.ms <= TARGET_FIRST_MS ? "ok" : "OVER"}; index: ${stats.files} files, ${stats.cacheHits} from the cache, ${stats.parsed} lowered, build ${Math.round(stats.buildMs)} ms`);
  console.log(`re-lint after an edit: median ${Math.round(median)} ms, ${relints.map(Math.round).join(" / ")} ms (target <= ${TARGET_RELINT_MS} ms) `
    + `${median <= TARGET_RELINT_MS ? "ok" : "OVER"}`);
  console.log(`re-lint of the saved text: ${Math.round(unchanged.ms)} ms`);
  console.log(`reports: first ${first.count}, after the edits ${edits.map((run) => run.count).join(" / ")}, saved text ${unchanged.count}`);
  console.log(`RSS now ${rssMB} MB, peak ${maxRssMB} MB`);
  console.log(JSON.stringify({ firstMs: Math.round(first.ms), relintMedianMs: Math.round(median), relintMs: relints.map(Math.round), unchangedMs: Math.round(unchanged.ms), indexFiles: stats.files, buildMs: Math.round(stats.buildMs), maxRssMB }));
}

async function timed(lint) {
  const started = performance.now();
  const [result] = await lint();
  return { ms: performance.now() - started, count: result.messages.length };
}

function withCache(presetConfig, directory) {
  const barriers = presetConfig.settings.barriers;
  return { ...presetConfig, settings: { ...presetConfig.settings, barriers: { ...barriers, project: { ...barriers.project, cacheDirectory: directory } } } };
}
