import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { cli, messagePassing, projectWith } from "./cli-harness.js";

const repository = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const builtPlugin = path.join(repository, "dist", "index.js");

/** Every failure is one line on stderr, prefixed with the command's name, and exit code 2. */
function expectUsageError(run: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^eslint-barriers: [^\n]+\n$/u);
  expect(run.stderr).toMatch(message);
}

describe("eslint-barriers: help, version and usage errors", () => {
  const cwd = projectWith({});

  it("--help and -h print the usage and exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const run = await cli(cwd, flag);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: eslint-barriers <command>/u);
      expect(run.stdout).toContain("--version");
    }
  });

  it("--version and -v print the package's version and exit 0", async () => {
    for (const flag of ["--version", "-v"]) expect(await cli(cwd, flag)).toEqual({ code: 0, stdout: `v${plugin.meta.version}\n`, stderr: "" });
  });

  it.each([
    [["--frobnicate"], /Unknown option '--frobnicate'/u],
    [[], /no command given/u],
    [["lint"], /unknown command "lint"/u],
    [["graph", ".", "--format", "png"], /unknown format "png"; use one of dot, svg, html, mermaid, json/u],
    [["sarif", ".", "--format", "dot"], /--format applies to graph only/u],
    [["sarif", ".", "--preset", "kernel"], /unknown preset "kernel"; known: recommended, qemu/u],
    [["graph", "a", "b"], /one directory at most/u],
    [["--preset"], /--preset/u],
  ])("%j is a usage error", async (argv, message) => {
    expectUsageError(await cli(cwd, ...argv), message);
  });
});

describe("eslint-barriers: what it is pointed at", () => {
  it.each(["sarif", "graph"])("%s of a missing directory is an error naming it", async (command) => {
    expectUsageError(await cli(projectWith({}), command, "does/not/exist", "--preset", "qemu-strict"), /no such directory: does\/not\/exist$/mu);
  });

  it.each(["sarif", "graph"])("%s of a file is an error", async (command) => {
    const root = projectWith({ "a.c": "int x;\n" });
    expectUsageError(await cli(root, command, "a.c", "--preset", "qemu-strict"), /no such directory: a\.c$/mu);
  });

  it("sarif of a directory without anything to lint names that directory, not '.'", async () => {
    const root = projectWith({ "empty/README": "nothing here\n" });
    expectUsageError(await cli(root, "sarif", "empty", "--preset", "qemu-strict"), /no files to lint under empty$/mu);
  });

  it("graph of a directory no barrier rule applies to is an error, not an empty picture", async () => {
    const root = projectWith({ "docs/notes.txt": "nothing here\n" });
    expectUsageError(await cli(root, "graph", "docs", "--preset", "qemu-strict"), /no file under docs is linted by a barriers rule/u);
  });

  it("a directory without an eslint.config.* and without --preset is an error", async () => {
    const root = projectWith(messagePassing("correct"));
    expectUsageError(await cli(root, "sarif", "."), /no eslint\.config\.\* found for \.; add one or use --preset/u);
  });

  it("an output file that cannot be written is an error", async () => {
    const root = projectWith(messagePassing("correct"));
    expectUsageError(await cli(root, "graph", ".", "--preset", "qemu-strict", "-o", "missing/dir/graph.dot"), /cannot write .*graph\.dot/u);
  });
});

