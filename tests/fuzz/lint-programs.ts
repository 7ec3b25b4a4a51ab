import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint, Linter } from "eslint";
import plugin from "../../src/index.js";
import { textOf, type Language, type SourceFile } from "./render.js";

const barriers = plugin as unknown as ESLint.Plugin & { configs: Record<string, Linter.Config> };

/** A lint message as a verdict: where, which rule, what it says. Columns are left out (whitespace moves them). */
export interface Verdict {
  file: string;
  line: number;
  rule: string;
  message: string;
}

/** The plugin's preset for a dialect, every rule on, with the given project settings. */
function presetConfig(preset: string, dialects: readonly string[], project: object): Linter.Config {
  const config = barriers.configs[`${preset}-strict`]!;
  return { ...config, settings: { barriers: { dialects: [...dialects], project } } };
}

/** Lints one file alone (no project index) with every rule of the preset, in memory. */
export function lintAlone(file: SourceFile, preset: string, dialects: readonly string[]): Verdict[] {
  const linter = new Linter({ configType: "flat" });
  const messages = linter.verify(textOf(file), [presetConfig(preset, dialects, { enabled: false })], file.name);
  return messages.map((message) => verdictOf(file.name, message));
}

/** A project directory on disk that `lintProject` lints through the project index. */
export function writeProject(files: readonly SourceFile[]): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "barriers-fuzz-"));
  for (const file of files) fs.writeFileSync(path.join(directory, file.name), textOf(file));
  return directory;
}

/** Lints every file of a project directory with the preset's rules and its project index. */
export async function lintProject(directory: string, files: readonly SourceFile[], preset: string, dialects: readonly string[], cacheDirectory: string | false): Promise<Verdict[]> {
  const eslint = new ESLint({
    cwd: directory,
    overrideConfigFile: true,
    overrideConfig: [presetConfig(preset, dialects, { cacheDirectory })],
  });
  const results = await eslint.lintFiles(files.map((file) => file.name));
  return results.flatMap((result) => result.messages.map((message) => verdictOf(path.basename(result.filePath), message)));
}

function verdictOf(file: string, message: Linter.LintMessage): Verdict {
  return { file, line: message.line, rule: message.ruleId ?? "(fatal)", message: message.message };
}

/** Verdicts as sorted lines, so that two runs compare as lists. */
export function verdictLines(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((verdict) => `${verdict.file}:${verdict.line} ${verdict.rule}: ${verdict.message}`).sort();
}

/** Files the project index lints with the preset's language. */
export const presetFor = (language: Language): string => (language === "c" ? "qemu" : "js");
