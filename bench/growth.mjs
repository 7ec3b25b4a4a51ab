// `npm run bench:growth [sizes, e.g. 1,2]`: how the project index grows with the tree. Each size is a
// set of real trees side by side under /work/corpora (named by globs from one root: no copies, no
// links, which the index does not follow), or a generated corpus for 15x. Per size, in fresh
// processes: a lint of qemu/util/async.c with the index over the whole set, first on a cold disk
// cache (every file lowered), then warm (every file read back); elapsed time and peak RSS of each,
// and the time per MB of C against the 1x point. Time should grow at most linearly with the bytes.
// BENCH_CORPORA (default /work/corpora) is where the trees are; BENCH_TIMEOUT_S (default 900) stops a
// point that takes longer.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./generate-corpus.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const corpora = process.env.BENCH_CORPORA ?? "/work/corpora";
const timeoutSeconds = Number(process.env.BENCH_TIMEOUT_S ?? 900);
const LINTED = "qemu/util/async.c";
/** QEMU's .c/.h bytes at the time of writing: the unit the generated corpus is sized in. */
const QEMU_BYTES = 76_000_000;
/** Per generated module (three files, 200 helpers per C file): about 192 KB. */
const GENERATED_MODULE_BYTES = 192_000;

const SIZES = {
  // QEMU alone.
  1: { trees: ["qemu"] },
  // QEMU HEAD and 6.0, DPDK, liburcu, liburing: 1.9x QEMU's bytes.
  2: { trees: ["qemu", "qemu6", "dpdk", "liburcu", "liburing"] },
  // The 2x set and QEMU 5.0 and 8.2, checked out from QEMU's history as /work/corpora/qemu5 and qemu8
  // (`git worktree add --detach /work/corpora/qemu5 <commit of "Update version for v5.0.0 release">`).
  4: { trees: ["qemu", "qemu6", "qemu5", "qemu8", "dpdk", "liburcu", "liburing"] },
  // Generated: 15 times QEMU's bytes, plus QEMU itself for the linted file.
  15: { trees: ["qemu"], generated: Math.round((14 * QEMU_BYTES) / GENERATED_MODULE_BYTES) },
};

const wanted = (process.argv[2] ?? "1,2").split(",").map(Number);
console.log(`load average at start: ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);
console.log(`${"size".padEnd(5)} ${"files".padStart(7)} ${"MB of C".padStart(8)} ${"cold".padStart(9)} ${"s/100 MB".padStart(9)} ${"peak RSS".padStart(9)} ${"warm".padStart(8)} ${"peak RSS".padStart(9)}  index`);
let baseline;
for (const size of wanted) {
  const spec = SIZES[size];
  if (!spec) throw new Error(`unknown size ${size}; known: ${Object.keys(SIZES).join(", ")}`);
  const missing = spec.trees.filter((tree) => !existsSync(path.join(corpora, tree)));
  if (missing.length > 0) {
    console.log(`${`${size}x`.padEnd(5)} skipped: ${missing.map((tree) => path.join(corpora, tree)).join(", ")} missing`);
    continue;
  }
  const files = spec.trees.map((tree) => `${tree}/**/*.{c,h}`);
  if (spec.generated) {
    generateCorpus(path.join(corpora, "generated-growth"), { modules: spec.generated, helpers: 200 });
    files.push("generated-growth/**/*.{c,h}");
  }
  const { count, bytes } = measureTrees([...spec.trees, ...(spec.generated ? ["generated-growth"] : [])]);
  const cache = mkdtempSync(path.join(tmpdir(), "barriers-growth-cache-"));
  try {
    const cold = await point(files, cache);
    const warm = cold.failed ? cold : await point(files, cache);
    const perHundredMB = cold.failed ? undefined : cold.ms / 1000 / (bytes / 1e8);
    baseline ??= perHundredMB;
    const show = (result) => result.failed ?? `${(result.ms / 1000).toFixed(1)} s`;
    const rss = (result) => (result.maxRssMB === undefined ? "-" : `${result.maxRssMB} MB`);
    const rate = perHundredMB === undefined ? "-" : `${perHundredMB.toFixed(1)} s`;
    console.log(`${`${size}x`.padEnd(5)} ${String(count).padStart(7)} ${(bytes / 1e6).toFixed(0).padStart(8)} ${show(cold).padStart(9)} ${rate.padStart(9)} ${rss(cold).padStart(9)} ${show(warm).padStart(8)} ${rss(warm).padStart(9)}  ${JSON.stringify(cold.index ?? {})}`);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
console.log(`load average at end: ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);

/** Files and bytes of C the globs will match (build and dist directories left out, as the index does). */
function measureTrees(trees) {
  let count = 0;
  let bytes = 0;
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.name === ".git" || entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith("build")) continue;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.[ch]$/u.test(entry.name)) {
        count++;
        bytes += statSync(full).size;
      }
    }
  };
  for (const tree of trees) walk(path.join(corpora, tree));
  return { count, bytes };
}

function point(files, cache) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(here, "growth-point.mjs"), corpora, LINTED, cache, JSON.stringify(files)], {
      encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: timeoutSeconds * 1000, killSignal: "SIGKILL",
    }, (error, stdout, stderr) => {
      if (error) {
        const reason = error.killed ? `>${timeoutSeconds} s` : /heap out of memory/u.test(stderr) ? "out of memory" : `exit ${error.code ?? error.signal}`;
        resolve({ failed: reason });
        return;
      }
      resolve(JSON.parse(stdout.trim().split("\n").pop()));
    });
  });
}
