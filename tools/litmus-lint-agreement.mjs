#!/usr/bin/env node
// Lints every two-thread test of the public LKMM litmus collections as a C file (the `linux`
// preset, the project index off) and compares the rules' verdict with herd7's recorded Result:
// a report from unpaired-barrier or full-barrier-pairing means "this can go wrong" (Sometimes,
// Always, or DATARACE); no report means Never.
//
//   npm run build && node tools/litmus-lint-agreement.mjs [dir ...] [--dist path/to/index.js] [--all]
//
// Defaults: /work/corpora/litmus and /work/corpora/lkmm-litmus (local copies of paulmckrcu/litmus
// and the kernel's tools/memory-model/litmus-tests; not committed). Tests using locks, RCU grace
// periods, RCU read-side sections or SRCU are left out: the model refuses those.
import { basename, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { ESLint } from "eslint";
import { litmusTests, litmusToolArguments } from "./litmus-corpus-files.mjs";

const { options, showAll, dirs } = litmusToolArguments(process.argv.slice(2), {
  dist: new URL("../dist/index.js", import.meta.url).pathname,
});
const distPath = options.dist;
const plugin = (await import(pathToFileURL(resolve(distPath)).href)).default;
const model = await import(pathToFileURL(resolve(distPath, "../model/index.js")).href);
const RULES = new Set(["barriers/unpaired-barrier", "barriers/full-barrier-pairing"]);
const preset = plugin.configs.linux;
const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [{
    ...preset, files: ["**/*.c"], settings: { barriers: { ...preset.settings.barriers, project: { enabled: false } } },
    // The two rules compared, whether or not the preset turns them on.
    rules: { ...preset.rules, ...Object.fromEntries([...RULES].map((rule) => [rule, "error"])) },
  }],
});
const LEFT_OUT = /\b(spin_\w+|synchronize_\w+|\w*srcu\w*|rcu_read_lock|\w*_lock|filter)\b/;

/**
 * The litmus test as a C file: the header line, the initial state, the `(* *)` comments and the
 * final condition go; each `P<n>(...)` gets a `void` return type, and the registers it uses without
 * declaring them (litmus registers are implicit) are declared on its opening brace. Lines keep their
 * numbers.
 */
function litmusAsC(text) {
  const blank = (s) => s.replace(/[^\n]/g, " ");
  let c = blankLitmusComments(text, blank);
  const firstThread = c.search(/^\s*P0\s*\(/m);
  c = blank(c.slice(0, firstThread)) + c.slice(firstThread);
  const tail = c.search(/^\s*(exists|~\s*exists|forall|locations)\b/m);
  if (tail >= 0) c = c.slice(0, tail) + blank(c.slice(tail));
  c = c.replace(/^(\s*)(P\d+\s*\()/gm, "$1void $2");
  return c.replace(/(void P\d+\s*\([^)]*\)\s*\{)([\s\S]*?)(?=\nvoid P\d+|$)/g, (all, head, body) => {
    const used = new Set(body.match(/\br\d+\b/g) ?? []);
    const declared = new Set([...body.matchAll(/\b(?:int|long|intptr_t|uintptr_t|unsigned)\s*\**\s*(r\d+)\b/g)].map((m) => m[1]));
    const implicit = [...used].filter((reg) => !declared.has(reg));
    return implicit.length === 0 ? all : `${head} intptr_t ${implicit.join(", ")};${body}`;
  });
}

/**
 * `(* *)` comments belong to the litmus syntax around the threads (herd7 reads the thread bodies as
 * C, where `(*x1)` and `(intptr_t *)r1` are expressions): they are blanked outside the bodies only.
 */
function blankLitmusComments(text, blank) {
  let out = "";
  let at = 0;
  const thread = /^\s*P\d+\s*\([^)]*\)\s*\{/gm;
  for (let match; (match = thread.exec(text)) !== null;) {
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}" && --depth === 0) break;
    }
    out += text.slice(at, match.index).replace(/\(\*[\s\S]*?\*\)/g, blank) + text.slice(match.index, end + 1);
    at = end + 1;
    thread.lastIndex = at;
  }
  return out + text.slice(at).replace(/\(\*[\s\S]*?\*\)/g, blank);
}

function familyOf(name) {
  const base = name.replace(/^.*\//, "").replace(/^C-/, "");
  return /^\d\+\d[A-Za-z]+/.exec(base)?.[0] ?? base.split(/[+-]/)[0];
}

const families = new Map();
const disagreements = [];
let total = 0;
let agree = 0;
const times = [];
for (const { dir, path, text, test } of litmusTests(dirs, model.readLitmus)) {
  if (!test || test.threads.length !== 2 || LEFT_OUT.test(text)) continue;
  const words = (test.recorded ?? "").split(/\s+/);
  if (!["Never", "Sometimes", "Always"].includes(words[0])) continue;
  const canGoWrong = words[0] !== "Never" || words.includes("DATARACE");
  const start = performance.now();
  const [result] = await eslint.lintText(litmusAsC(text), { filePath: resolve("litmus-lint", `${basename(path, ".litmus")}.c`) });
  times.push(performance.now() - start);
  const reports = result.messages.filter((message) => RULES.has(message.ruleId));
  const reported = reports.length > 0;
  const family = `${basename(dir)}:${familyOf(test.name ?? basename(path, ".litmus"))}`;
  const row = families.get(family) ?? { checked: 0, agree: 0 };
  families.set(family, row);
  row.checked++;
  total++;
  if (reported === canGoWrong) {
    row.agree++;
    agree++;
  } else {
    disagreements.push({
      path: relative("/work/corpora", path), recorded: words.join(" "),
      got: reported ? reports.map((message) => `${message.ruleId.replace("barriers/", "")}@${message.line}: ${message.message.slice(0, 160)}`).join(" | ") : "no report",
    });
  }
}

const pct = (a, b) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
console.log("family".padEnd(40), "checked", "agree", "agree%");
for (const [family, row] of [...families].sort()) {
  if (!showAll && row.checked === row.agree && row.checked < 3) continue;
  console.log(family.padEnd(40), String(row.checked).padStart(7), String(row.agree).padStart(5), pct(row.agree, row.checked).padStart(6));
}
console.log("\nTOTAL".padEnd(41), String(total).padStart(7), String(agree).padStart(5), pct(agree, total).padStart(6));
const sorted = times.sort((a, b) => a - b);
if (sorted.length > 0) console.log(`lint time per test: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`);
console.log(`\ndisagreements (${disagreements.length}):`);
for (const d of disagreements) console.log(`  ${d.path}: herd7 ${d.recorded}; rules: ${d.got}`);
