#!/usr/bin/env node
// Recall on history: for each fix commit, extracts the tree as it was before the fix, lints the files
// the fix touched (with the project index over that whole tree), and says whether a rule reports in
// a function the fix changed (or one it calls directly, in the same file), and which (a report of the
// pairing rules there counts as found).
//
//   npm run build && node tools/qemu-history.mjs --git-dir <bare QEMU repo> [--dist dist/index.js]
//     [--work /work/corpora] [--keep] [--json out.json] <sha>[:preset] ...
//
// The preset defaults to `qemu`; trees from before the 2020 rename of the atomics take `qemu2020`.
// A tree is extracted with `git archive` into <work>/prefix-<sha> and removed afterwards (unless
// --keep). A changed function is one whose lines, in the pre-fix file, contain a removed line or
// the place where lines were added.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ESLint } from "eslint";

const argv = process.argv.slice(2);
const options = { dist: new URL("../dist/index.js", import.meta.url).pathname, work: "/work/corpora", keep: false };
const commits = [];
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === "--keep") options.keep = true;
  else if (arg.startsWith("--")) options[arg.slice(2).replace(/-(\w)/gu, (_, c) => c.toUpperCase())] = argv[++i];
  else commits.push(arg);
}
if (!options.gitDir || commits.length === 0) {
  process.stderr.write("usage: qemu-history.mjs --git-dir <repo> [--dist path] [--work dir] [--keep] [--json out] <sha>[:preset] ...\n");
  process.exit(2);
}
const distPath = resolve(options.dist);
const distUrl = (path) => pathToFileURL(resolve(distPath, "..", path)).href;
const plugin = (await import(pathToFileURL(distPath).href)).default;
const { getProjectView, resetProjectIndexes } = await import(distUrl("analysis/index/project-index.js"));
const { readBarrierSettings } = await import(distUrl("analysis/settings.js"));
const { leafEvents } = await import(distUrl("analysis/ir/walk.js"));

// A run stopped by a signal removes the tree it was linting.
let extracted;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (extracted && !options.keep) rmSync(extracted, { recursive: true, force: true });
    process.exit(130);
  });
}

const PAIRING_RULES = new Set(["barriers/unpaired-barrier", "barriers/full-barrier-pairing", "barriers/barrier-comment", "barriers/unneeded-barrier"]);

