#!/usr/bin/env node
// Mutation test of the pairing rules on a real tree: deletes, one at a time, every barrier whose
// comment names a partner that exists in the tree (a function defined there, or one of its files),
// lints the mutated file and the partner's files, and counts the deletion as found when a rule of
// the plugin reports something new in the mutated function or at the partner.
//
//   npm run build && node tools/mutation-test.mjs --tree /work/corpora/qemu [--preset qemu]
//     [--dist dist/index.js] [--cache dir] [--only text] [--limit N] [--json out.json] [--list]
//
// One ESLint instance lints every mutation, so the project index and its disk cache stay warm; after
// each write (the mutation, the restore) it waits until the index has seen the change. The
// original text of the file being mutated is kept in memory and in a backup directory; it is written
// back after each mutation, on an error, on SIGINT/SIGTERM, and, for a run that was killed outright,
// by the next run before it starts.
//
// A barrier is a fence of the dialect (not a compiler barrier), deleted with its `;`, or an access
// whose order is `mb` (`qatomic_set_mb`, `qatomic_mb_read`), turned into the relaxed access of the
// same family when the dialect has one. Text is replaced by spaces, so lines and columns do not move
// and the reports of the mutated and the original files compare line by line.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { ESLint } from "eslint";

const args = parseArguments(process.argv.slice(2));
const tree = resolve(args.tree ?? "/work/corpora/qemu");
const distPath = resolve(args.dist ?? new URL("../dist/index.js", import.meta.url).pathname);
const presetName = args.preset ?? "qemu";
const cacheDirectory = resolve(args.cache ?? join(tmpdir(), "barriers-mutation-cache"));
const backupDirectory = resolve(args.backup ?? join(cacheDirectory, "mutation-backup"));

const distUrl = (path) => pathToFileURL(resolve(distPath, "..", path)).href;
const plugin = (await import(pathToFileURL(distPath).href)).default;
const { getProjectView } = await import(distUrl("analysis/index/project-index.js"));
const { readBarrierSettings } = await import(distUrl("analysis/settings.js"));
const { leafEvents } = await import(distUrl("analysis/ir/walk.js"));

restoreLeftovers();

const preset = plugin.configs[presetName];
if (!preset) fail(`no preset ${presetName}`);
const settings = { barriers: { ...preset.settings.barriers, project: { ...preset.settings.barriers?.project, cacheDirectory } } };
const eslint = new ESLint({ cwd: tree, overrideConfigFile: true, overrideConfig: [{ ...preset, settings }] });

// --- The barriers and their partners, from the project index the rules use. ------------------------

const firstFile = findFirstCFile(tree);
const resolvedConfig = await eslint.calculateConfigForFile(firstFile);
const { options } = readBarrierSettings(settings.barriers);
await eslint.lintFiles([firstFile]);
const currentView = () => getProjectView(tree, settings.barriers, options, "c", resolvedConfig.languageOptions);
const view = currentView();
const primitives = options.dialect.primitives;
const treeFiles = new Map();
for (const fileIR of view.files()) {
  const rel = relative(tree, fileIR.file);
  const name = basename(rel);
  if (!treeFiles.has(name)) treeFiles.set(name, []);
  treeFiles.get(name).push(rel);
}