describe("eslint-barriers sarif", () => {
  it("exits 1 when there are problems of severity error, with both ends of the pair and paths relative to the cwd", async () => {
    const root = projectWith(messagePassing("reversed"));
    const run = await cli(path.dirname(root), "sarif", path.basename(root), "--preset", "qemu-strict");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const sarif = JSON.parse(run.stdout);
    const results = sarif.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; relatedLocations: unknown[] }[];
    const unpaired = results.filter((result) => result.ruleId === "barriers/unpaired-barrier");
    expect(unpaired.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri).sort())
      .toEqual([`${path.basename(root)}/src/reader.c`, `${path.basename(root)}/src/writer.c`]);
    for (const result of unpaired) {
      expect(result.level).toBe("error");
      expect(result.relatedLocations.length).toBeGreaterThan(0);
    }
    expect(run.stdout).not.toContain(root);
  });

  it("a file that cannot be parsed fails the run: exit 1, and a tool notification as eslint's formatter writes it", async () => {
    const root = projectWith({ "src/broken.ts": "export const = ;\n" });
    const run = await cli(root, "sarif", ".", "--preset", "js");
    expect(run.code).toBe(1);
    const [invocation] = JSON.parse(run.stdout).runs[0].invocations as {
      executionSuccessful: boolean;
      toolConfigurationNotifications: { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    }[];
    expect(invocation!.executionSuccessful).toBe(false);
    expect(invocation!.toolConfigurationNotifications.map((note) => [note.level, note.locations[0]!.physicalLocation.artifactLocation.uri]))
      .toEqual([["error", "src/broken.ts"]]);
    expect(invocation!.toolConfigurationNotifications[0]!.message.text).toMatch(/^Parsing error/u);
  });

  it("exits 0 on a correct pair and writes SARIF without results", async () => {
    const root = projectWith(messagePassing("correct"));
    const run = await cli(root, "sarif", ".", "--preset", "qemu-strict");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).runs[0].results).toEqual([]);
    expect(JSON.parse(run.stdout).runs[0].invocations).toEqual([{ executionSuccessful: true, toolConfigurationNotifications: [] }]);
  });

  it("exits 0 when the config only warns, and marks the results as warnings", async () => {
    expect(existsSync(builtPlugin), "run `npm run build` first: the config file loads the built plugin").toBe(true);
    const root = projectWith({
      ...messagePassing("reversed"),
      "eslint.config.mjs": `import barriers from ${JSON.stringify(pathToFileURL(builtPlugin).href)};\n`
        + "export default [{ ...barriers.configs.qemu, rules: { \"barriers/unpaired-barrier\": \"warn\" } }];\n",
    });
    const run = await cli(root, "sarif", ".", "-o", "out.sarif");
    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
    const results = JSON.parse(readFileSync(path.join(root, "out.sarif"), "utf8")).runs[0].results as { level: string }[];
    expect(results.length).toBeGreaterThan(0);
    expect(new Set(results.map((result) => result.level))).toEqual(new Set(["warning"]));
  });
});

describe("SARIF through ESLint's own formatter", () => {
  it("@microsoft/eslint-formatter-sarif writes the plugin's results, as docs/ci.md says", async () => {
    const root = projectWith(messagePassing("reversed"));
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs["qemu-strict"]!] });
    const results = await eslint.lintFiles(["."]);
    const format = createRequire(import.meta.url)("@microsoft/eslint-formatter-sarif") as (results: ESLint.LintResult[], data: object) => string;
    const sarif = JSON.parse(format(results, { rulesMeta: eslint.getRulesMetaForResults(results) }));
    const ruleIds = (sarif.runs[0].results as { ruleId: string }[]).map((result) => result.ruleId);
    expect(ruleIds.filter((id) => id === "barriers/unpaired-barrier")).toHaveLength(2);
  });
});