const git = (...args) => execFileSync("git", ["--git-dir", options.gitDir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
const rows = [];
for (const spec of commits) {
  const [sha, presetName = "qemu"] = spec.split(":");
  const full = git("rev-parse", sha).trim();
  const subject = git("log", "-1", "--format=%ad %s", "--date=short", full).trim();
  const files = git("diff", "--name-only", `${full}^`, full, "--", "*.c", "*.h").split("\n").filter(Boolean);
  const hunks = changedLines(git("diff", "-U0", `${full}^`, full, "--", ...files));
  const treeDir = join(options.work, `prefix-${full.slice(0, 10)}`);
  rmSync(treeDir, { recursive: true, force: true });
  mkdirSync(treeDir, { recursive: true });
  extracted = treeDir;
  execFileSync("sh", ["-c", `git --git-dir='${options.gitDir}' archive '${full}^' | tar -x -C '${treeDir}'`]);
  try {
    rows.push({ sha: full.slice(0, 10), subject, preset: presetName, files, ...(await lintTree(treeDir, presetName, files, hunks)) });
  } finally {
    if (!options.keep) rmSync(treeDir, { recursive: true, force: true });
    resetProjectIndexes();
  }
  const row = rows[rows.length - 1];
  console.log(`${row.sha} ${subject} [${presetName}]`);
  console.log(`  files: ${files.join(", ")}; changed functions: ${row.changedFunctions.join(", ") || "(none)"}`);
  console.log(`  found: ${row.found ? "yes" : "no"} (rules at the fix: ${row.foundBy.join(", ") || "none"})`);
  for (const report of row.reports) {
    console.log(`  ${report.atFix ? "*" : " "} ${report.ruleId} ${report.file}:${report.line} ${report.fn ?? ""}: ${report.message.split("\n")[0].slice(0, 220)}`);
  }
}
if (options.json) writeFileSync(options.json, `${JSON.stringify(rows, null, 2)}\n`);

/** Pre-fix line numbers the diff touches, per file: removed lines, and the line after which lines were added. */
function changedLines(diff) {
  const byFile = new Map();
  let file;
  for (const line of diff.split("\n")) {
    const header = /^--- a\/(.*)$/u.exec(line);
    if (header) {
      file = header[1];
      byFile.set(file, []);
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,(\d+))? /u.exec(line);
    if (!hunk || !file) continue;
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    if (count === 0) byFile.get(file).push(start, start + 1);
    else for (let l = start; l < start + count; l++) byFile.get(file).push(l);
  }
  return byFile;
}

async function lintTree(treeDir, presetName, files, hunks) {
  const preset = plugin.configs[presetName];
  const settings = { barriers: { ...preset.settings.barriers, project: { ...preset.settings.barriers?.project, cacheDirectory: false } } };
  const eslint = new ESLint({ cwd: treeDir, overrideConfigFile: true, overrideConfig: [{ ...preset, settings }] });
  const paths = files.map((file) => join(treeDir, file));
  const results = await eslint.lintFiles(paths);
  const config = await eslint.calculateConfigForFile(paths[0]);
  const view = getProjectView(treeDir, settings.barriers, readBarrierSettings(settings.barriers).options, "c", config.languageOptions);
  // Functions of the touched files, with their pre-fix line ranges.
  const functions = new Map();
  for (const fileIR of view.files()) {
    const rel = relative(treeDir, fileIR.file);
    if (!files.includes(rel)) continue;
    functions.set(rel, fileIR.functions.map((fn) => ({
      name: fn.name, lines: [fn.site.line, fn.site.endLine],
      callees: new Set(leafEvents(fn.body).filter((event) => event.kind === "call").map((event) => event.callee)),
    })));
  }
  const changed = new Set();
  const changedIn = (rel, fn) => (hunks.get(rel) ?? []).some((line) => line >= fn.lines[0] && line <= fn.lines[1]);
  for (const [rel, fns] of functions) for (const fn of fns) if (changedIn(rel, fn)) changed.add(`${rel}::${fn.name}`);
  // A fence added after a call orders the callee's last access (an RMW in a helper): a report at that
  // access, in a function of the same file that a changed function calls directly, is at the fix too.
  const calledByChanged = new Set();
  for (const [rel, fns] of functions) {
    for (const fn of fns) {
      if (!changed.has(`${rel}::${fn.name}`)) continue;
      for (const callee of fn.callees) if (fns.some((other) => other.name === callee)) calledByChanged.add(`${rel}::${callee}`);
    }
  }
  const reports = [];
  for (const result of results) {
    const rel = relative(treeDir, result.filePath);
    for (const message of result.messages) {
      const fn = (functions.get(rel) ?? []).find((f) => message.line >= f.lines[0] && message.line <= f.lines[1]);
      const atFix = fn !== undefined && (changed.has(`${rel}::${fn.name}`) || calledByChanged.has(`${rel}::${fn.name}`));
      reports.push({ file: rel, line: message.line, fn: fn?.name, ruleId: message.ruleId, message: message.message, atFix });
    }
  }
  // Found: a report of the pairing rules in a changed function. Other rules there (a plain access next
  // to atomic ones) are listed, but they say nothing about the ordering the fix added.
  const foundBy = [...new Set(reports.filter((report) => report.atFix).map((report) => report.ruleId))];
  return { changedFunctions: [...changed], found: foundBy.some((rule) => PAIRING_RULES.has(rule)), foundBy, reports };
}