const mutations = [];
for (const fileIR of [...view.files()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
  if (!/\.[ch]$/u.test(fileIR.file)) continue;
  let text;
  for (const fn of fileIR.functions) {
    if (fn.isPrimitiveWrapper) continue;
    for (const event of leafEvents(fn.body)) {
      const deletion = deletionOf(event);
      if (!deletion) continue;
      text ??= readFileSync(fileIR.file, "utf8");
      const comment = commentAbove(text, event.site.line);
      const partners = partnersNamed(comment, fn, fileIR.file);
      if (partners.length === 0) continue;
      mutations.push({
        file: fileIR.file, rel: relative(tree, fileIR.file), fn: fn.name, fnLines: [fn.site.line, fn.site.endLine], callees: calleesIn(fn, fileIR),
        line: event.site.line, api: deletion.api, ...editOf(text, event, deletion), comment, partners,
      });
    }
  }
}
const selected = mutations
  .filter((m) => !args.only || `${m.rel}:${m.line} ${m.fn} ${m.api}`.includes(args.only))
  .slice(0, args.limit ? Number(args.limit) : undefined);
process.stderr.write(`${mutations.length} barriers name an in-tree partner; ${selected.length} selected\n`);
if (args.list) {
  for (const m of selected) console.log(`${m.rel}:${m.line} ${m.fn}() ${m.api} -> ${m.partners.map(partnerLabel).join(", ")}`);
  process.exit(0);
}

// --- Mutate, lint, restore. ------------------------------------------------------------------------

const originalReports = new Map();
let pending;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    restorePending();
    process.exit(130);
  });
}
process.on("exit", restorePending);

const results = [];
for (const [index, mutation] of selected.entries()) {
  const files = [...new Set([mutation.file, ...mutation.partners.map((p) => p.file)])];
  for (const file of files) if (!originalReports.has(file)) await lintOriginal(file);
  let mutatedReports;
  try {
    await indexSees(() => writeMutation(mutation));
    mutatedReports = await lintAll(files);
  } catch (error) {
    results.push({ mutation, hit: false, error: String(error?.stack ?? error) });
    continue;
  } finally {
    await indexSees(restorePending);
  }
  const found = newReports(mutation, files, mutatedReports);
  results.push({ mutation, hit: found.length > 0, found });
  const status = found.length > 0 ? "hit " : "MISS";
  process.stderr.write(`[${index + 1}/${selected.length}] ${status} ${mutation.rel}:${mutation.line} ${mutation.fn}() ${mutation.api}\n`);
}

printSummary(results);
if (args.json) writeFileSync(args.json, `${JSON.stringify(results.map(jsonRow), null, 2)}\n`);

// --- Helpers. --------------------------------------------------------------------------------------

function parseArguments(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) fail(`unexpected argument ${arg}`);
    const key = arg.slice(2);
    if (key === "list") parsed.list = true;
    else parsed[key] = argv[++i];
  }
  return parsed;
}

function fail(message) {
  process.stderr.write(`mutation-test: ${message}\n`);
  process.exit(2);
}

function findFirstCFile(dir) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) if (entry.isFile() && entry.name.endsWith(".c")) return join(dir, entry.name);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const found = findFirstCFile(join(dir, entry.name));
    if (found) return found;
  }
  return undefined;
}

/** What deleting `event` means: a fence goes with its `;`; an mb access becomes its relaxed form. */
function deletionOf(event) {
  if (event.kind === "fence") return event.fence === "compiler" ? undefined : { api: event.api, kind: "fence" };
  if (event.kind !== "access" || event.order !== "mb") return undefined;
  const relaxed = [event.api.replace(/_mb$/u, ""), event.api.replace(/mb_/u, "")]
    .find((name) => name !== event.api && primitives[name]?.kind === "access");
  return relaxed ? { api: event.api, kind: "access", relaxed } : undefined;
}

/** The replacement text, of the same length, for the barrier's range. */
function editOf(text, event, deletion) {
  const [start, end] = event.site.range;
  if (deletion.kind === "access") {
    const at = text.indexOf(deletion.api, start);
    if (at < 0 || at >= end) return { start, end, replacement: text.slice(start, end) };
    return { start: at, end: at + deletion.api.length, replacement: deletion.relaxed.padEnd(deletion.api.length, " ") };
  }
  let stop = end;
  while (stop < text.length && /[ \t]/u.test(text[stop])) stop++;
  if (text[stop] === ";") stop++;
  else stop = end;
  return { start, end: stop, replacement: text.slice(start, stop).replace(/[^\n]/gu, " ") };
}

/**
 * The comment that explains a barrier on `line` (1-based): a comment on the line itself, and the
 * block of comment lines just above it.
 */