describe("eslint-barriers graph", () => {

  it("honours every block of the config: C and TS projects are both drawn", async () => {
    expect(existsSync(builtPlugin), "run `npm run build` first: examples/eslint.config.js loads the built plugin").toBe(true);
    const run = await cli(repository, "graph", "examples", "--format", "json");
    expect(run.code).toBe(0);
    const graph = JSON.parse(run.stdout) as { nodes: { file: string }[] };
    const files = new Set(graph.nodes.map((node) => node.file));
    for (const expected of ["examples/qemu/poll.c", "examples/linux/spsc-producer.c", "examples/ts/ring/main.ts", "examples/ts/ring-broken/worker.ts"]) {
      expect(files).toContain(expected);
    }
  });

  it.each(["dot", "json", "mermaid", "svg", "html"])("shows file names relative to the cwd in %s", async (format) => {
    const root = projectWith(messagePassing("correct"));
    const run = await cli(path.dirname(root), "graph", path.basename(root), "--preset", "qemu-strict", "--format", format);
    expect(run.code).toBe(0);
    const text = run.stdout.replace(/&#45;/gu, "-"); // Graphviz's SVG escapes hyphens
    expect(text).toContain(`${path.basename(root)}/src/writer.c`);
    expect(text).not.toContain(root);
  });

  it("says on stderr, and still exits 0, when the index could not read the whole project", async () => {
    const root = projectWith({ ...messagePassing("correct"), "src/broken.ts": "export const = ;\n", "src/ok.ts": "export const ok = 1;\n" });
    const run = await cli(root, "graph", ".", "--preset", "js", "-f", "html");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^eslint-barriers: warning: the graph is incomplete: 1 file could not be read or parsed: src\/broken\.ts [^\n]*\n$/u);
    expect(run.stdout).toContain("<strong>Incomplete:</strong> 1 file could not be read or parsed: src/broken.ts");
  });

  it("joins the two points of a pair with one edge", async () => {
    const root = projectWith(messagePassing("reversed"));
    const graph = JSON.parse((await cli(root, "graph", ".", "--preset", "qemu-strict", "-f", "json")).stdout) as {
      nodes: { id: string; function: string }[]; edges: { from: string; to: string; kind: string }[];
    };
    const functionOf = (id: string) => graph.nodes.find((node) => node.id === id)!.function;
    expect(graph.edges.map((edge) => `${edge.kind} ${functionOf(edge.from)}->${functionOf(edge.to)}`)).toEqual(["reversed publish->consume"]);
  });

  it("shows the memory model's witness at a reported point, and none on a correct pair", async () => {
    const reversed = projectWith(messagePassing("reversed"));
    const graph = JSON.parse((await cli(reversed, "graph", ".", "--preset", "qemu-strict", "-f", "json")).stdout) as {
      nodes: { function: string; witnesses?: string[] }[];
    };
    const witnessed = graph.nodes.filter((node) => node.witnesses);
    expect(witnessed.length).toBeGreaterThan(0);
    for (const node of witnessed) expect(node.witnesses!.join("\n")).toMatch(/^unpaired-barrier: LKMM allows it: .*reads 0 \(the initial value\)/u);
    const dot = (await cli(reversed, "graph", ".", "--preset", "qemu-strict", "-f", "dot")).stdout;
    expect(dot).toMatch(/penwidth=3,tooltip="unpaired-barrier: LKMM allows it: /u);
    const html = (await cli(reversed, "graph", ".", "--preset", "qemu-strict", "-f", "html")).stdout;
    expect(html).toContain("<h2>Witnesses</h2>");

    const correct = projectWith(messagePassing("correct"));
    const clean = JSON.parse((await cli(correct, "graph", ".", "--preset", "qemu-strict", "-f", "json")).stdout) as { nodes: { witnesses?: string[] }[] };
    expect(clean.nodes.some((node) => node.witnesses)).toBe(false);
    expect((await cli(correct, "graph", ".", "--preset", "qemu-strict", "-f", "html")).stdout).not.toContain("<h2>Witnesses</h2>");
  });
});

describe("the installed command", () => {
  const bin = path.join(repository, "dist", "cli", "main.js");

  it("exits with the codes it documents when run as a process", () => {
    expect(existsSync(bin), "run `npm run build` first").toBe(true);
    expect(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" })).toBe(`v${plugin.meta.version}\n`);
    const missing = spawnSync(process.execPath, [bin, "graph", "/nonexistent/dir"], { encoding: "utf8" });
    expect([missing.status, missing.stdout, missing.stderr]).toEqual([2, "", "eslint-barriers: no such directory: /nonexistent/dir\n"]);
    const root = projectWith(messagePassing("reversed"));
    const problems = spawnSync(process.execPath, [bin, "sarif", ".", "--preset", "qemu-strict"], { cwd: root, encoding: "utf8" });
    expect(problems.status).toBe(1);
    expect(JSON.parse(problems.stdout).version).toBe("2.1.0");
  });
});
