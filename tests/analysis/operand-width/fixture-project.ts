import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AnalysisInput } from "../../../src/analysis/analysis-input.js";
import { PRESET_DIALECTS, resolveDialect } from "../../../src/analysis/dialects/registry.js";
import type { FileIR } from "../../../src/analysis/ir/function-ir.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import type { AnalysisOptions } from "../../../src/analysis/settings.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import type { TranslationUnit } from "../../../src/languages/c/syntax-node.js";

export const FIXTURES_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/c");

const EMPTY_UNIT: TranslationUnit = { type: "translation_unit", range: [0, 0], field: null, children: [], parent: null, comments: [] };

export function optionsForPreset(preset: string, hostPointerSize: 4 | 8 = 8, callDepth = 2): AnalysisOptions {
  const ids = PRESET_DIALECTS[preset];
  if (!ids) throw new Error(`unknown preset ${preset}`);
  return { dialect: resolveDialect(ids), hostPointerSize, callDepth };
}

/** Every .c and .h file of a fixture topic, lowered with the topic's preset, in name order. */
export function lowerFixture(topic: string, hostPointerSize: 4 | 8 = 8): { files: FileIR[]; options: AnalysisOptions; pathOf(name: string): string } {
  const directory = path.join(FIXTURES_ROOT, topic);
  const { preset } = JSON.parse(fs.readFileSync(path.join(directory, "fixture.json"), "utf8")) as { preset: string };
  const options = optionsForPreset(preset, hostPointerSize);
  const files = fs.readdirSync(directory)
    .filter((name) => name.endsWith(".c") || name.endsWith(".h"))
    .sort()
    .map((name) => {
      const file = path.join(directory, name);
      return lowerCSource(file, fs.readFileSync(file, "utf8"), { dialect: options.dialect, hostPointerSize });
    });
  return { files, options, pathOf: (name) => path.join(directory, name) };
}

/** The input a checker sees when `file` is linted inside a project made of `files`. */
export function inputFor(fileIR: FileIR, files: readonly FileIR[], options: AnalysisOptions): AnalysisInput {
  return { file: fileIR.file, fileIR, syntax: { language: "c", text: "", ast: EMPTY_UNIT }, project: projectViewOf(files), options };
}

export function fileNamed(files: readonly FileIR[], name: string): FileIR {
  const found = files.find((fileIR) => path.basename(fileIR.file) === name);
  if (!found) throw new Error(`no file ${name}`);
  return found;
}
