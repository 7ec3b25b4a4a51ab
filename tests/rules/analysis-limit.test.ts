import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ESLint, Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { ABSENCE_CLAIMS } from "../../src/analysis/limits/index.js";
import { MAX_STATEMENT_NESTING } from "../../src/frontends/c/lowering-context.js";

const barriers = plugin as unknown as ESLint.Plugin & { configs: Record<string, Linter.Config> };

/** A writer whose reader is nowhere: with the whole project seen, unpaired-barrier says "no partner". */
const LONE_WRITER = `
struct ring { int data; int ready; };
void produce(struct ring *r) {
    r->data = 1;
    smp_wmb(); /* orders data before ready; pairs with the reader's smp_rmb() */
    qatomic_set(&r->ready, 1);
}
`;

const directory = mkdtempSync(path.join(tmpdir(), "barriers-analysis-limit-"));
writeFileSync(path.join(directory, "writer.c"), LONE_WRITER);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function lintWriter(project: object): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({
    cwd: directory,
    overrideConfigFile: true,
    overrideConfig: [{ ...barriers.configs["qemu-strict"]!, settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { cacheDirectory: false, ...project } } } }],
  });
  const [result] = await eslint.lintFiles(["writer.c"]);
  return result!.messages;
}

function ruleIds(messages: readonly Linter.LintMessage[]): string[] {
  return messages.map((message) => message.ruleId ?? "").sort();
}

describe("analysis-limit", () => {
  it("with the whole project seen, the lone writer is unpaired and nothing is said about limits", async () => {
    const messages = await lintWriter({});
    expect(ruleIds(messages)).toContain("barriers/unpaired-barrier");
    expect(ruleIds(messages)).not.toContain("barriers/analysis-limit");
  });

  it.each([
    ["no file matches settings.barriers.project.files", { files: ["nowhere/**/*.c"] }, "matches settings.barriers.project.files"],
    ["the project root is missing", { root: "does-not-exist" }, "could not be searched"],
  ])("when %s, the no-partner report is withheld and one warning says why", async (_label, project, reason) => {
    const messages = await lintWriter(project);
    expect(ruleIds(messages)).not.toContain("barriers/unpaired-barrier");
    const limits = messages.filter((message) => message.ruleId === "barriers/analysis-limit");
    expect(limits).toHaveLength(1);
    expect(limits[0]!.severity).toBe(1);
    expect(limits[0]!.message).toContain(reason);
    expect(limits[0]!.message).toContain("withheld");
  });

  it("project.enabled: false is single-file analysis: the file is the whole program, nothing is withheld", async () => {
    const messages = await lintWriter({ enabled: false });
    expect(ruleIds(messages)).toContain("barriers/unpaired-barrier");
    expect(ruleIds(messages)).not.toContain("barriers/analysis-limit");
  });

  it("a function cut by the front-end makes the file incomplete, and the warning points at the cut", () => {
    const depth = MAX_STATEMENT_NESTING;
    const code = `${LONE_WRITER}\nint c;\nvoid deep(struct ring *r) {\n${"if (c) {\n".repeat(depth)}r->ready = 2;\n${"}\n".repeat(depth)}}\n`;
    const messages = new Linter({ configType: "flat" }).verify(code, [{
      ...barriers.configs["qemu-strict"]!, settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { enabled: false } } },
    }], "deep.c");
    expect(ruleIds(messages)).not.toContain("barriers/unpaired-barrier");
    const limit = messages.find((message) => message.ruleId === "barriers/analysis-limit");
    expect(limit?.message).toMatch(/in this file, deep\(\) \(line \d+\): statements nested deeper than/u);
    expect(limit!.line).toBeGreaterThan(depth / 2);
  });

  it("withholds only messages its rules define", () => {
    for (const [rule, messageIds] of Object.entries(ABSENCE_CLAIMS)) {
      const messages = Object.keys(plugin.rules[rule]?.meta?.messages ?? {});
      for (const messageId of messageIds) expect(messages, `${rule}/${messageId}`).toContain(messageId);
    }
  });
});
