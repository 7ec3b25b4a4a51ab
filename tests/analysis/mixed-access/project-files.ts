import type { AnalysisInput } from "../../../src/analysis/analysis-input.js";
import { analyze } from "../../../src/analysis/analyze.js";
import type { Checker } from "../../../src/analysis/checker.js";
import { resolveDialect } from "../../../src/analysis/dialects/registry.js";
import type { Finding } from "../../../src/analysis/findings.js";
import type { FileIR, FunctionIR } from "../../../src/analysis/ir/function-ir.js";
import { projectViewOf, type ProjectView } from "../../../src/analysis/project-view.js";
import type { AnalysisOptions } from "../../../src/analysis/settings.js";
import { lowerCFile } from "../../../src/frontends/c/lower-file.js";
import { resolveCLanguageOptions } from "../../../src/languages/c/language-options.js";
import { parseC } from "../../../src/languages/c/parse-c.js";
import { PRESET_DIALECTS } from "../../../src/analysis/dialects/registry.js";
import { lowerTs } from "../../frontends/estree/lower-helpers.js";

export type Preset = "qemu" | "qemu2020" | "linux" | "c11";

/** A C file of a test project: its IR, and the syntax the linted file's checks read. */
export interface CTestFile {
  fileIR: FileIR;
  syntax: AnalysisInput["syntax"];
}

export function optionsFor(preset: Preset | "js" = "qemu", callDepth = 2): AnalysisOptions {
  return { dialect: resolveDialect(PRESET_DIALECTS[preset]!), hostPointerSize: 8, callDepth };
}

export function cFile(path: string, code: string, preset: Preset = "qemu"): CTestFile {
  const parsed = parseC(code, resolveCLanguageOptions(), false);
  if (!parsed.ok) throw new Error(`cannot parse ${path}`);
  return {
    fileIR: lowerCFile(path, code, parsed.ast, optionsFor(preset)),
    syntax: { language: "c", text: code, ast: parsed.ast },
  };
}

export function tsFile(path: string, code: string): CTestFile {
  return { fileIR: lowerTs(code, { file: path }), syntax: { language: "js", text: code, ast: {} } };
}

/**
 * Runs `checker` on `linted` inside a project made of every file given (the project may hold an older
 * copy of the linted file, which the linted file's IR replaces).
 */
export function check(
  checker: Checker, linted: CTestFile, project: readonly CTestFile[] | ProjectView, options: AnalysisOptions = optionsFor(),
): Finding[] {
  const view = Array.isArray(project) ? projectViewOf((project as CTestFile[]).map((file) => file.fileIR)) : project as ProjectView;
  const result = analyze({ file: linted.fileIR.file, fileIR: linted.fileIR, syntax: linted.syntax, project: view, options }, [checker]);
  if (result.failures.length > 0) throw new Error(result.failures.map((failure) => failure.message).join("; "));
  return result.findings;
}

export function functionNamed(file: CTestFile, name: string): FunctionIR {
  const fn = file.fileIR.functions.find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`no function ${name}; have ${file.fileIR.functions.map((f) => f.name).join(", ")}`);
  return fn;
}

/** `path:line` of each finding, for compact assertions. */
export function placesOf(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.site.file.slice(finding.site.file.lastIndexOf("/") + 1)}:${finding.site.line}`);
}
