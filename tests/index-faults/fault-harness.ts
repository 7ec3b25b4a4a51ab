import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ESLint } from "eslint";
import { getProjectIndexStats, resetProjectIndexes } from "../../src/analysis/index/project-index.js";
import plugin from "../../src/index.js";
import { reportLines } from "../cli/cli-harness.js";

export const repository = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const bin = path.join(repository, "dist", "cli", "main.js");
export const builtPlugin = path.join(repository, "dist", "index.js");

/**
 * The qemu preset with `unpaired-barrier` on, whichever tier of presets turns it on: the pairs of
 * `pairedModules` are what it reports.
 */
const PAIRING_RULES = { "barriers/unpaired-barrier": "error" } as const;

/** A config file that loads the built plugin: what worker threads and other processes can load. */
export function configFile(): Record<string, string> {
  return {
    "eslint.config.mjs": `import barriers from ${JSON.stringify(pathToFileURL(builtPlugin).href)};\n`
      + `export default [{ ...barriers.configs.qemu, rules: { ...barriers.configs.qemu.rules, ...${JSON.stringify(PAIRING_RULES)} } }];\n`,
  };
}

/** Lints the project in process with the qemu preset and a fresh index; the reports and the index's counters. */
export async function lintInProcess(root: string) {
  resetProjectIndexes();
  const qemu = plugin.configs.qemu!;
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [{ ...qemu, rules: { ...qemu.rules, ...PAIRING_RULES } }] });
  const results = await eslint.lintFiles(["."]);
  const [stats] = getProjectIndexStats();
  return { reports: reportLines(results, root), stats: stats! };
}

/** A small deterministic generator (mulberry32), so that a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ProcessEnd {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

/** Runs `eslint-barriers index` in `root`; with `killAfterMs`, sends it SIGKILL then (if still running). */
export function runIndex(root: string, args: readonly string[], killAfterMs?: number): Promise<ProcessEnd> {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, "index", ".", ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ pid: child.pid, code, signal, stderr, ms: performance.now() - started });
    });
  });
}

/** Every file under the project's default cache directory, relative to it. */
export function cacheFiles(root: string): string[] {
  const cache = path.join(root, "node_modules", ".cache", "eslint-plugin-barriers");
  if (!existsSync(cache)) return [];
  return readdirSync(cache, { recursive: true, encoding: "utf8" }).map((name) => path.join(cache, name));
}

/**
 * Claims that name a writer (a claim left by a writer killed while creating it is empty and harmless),
 * in the entries directory written last: a plugin rebuilt with other primitives while the test ran
 * writes a directory of its own, and the claims of the other one are no longer anyone's concern.
 */
export function ownedClaims(root: string): string[] {
  const cache = path.join(root, "node_modules", ".cache", "eslint-plugin-barriers");
  const directories = existsSync(cache) ? readdirSync(cache).map((name) => path.join(cache, name)) : [];
  const current = directories.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (current === undefined) return [];
  return readdirSync(current, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".claim"))
    .map((name) => readFileSync(path.join(current, name), "utf8")).filter((owner) => owner.length > 0);
}
