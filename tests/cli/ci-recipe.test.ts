// docs/ci.md's recipe on a small project: one `eslint-barriers index`, then shard lints against the
// cache it built, each an `eslint` process of its own, compared with one run over the whole tree.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { bin, configFile, repository } from "../index-faults/fault-harness.js";
import { pairedModules, projectWith, reportLines } from "./cli-harness.js";

const run = promisify(execFile);
const eslintBin = path.join(repository, "node_modules", "eslint", "bin", "eslint.js");
const SHARDS = 2;

/** `eslint -f json` over `files` in `root`, as a process; its reports (exit code 1 is a run with errors). */
async function eslintProcess(root: string, files: readonly string[]): Promise<string[]> {
  const output = await run(process.execPath, [eslintBin, "--no-warn-ignored", "-f", "json", ...files], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
    .catch((error: { code?: number; stdout?: string }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw error;
    });
  return reportLines(JSON.parse(output.stdout) as Parameters<typeof reportLines>[0], root);
}

/** Modification times of every cache entry: an entry the shards wrote again would move. */
function entryTimes(root: string): Map<string, number> {
  const cache = path.join(root, "node_modules", ".cache", "eslint-plugin-barriers");
  const names = readdirSync(cache, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".json"));
  return new Map(names.map((name) => [name, statSync(path.join(cache, name)).mtimeMs]));
}

describe("CI: one index, sharded lint jobs", () => {
  it("shards linted against a cache built by `index` report what one run over the tree reports, and lower nothing", async () => {
    expect(existsSync(bin), "run `npm run build` first").toBe(true);
    const files = { ...pairedModules(12), ...configFile() };
    const single = await eslintProcess(projectWith(files), ["."]);
    expect(single.some((line) => line.includes("barriers/unpaired-barrier"))).toBe(true);

    const root = projectWith(files);
    await run(process.execPath, [bin, "index", ".", "--concurrency", "2"], { cwd: root });
    const built = entryTimes(root);
    expect(built.size).toBe(36);

    // As the recipe's `awk 'NR % n == i'` over the listed sources: a writer and its reader often land in different shards.
    const sources = Object.keys(files).filter((name) => /\.[ch]$/u.test(name)).sort();
    const shards = Array.from({ length: SHARDS }, (_, shard) => sources.filter((_, line) => (line + 1) % SHARDS === shard));
    const reports = (await Promise.all(shards.map((shard) => eslintProcess(root, shard)))).flat().sort();
    expect(reports).toEqual(single);
    expect(entryTimes(root)).toEqual(built);
  });
});