function commentAbove(text, line) {
  const lines = text.split("\n");
  const parts = [];
  const own = lines[line - 1] ?? "";
  const trailing = /\/\*.*?\*\/|\/\/.*$/u.exec(own);
  if (trailing) parts.push(trailing[0]);
  let i = line - 2;
  const isCommentLine = (s) => /^\s*(\/\*|\*|\/\/)|\*\/\s*$/u.test(s);
  while (i >= 0 && isCommentLine(lines[i])) parts.unshift(lines[i--]);
  return parts.join("\n");
}

/** In-tree partners the comment names: functions defined in the tree, or files of the tree. */
function partnersNamed(comment, fn, file) {
  if (!comment) return [];
  const partners = [];
  const seen = new Set();
  for (const match of comment.matchAll(/\b([A-Za-z_]\w*(?:[-/.]\w+)*\.[ch])\b/gu)) {
    const written = match[1];
    const candidates = (treeFiles.get(basename(written)) ?? []).filter((rel) => rel.endsWith(written));
    if (candidates.length !== 1 || seen.has(candidates[0])) continue;
    seen.add(candidates[0]);
    partners.push({ kind: "file", name: written, file: join(tree, candidates[0]) });
  }
  for (const match of comment.matchAll(/\b([A-Za-z_]\w*)\b(\s*\(\))?/gu)) {
    const [, name, parens] = match;
    // A plain word is a function only with an underscore or written as a call.
    if (!parens && !name.includes("_")) continue;
    if (name === fn.name || primitives[name] || seen.has(name)) continue;
    const defined = view.functionsNamed(name).filter((f) => !f.isPrimitiveWrapper);
    if (defined.length === 0) continue;
    seen.add(name);
    // A static function of the same name in the barrier's own file is the one meant.
    const own = defined.filter((f) => f.site.file === file);
    for (const f of (own.length > 0 ? own : defined).slice(0, 3)) {
      partners.push({ kind: "function", name, file: f.site.file, lines: [f.site.line, f.site.endLine] });
    }
  }
  return partners;
}

function partnerLabel(partner) {
  return partner.kind === "file" ? partner.name : `${partner.name}() ${relative(tree, partner.file)}:${partner.lines[0]}`;
}

function backupPath(file) {
  return join(backupDirectory, relative(tree, file));
}

function restoreLeftovers() {
  if (!existsSync(backupDirectory)) return;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const target = join(tree, relative(backupDirectory, path));
        writeFileSync(target, readFileSync(path));
        process.stderr.write(`restored ${relative(tree, target)} from an interrupted run\n`);
      }
    }
  };
  walk(backupDirectory);
  rmSync(backupDirectory, { recursive: true, force: true });
}

/**
 * Runs `change` (a write of the tree) and waits until the project index has seen it: the index
 * re-stats its files at most once per re-check interval and returns the same view object until
 * something changed, so without the wait a partner file could be linted against the old text.
 */
async function indexSees(change) {
  const before = currentView();
  change();
  const deadline = Date.now() + 60_000;
  while (currentView() === before) {
    if (Date.now() > deadline) {
      process.stderr.write("mutation-test: the project index did not see a change within 60 s\n");
      return;
    }
    await sleep(100);
  }
}

function writeMutation(mutation) {
  const original = readFileSync(mutation.file);
  const backup = backupPath(mutation.file);
  mkdirSync(dirname(backup), { recursive: true });
  writeFileSync(backup, original);
  pending = { file: mutation.file, original, backup };
  const text = original.toString("utf8");
  const mutated = text.slice(0, mutation.start) + mutation.replacement + text.slice(mutation.end);
  if (mutated.length !== text.length) throw new Error("a mutation must keep the file's length");
  writeFileSync(mutation.file, mutated);
}

function restorePending() {
  if (!pending) return;
  writeFileSync(pending.file, pending.original);
  rmSync(pending.backup, { force: true });
  pending = undefined;
}

