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
