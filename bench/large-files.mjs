// `npm run bench:large [c|ts] [pairs|large] [sizes, e.g. 1,8]`: lints generated C files of 1, 2, 4 and 8 MB (qemu
// preset) and TS files of 1, 2 and 5 MB (js preset), each in a fresh process with a fresh index cache,
// and prints elapsed time and peak RSS per file, and the ratio to the 1 MB file of the same kind.
// BENCH_TIMEOUT_S (default 600) stops a run that takes longer; it is reported as "> timeout".
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateLargeFile } from "./generate-large-file.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
// Decimal megabytes: the 8 MB file stays under the C language's default maxFileSize (8 MiB).
const MB = 1_000_000;
const KINDS = [
  { language: "c", extension: "c", preset: "qemu", sizes: [1, 2, 4, 8] },
  { language: "ts", extension: "ts", preset: "js", sizes: [1, 2, 5] },
];
const SHAPES = ["pairs", "large"];
const timeoutSeconds = Number(process.env.BENCH_TIMEOUT_S ?? 600);

const [languageFilter, shapeFilter, sizeFilter] = process.argv.slice(2);
const wantedSizes = sizeFilter ? new Set(sizeFilter.split(",").map(Number)) : undefined;
const workspace = mkdtempSync(path.join(tmpdir(), "barriers-large-"));
try {
  console.log(`${"file".padEnd(16)} ${"bytes".padStart(9)} ${"time".padStart(9)} ${"x 1 MB".padStart(7)} ${"CPU".padStart(9)} ${"x 1 MB".padStart(7)} ${"peak RSS".padStart(9)}  reports`);
  for (const kind of KINDS.filter((candidate) => !languageFilter || candidate.language === languageFilter)) {
    for (const shape of SHAPES.filter((candidate) => !shapeFilter || candidate === shapeFilter)) {
      let baseline;
      let cpuBaseline;
      for (const size of kind.sizes.filter((candidate) => !wantedSizes || wantedSizes.has(candidate))) {
        const result = await measure(kind, shape, size);
        baseline ??= result.ms;
        cpuBaseline ??= result.cpuMs;
        const time = result.failed ?? (result.timedOut ? `>${timeoutSeconds} s` : `${(result.ms / 1000).toFixed(1)} s`);
        const ratio = result.timedOut || result.failed || !baseline ? "-" : `${(result.ms / baseline).toFixed(1)}x`;
        const cpu = result.timedOut || result.failed ? "-" : `${(result.cpuMs / 1000).toFixed(1)} s`;
        const cpuRatio = result.timedOut || result.failed || !cpuBaseline ? "-" : `${(result.cpuMs / cpuBaseline).toFixed(1)}x`;
        const rss = result.maxRssMB === undefined ? "-" : `${result.maxRssMB} MB`;
        console.log(`${`${kind.language} ${shape} ${size} MB`.padEnd(16)} ${String(result.bytes).padStart(9)} ${time.padStart(9)} ${ratio.padStart(7)} ${cpu.padStart(9)} ${cpuRatio.padStart(7)} ${rss.padStart(9)}  ${JSON.stringify(result.reports ?? {})}`);
      }
    }
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}

/** Generates one file in a directory of its own (so the project index sees that file alone) and lints it. */
async function measure(kind, shape, size) {
  const directory = path.join(workspace, `${kind.language}-${shape}-${size}`);
  mkdirSync(directory);
  const file = path.join(directory, `generated.${kind.extension}`);
  const text = generateLargeFile(kind.language, shape, size * MB);
  writeFileSync(file, text);
  const cacheDirectory = path.join(workspace, `cache-${kind.language}-${shape}-${size}`);
  try {
    const output = await run(process.execPath, [path.join(here, "lint-file.mjs"), file, kind.preset, cacheDirectory]);
    return { bytes: text.length, ...JSON.parse(output.trim().split("\n").pop()) };
  } catch (error) {
    if (error.killed) return { bytes: text.length, timedOut: true };
    // A child that dies (out of heap) is a result too: the row says so and the other sizes still run.
    const reason = /heap out of memory/u.test(error.stderr ?? "") ? "out of memory" : `exit ${error.code ?? error.signal}`;
    return { bytes: text.length, failed: reason };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: "utf8", maxBuffer: 64 * MB, timeout: timeoutSeconds * 1000, killSignal: "SIGKILL" },
      (error, stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve(stdout)));
  });
}
