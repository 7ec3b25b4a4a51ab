import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { getProjectIndexStats, resetProjectIndexes } from "../../src/analysis/index/project-index.js";
import plugin from "../../src/index.js";
import { cli, messagePassing, pairedModules, projectWith, reportLines } from "./cli-harness.js";

const repository = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const bin = path.join(repository, "dist", "cli", "main.js");
const builtPlugin = path.join(repository, "dist", "index.js");

/** The cache entries under a project's default cache directory. */
function entries(root: string): string[] {
  const cache = path.join(root, "node_modules", ".cache", "eslint-plugin-barriers");
  if (!existsSync(cache)) return [];
  return readdirSync(cache, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".json"));
}

/** Lints the project in process with the qemu preset, its index built afresh; the reports and the index's counters. */
async function lintInProcess(root: string, files: string[] = ["."]) {
  resetProjectIndexes();
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs["qemu-strict"]!] });
  const results = await eslint.lintFiles(files);
  const [stats] = getProjectIndexStats();
  return { reports: reportLines(results, root), stats: stats! };
}

/** A config file that loads the built plugin: what worker threads and other processes can load. */
function configFile(): Record<string, string> {
  return {
    "eslint.config.mjs": `import barriers from ${JSON.stringify(pathToFileURL(builtPlugin).href)};\n`
      + "export default [barriers.configs[\"qemu-strict\"]];\n",
  };
}

