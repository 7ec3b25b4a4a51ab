import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint, Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../../../src/index.js";

const RING = fileURLToPath(new URL("../../../examples/ts/ring-broken/", import.meta.url));
const SOURCES = fs.readdirSync(RING).filter((name) => name.endsWith(".ts")).sort();
const workspaces: string[] = [];

afterAll(() => {
  for (const directory of workspaces) fs.rmSync(directory, { recursive: true, force: true });
});

/** Every `Atomics.op(` of the broken ring example, spelled another way; one line is added at the top. */
const SPELLINGS: Record<string, (text: string) => string> = {
  "an alias": (text) => `const A = Atomics;\n${text.replace(/\bAtomics\.(\w+)\(/gu, "A.$1(")}`,
  "constant string keys": (text) => `const OPS = "load";\n${text.replace(/\bAtomics\.(\w+)\(/gu, (_all, op: string) => (op === "load" ? "Atomics[OPS](" : `Atomics["${op}"](`))}`,
  "destructuring": (text) => {
    const used = [...new Set([...text.matchAll(/\bAtomics\.(\w+)\(/gu)].map((match) => match[1]!))];
    const bindings = used.map((op) => `${op}: atomic_${op}`).join(", ");
    return `const { ${bindings} } = Atomics;\n${text.replace(/\bAtomics\.(\w+)\(/gu, "atomic_$1(")}`;
  },
};

async function lintRing(rewrite: (text: string) => string): Promise<string[]> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "barriers-indirect-"));
  workspaces.push(directory);
  for (const name of SOURCES) fs.writeFileSync(path.join(directory, name), rewrite(fs.readFileSync(path.join(RING, name), "utf8")));
  const eslint = new ESLint({
    cwd: directory,
    overrideConfigFile: true,
    overrideConfig: [{ ...(plugin.configs["js-strict"] as Linter.Config), settings: { barriers: { dialects: ["js"], project: { cacheDirectory: false } } } }],
  });
  const results = await eslint.lintFiles(SOURCES);
  return results.flatMap((result) => result.messages.map((message) => `${path.basename(result.filePath)}:${message.line} ${message.ruleId}: ${message.message}`));
}

describe("reports on Atomics reached indirectly", () => {
  it.each(Object.keys(SPELLINGS))("are those of `Atomics.op` when the calls are spelled with %s", async (spelling) => {
    const direct = await lintRing((text) => `\n${text}`);
    expect(direct.length).toBeGreaterThan(3);
    expect(direct.some((line) => line.includes("barriers/"))).toBe(true);
    expect(await lintRing(SPELLINGS[spelling]!)).toEqual(direct);
  });
});

describe("an Atomics call whose method cannot be resolved", () => {
  it("is named by one analysis-limit message at the call, not dropped in silence", () => {
    const config = { ...(plugin.configs["js-strict"] as Linter.Config), settings: { barriers: { dialects: ["js"], project: { enabled: false } } } };
    const code = [
      "const flags = new Int32Array(new SharedArrayBuffer(8));",
      "export function write(op: string) { flags[1] = 2; Atomics[op](flags, 0, 1); }",
      "export function read() { if (Atomics.load(flags, 0)) return flags[1]; return 0; }",
    ].join("\n");
    const messages = new Linter({ configType: "flat" }).verify(code, [config], "ring.ts");
    const limits = messages.filter((message) => message.ruleId === "barriers/analysis-limit");
    expect(limits).toHaveLength(1);
    expect(limits[0]).toMatchObject({ line: 2, column: 51 });
    expect(limits[0]!.message).toContain("Atomics[op](): which Atomics method it names is computed from a value the analysis cannot resolve");
  });
});
