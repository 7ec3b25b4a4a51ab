#!/usr/bin/env node
// Runs the memory model on public litmus tests and compares its verdict with the
// one herd7 recorded in each test's "Result:" comment.
//
//   npm run build && node tools/litmus-sweep.mjs [dir ...] [--model lkmm|c11] [--module path/to/model/index.js]
//
// Defaults: /work/corpora/litmus and /work/corpora/lkmm-litmus (local copies of
// paulmckrcu/litmus and the kernel's tools/memory-model/litmus-tests; not committed).
import { readFileSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { litmusTests, litmusToolArguments } from "./litmus-corpus-files.mjs";

const { options, showAll, dirs } = litmusToolArguments(process.argv.slice(2), {
  model: "lkmm",
  module: new URL("../dist/model/index.js", import.meta.url).pathname,
});
const modelName = options.model;
const modulePath = options.module;
const model = await import(pathToFileURL(resolve(modulePath)).href);
const chosen = model[modelName];

/**
 * The herd7 verdict a test records: a sibling .out file's Observation line, or its
 * "Result:" comment. "DATARACE" after it marks a test LKMM flags as racy: its
 * outcome is undefined, so what is compared there is the race flag.
 */
function recordedVerdict(path, test, text) {
  for (const out of [`${path}.out`, path.replace(/\.litmus$/, ".out")]) {
    try {
      const text = readFileSync(out, "utf8");
      const m = /^Observation \S+ (Never|Sometimes|Always)/m.exec(text);
      if (m) return { verdict: m[1], racy: /data-race/.test(text) };
    } catch {
      // no sibling output
    }
  }
  // A test the reader rejects still counts: its Result comes from the raw text.
  const recorded = test?.recorded ?? /\(\*[^]*?Result:\s*([^\n]*)[^]*?\*\)/.exec(text)?.[1]?.trim() ?? "";
  const words = recorded.split(/\s+/);
  return { verdict: words[0], racy: words.includes("DATARACE") };
}

function familyOf(name) {
  const base = name.replace(/^.*\//, "").replace(/^C-/, "");
  return /^\d\+\d[A-Za-z]+/.exec(base)?.[0] ?? base.split("+")[0];
}

const families = new Map();
const disagreements = [];
const reasons = new Map();
const times = [];
let noVerdict = 0;
const racy = { recorded: 0, found: 0, unrecorded: [] };
for (const { dir, path, text, test } of litmusTests(dirs, model.readLitmus)) {
  const recorded = recordedVerdict(path, test, text);
  const family = `${basename(dir)}:${familyOf(test?.name ?? basename(path, ".litmus"))}`;
  const row = families.get(family) ?? { supported: 0, agree: 0, unsupported: 0, notChecked: 0 };
  families.set(family, row);
  if (!["Never", "Sometimes", "Always"].includes(recorded.verdict)) {
    noVerdict++;
    continue;
  }
  const start = performance.now();
  // A generous time bound keeps the sweep's numbers independent of the machine's load.
  const result = model.runLitmus(text, chosen, { detectRace: true, bounds: { ...model.DEFAULT_BOUNDS, maxMillis: 20_000 } });
  const ms = performance.now() - start;
  if (result.status !== "checked") {
    if (result.status === "unsupported") row.unsupported++;
    else row.notChecked++;
    const reason = result.reason.replace(/'[^']*'/g, "'…'").replace(/\d+/g, "N");
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    continue;
  }
  times.push({ ms, threads: test.threads.length, path });
  row.supported++;
  if (recorded.racy) {
    racy.recorded++;
    if (result.dataRace) {
      racy.found++;
      row.agree++;
    } else disagreements.push({ path: relative("/work/corpora", path), recorded: `${recorded.verdict} DATARACE`, got: `${result.verdict}, no data race` });
    continue;
  }
  if (result.dataRace) racy.unrecorded.push(relative("/work/corpora", path));
  if (result.verdict === recorded.verdict) row.agree++;
  else disagreements.push({ path: relative("/work/corpora", path), recorded: recorded.verdict, got: result.verdict + (result.dataRace ? " (data race)" : "") });
}

const pct = (a, b) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
const total = { supported: 0, agree: 0, unsupported: 0, notChecked: 0 };
console.log(`model: ${modelName}\n`);
console.log("family".padEnd(34), "supported", "agree", "agree%", "unsupported", "not-checked");
for (const [family, r] of [...families].sort()) {
  for (const k of Object.keys(total)) total[k] += r[k];
  if (r.supported + r.unsupported + r.notChecked === 0) continue;
  if (!showAll && r.supported === 0) continue;
  console.log(family.padEnd(34), String(r.supported).padStart(9), String(r.agree).padStart(5), pct(r.agree, r.supported).padStart(6), String(r.unsupported).padStart(11), String(r.notChecked).padStart(11));
}
console.log("\nTOTAL".padEnd(35), String(total.supported).padStart(9), String(total.agree).padStart(5), pct(total.agree, total.supported).padStart(6), String(total.unsupported).padStart(11), String(total.notChecked).padStart(11));
console.log(`tests without a herd7 verdict (Result: Maybe/DEADLOCK/none): ${noVerdict}`);
console.log(`tests recorded as racy (DATARACE): ${racy.recorded}, of which the model flags a race in ${racy.found}`);
console.log(`tests not recorded as racy where the model flags a race: ${racy.unrecorded.length}`);
for (const path of racy.unrecorded) console.log(`  ${path}`);
console.log("\nwhy tests were not checked:");
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(String(n).padStart(6), reason);
console.log(`\ndisagreements (${disagreements.length}):`);
for (const d of disagreements) console.log(`  ${d.path}: herd7 ${d.recorded}, model ${d.got}`);
const stats = (list) => {
  const s = list.map((t) => t.ms).sort((a, b) => a - b);
  if (s.length === 0) return "-";
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2);
  return `n=${s.length} median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};
console.log("\ntime per checked test:");
for (const n of [2, 3, 4]) console.log(`  ${n} threads: ${stats(times.filter((t) => t.threads === n))}`);
console.log(`  5+ threads: ${stats(times.filter((t) => t.threads >= 5))}`);
const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 3);
for (const t of slowest) console.log(`  slowest: ${relative("/work/corpora", t.path)} ${t.ms.toFixed(1)} ms`);