describe("eslint-barriers index", () => {
  it("builds the disk cache the rules read back: the next lint lowers nothing and reports as a cold one", async () => {
    const files = pairedModules(4);
    const cold = await lintInProcess(projectWith(files));
    expect(cold.stats.parsed).toBe(12);
    expect(cold.reports.some((line) => line.includes("barriers/unpaired-barrier"))).toBe(true);

    const root = projectWith(files);
    const run = await cli(root, "index", ".", "--preset", "qemu");
    // Not a terminal: nothing at all is printed.
    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(entries(root)).toHaveLength(12);
    const warm = await lintInProcess(root);
    expect(warm.stats).toMatchObject({ parsed: 0, cacheHits: 12, files: 12 });
    expect(warm.reports).toEqual(cold.reports);
  });

  it("uses the project's eslint.config.*, like sarif and graph", async () => {
    expect(existsSync(builtPlugin), "run `npm run build` first: the config file loads the built plugin").toBe(true);
    const root = projectWith({ ...messagePassing("correct"), ...configFile() });
    expect(await cli(root, "index")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(entries(root)).toHaveLength(3);
  });

  it("uses the config file -c names, relative to the cwd", async () => {
    const root = projectWith({ ...messagePassing("correct"), "configs/barriers.mjs": configFile()["eslint.config.mjs"]! });
    expect(await cli(root, "index", ".", "-c", "configs/barriers.mjs")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(entries(root)).toHaveLength(3);
  });

  it("shows files done, files total and the elapsed time on a terminal, then what it did", async () => {
    const root = projectWith(pairedModules(2));
    const shown: string[] = [];
    let stdout = "";
    let stderr = "";
    const io = { cwd: root, stdout: (text: string) => { stdout += text; }, stderr: (text: string) => { stderr += text; }, progress: (text: string) => { shown.push(text); } };
    const { runCli } = await import("../../src/cli/run-cli.js");
    expect(await runCli(["index", ".", "--preset", "qemu"], io)).toBe(0);
    expect([stdout, stderr]).toEqual(["", ""]);
    // Each draw goes back to the start of the line and erases it (CR, then ESC [K).
    const lines = shown.map((text) => text.replace("\r\u001b[K", "<redraw>"));
    expect(lines[0]).toBe("<redraw>indexing .: listing files");
    expect(lines[1]).toMatch(/^<redraw>indexing \.: 0\/6 files \(0%\), \d+\.\d s$/u);
    expect(lines).toContainEqual(expect.stringMatching(/^<redraw>indexing \.: 6\/6 files \(100%\), \d+\.\d s$/u));
    expect(lines.at(-1)).toMatch(/^<redraw>indexed \.: 6 files in \d+\.\d s \(6 lowered, 0 already in the cache\)\n$/u);
    // Done counts never go back.
    const done = lines.slice(1, -1).map((line) => Number(/: (\d+)\//u.exec(line)![1]));
    expect(done).toEqual([...done].sort((a, b) => a - b));

    shown.length = 0;
    expect(await runCli(["index", ".", "--preset", "qemu"], io)).toBe(0);
    expect(shown.at(-1)).toMatch(/\(0 lowered, 6 already in the cache\)\n$/u);
  });

  it("names the files it could not index on stderr, and still exits 0", async () => {
    const root = projectWith({ ...messagePassing("correct"), "src/binary.c": "int x;\0\0\n" });
    const run = await cli(root, "index", ".", "--preset", "qemu");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^eslint-barriers: warning: 1 file could not be indexed: src\/binary\.c \(could not be parsed [^\n]*\)\n$/u);
  });

  it.each([
    [["index", ".", "--concurrency", "0"], /--concurrency takes a positive number, auto or off, not "0"/u],
    [["index", ".", "--concurrency", "many"], /--concurrency takes a positive number, auto or off/u],
    [["sarif", ".", "--concurrency", "2"], /--concurrency applies to index only/u],
    [["index", ".", "-o", "x"], /--output does not apply to index/u],
    [["index", ".", "-f", "dot"], /--format applies to graph only/u],
    [["index", ".", "-c", "a.mjs", "--preset", "qemu"], /--config and --preset cannot be used together/u],
    [["graph", ".", "-c", "a.mjs"], /--config applies to index only/u],
  ])("%j is a usage error", async (argv, message) => {
    const run = await cli(projectWith({}), ...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("of a directory no barrier rule applies to is an error", async () => {
    const run = await cli(projectWith({ "notes.txt": "nothing\n" }), "index", ".", "--preset", "qemu");
    expect([run.code, run.stderr]).toEqual([2, "eslint-barriers: no file under . is linted by a barriers rule (check the config's files and rules)\n"]);
  });
});

describe("eslint-barriers index as a process", () => {
  it("prints nothing when stdout and stderr are not terminals, with or without worker threads", () => {
    expect(existsSync(bin), "run `npm run build` first").toBe(true);
    for (const concurrency of ["off", "2"]) {
      const root = projectWith(pairedModules(3));
      const run = spawnSync(process.execPath, [bin, "index", ".", "--preset", "qemu", "--concurrency", concurrency], { cwd: root, encoding: "utf8" });
      expect([run.status, run.stdout, run.stderr]).toEqual([0, "", ""]);
      expect(entries(root)).toHaveLength(9);
    }
  });

  it("shows its progress when stderr is a terminal", () => {
    const script = spawnSync("script", ["--version"], { encoding: "utf8" });
    if (script.status !== 0) return; // util-linux's script(1) gives the command a terminal; without it there is none to test with.
    const root = projectWith(pairedModules(3));
    const command = [process.execPath, bin, "index", ".", "--preset", "qemu"].map((word) => `'${word}'`).join(" ");
    const run = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: root, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("indexing .: 0/9 files (0%)");
    expect(run.stdout).toMatch(/indexed \.: 9 files in \d+\.\d s \(9 lowered, 0 already in the cache\)/u);
  });

  it("gives the lint that follows the same reports with worker threads as without, and a cache it reads warm", async () => {
    const files = pairedModules(6);
    const reference = await lintInProcess(projectWith(files));
    const root = projectWith(files);
    const run = spawnSync(process.execPath, [bin, "index", ".", "--preset", "qemu", "--concurrency", "2"], { cwd: root, encoding: "utf8" });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    const warm = await lintInProcess(root);
    expect(warm.stats).toMatchObject({ parsed: 0, cacheHits: 18 });
    expect(warm.reports).toEqual(reference.reports);
  });
});