async function lintAll(files) {
  const reports = new Map();
  for (const result of await eslint.lintFiles(files)) reports.set(result.filePath, result.messages);
  return reports;
}

async function lintOriginal(file) {
  const reports = await lintAll([file]);
  originalReports.set(file, reports.get(file) ?? []);
}

function reportKey(message) {
  return `${message.ruleId}|${message.line}|${message.column}|${message.message}`;
}

/** Reports of the mutated run that the original run of the same file does not have, where they count. */
function newReports(mutation, files, mutatedReports) {
  const found = [];
  for (const file of files) {
    const before = new Map();
    for (const message of originalReports.get(file) ?? []) before.set(reportKey(message), (before.get(reportKey(message)) ?? 0) + 1);
    for (const message of mutatedReports.get(file) ?? []) {
      const key = reportKey(message);
      if ((before.get(key) ?? 0) > 0) {
        before.set(key, before.get(key) - 1);
        continue;
      }
      const where = placeOf(mutation, file, message.line);
      if (where) found.push({ where, file: relative(tree, file), line: message.line, ruleId: message.ruleId, message: message.message });
    }
  }
  return found;
}

/**
 * The functions of the same file that `fn` calls directly: a deletion can leave a callee's access
 * unordered (an RMW whose after-rmw fence was in its caller), and the report belongs at that access.
 */
function calleesIn(fn, fileIR) {
  const names = new Set(leafEvents(fn.body).filter((event) => event.kind === "call").map((event) => event.callee));
  return fileIR.functions.filter((other) => other !== fn && names.has(other.name))
    .map((other) => ({ name: other.name, lines: [other.site.line, other.site.endLine] }));
}

function placeOf(mutation, file, line) {
  if (file === mutation.file && line >= mutation.fnLines[0] && line <= mutation.fnLines[1]) return "mutated function";
  if (file === mutation.file) {
    const callee = mutation.callees.find((entry) => line >= entry.lines[0] && line <= entry.lines[1]);
    if (callee) return `callee ${callee.name}`;
  }
  for (const partner of mutation.partners) {
    if (partner.file !== file) continue;
    if (partner.kind === "file" || (line >= partner.lines[0] && line <= partner.lines[1])) return `partner ${partner.name}`;
  }
  return undefined;
}

function printSummary(rows) {
  let hits = 0;
  const byRule = {};
  for (const { mutation, hit, found, error } of rows) {
    if (hit) hits++;
    const head = `${hit ? "hit " : "MISS"} ${mutation.rel}:${mutation.line} ${mutation.fn}() ${mutation.api}`;
    console.log(`${head}  [partners: ${mutation.partners.map(partnerLabel).join(", ")}]`);
    if (error) console.log(`     error: ${error.split("\n")[0]}`);
    const rules = new Set();
    for (const report of found ?? []) {
      rules.add(report.ruleId);
      console.log(`     ${report.ruleId} ${report.file}:${report.line} (${report.where}): ${report.message.split("\n")[0].slice(0, 200)}`);
    }
    for (const rule of rules) byRule[rule] = (byRule[rule] ?? 0) + 1;
  }
  const onlyComment = rows.filter((row) => row.hit && row.found.every((r) => r.ruleId === "barriers/barrier-comment")).length;
  console.log(`\n${rows.length} mutations, ${hits} found (${rows.length ? ((100 * hits) / rows.length).toFixed(1) : 0}%), ${rows.length - hits} missed`);
  console.log(`found only by barrier-comment: ${onlyComment}; mutations found per rule: ${JSON.stringify(byRule)}`);
}

function jsonRow({ mutation, hit, found, error }) {
  const { rel, fn, fnLines, line, api, comment, partners } = mutation;
  const partnerRows = partners.map((partner) => ({ ...partner, file: relative(tree, partner.file) }));
  return { file: rel, fn, fnLines, line, api, comment, partners: partnerRows, hit, found, ...(error ? { error } : {}) };
}
