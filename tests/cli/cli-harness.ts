import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "../../src/cli/run-cli.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line in process, from `cwd`, with its output captured. */
export async function cli(cwd: string, ...argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { cwd, stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; } });
  return { code, stdout, stderr };
}

/** A fresh directory outside the repository (so no eslint.config.* above it applies) holding `files`. */
export function projectWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "barriers-cli-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** A QEMU-style writer and reader pair: correct, or with the reader's barrier before its flag load. */
export function messagePassing(reader: "correct" | "reversed"): Record<string, string> {
  const barrier = "    /* Read ready before data; pairs with smp_wmb() in publish(). */\n    smp_rmb();\n";
  const flagThenData = `    if (!qatomic_read(&s->ready)) return 0;\n${barrier}    return s->data;\n`;
  const dataThenFlag = `    int v = s->data;\n${barrier}    if (!qatomic_read(&s->ready)) return 0;\n    return v;\n`;
  return {
    "src/shared.h": "struct S { int data; int ready; };\n",
    "src/writer.c": "#include \"shared.h\"\nvoid publish(struct S *s, int v)\n{\n    s->data = v;\n"
      + "    /* Publish data before ready; pairs with smp_rmb() in consume(). */\n    smp_wmb();\n    qatomic_set(&s->ready, 1);\n}\n",
    "src/reader.c": "#include \"shared.h\"\nint consume(struct S *s)\n{\n"
      + (reader === "correct" ? flagThenData : dataThenFlag) + "}\n",
  };
}

/**
 * `count` independent writer/reader modules in the style of `messagePassing` (every fifth one with its
 * reader's barrier on the wrong side), each with `helpers` plain functions around the pair so that
 * lowering takes a measurable time: a project large enough to interrupt while it is being indexed.
 */
export function pairedModules(count: number, helpers = 4): Record<string, string> {
  const files: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const type = `struct S${index}`;
    const filler = Array.from({ length: helpers }, (_, helper) =>
      `static int helper_${index}_${helper}(${type} *s, int n)\n{\n    int sum = 0;\n`
      + `    for (int i = 0; i < n; i++) {\n        if (i % ${helper + 2}) sum += s->data; else sum -= i;\n    }\n    return sum;\n}\n`).join("\n");
    const reversed = index % 5 === 0;
    const barrier = `    /* Read ready before data; pairs with smp_wmb() in publish_${index}(). */\n    smp_rmb();\n`;
    const body = reversed
      ? `    int v = s->data;\n${barrier}    if (!qatomic_read(&s->ready)) return 0;\n    return v + helper_${index}_0(s, 1);\n`
      : `    if (!qatomic_read(&s->ready)) return 0;\n${barrier}    return s->data + helper_${index}_0(s, 1);\n`;
    files[`m${index}/shared.h`] = `${type} { int data; int ready; };\n`;
    files[`m${index}/writer.c`] = `#include "shared.h"\n${filler.replaceAll("helper_", "w_helper_")}\nvoid publish_${index}(${type} *s, int v)\n{\n`
      + `    s->data = v + w_helper_${index}_0(s, 1);\n    /* Publish data before ready; pairs with smp_rmb() in consume_${index}(). */\n`
      + "    smp_wmb();\n    qatomic_set(&s->ready, 1);\n}\n";
    files[`m${index}/reader.c`] = `#include "shared.h"\n${filler}\nint consume_${index}(${type} *s)\n{\n${body}}\n`;
  }
  return files;
}

/** The messages of a lint run as comparable lines, file names relative to `root`, sorted. */
export function reportLines(results: readonly { filePath: string; messages: readonly { ruleId: string | null; line: number; column: number; message: string }[] }[], root: string): string[] {
  return results.flatMap((result) => result.messages.map((message) =>
    `${path.relative(root, result.filePath)}:${message.line}:${message.column} ${message.ruleId ?? "(none)"} ${message.message}`)).sort();
}
