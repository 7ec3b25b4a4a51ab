import type { AnalysisInput } from "../../../src/analysis/analysis-input.js";
import { analyze } from "../../../src/analysis/analyze.js";
import type { Checker } from "../../../src/analysis/checker.js";
import { resolveDialect } from "../../../src/analysis/dialects/registry.js";
import type { Finding } from "../../../src/analysis/findings.js";
import type { FileIR } from "../../../src/analysis/ir/function-ir.js";
import type { OrderingPoint, SideAccess } from "../../../src/analysis/pairing/index.js";
import { projectViewOf, type ProjectView } from "../../../src/analysis/project-view.js";
import type { AnalysisOptions } from "../../../src/analysis/settings.js";
import type { TranslationUnit } from "../../../src/languages/c/syntax-node.js";
import { rules } from "../../../src/rules/index.js";

export function optionsFor(dialects: string[] = ["qemu", "c11", "gcc"], callDepth = 2): AnalysisOptions {
  return { dialect: resolveDialect(dialects), hostPointerSize: 8, callDepth };
}

const EMPTY_UNIT: TranslationUnit = { type: "translation_unit", range: [0, 0], field: null, children: [], parent: null, comments: [] };

/** Analyses `file` inside a project made of `project` (which may hold an older copy of `file`). */
export function analyzeFile(
  file: FileIR, project: ProjectView | readonly FileIR[], checkers: readonly Checker[], options = optionsFor(),
  syntax: AnalysisInput["syntax"] = { language: "c", text: "", ast: EMPTY_UNIT },
): Finding[] {
  const view = Array.isArray(project) ? projectViewOf(project as FileIR[]) : project as ProjectView;
  const result = analyze({ file: file.file, fileIR: file, syntax, project: view, options }, checkers);
  if (result.failures.length > 0) throw new Error(result.failures.map((failure) => failure.message).join("; "));
  return result.findings;
}

/** The message a finding becomes, filled in from its rule's `meta.messages` as ESLint does. */
export function messageOf(finding: Finding): string {
  const template = (rules[finding.rule]?.meta?.messages as Record<string, string> | undefined)?.[finding.messageId];
  if (!template) throw new Error(`no message ${finding.messageId} in rule ${finding.rule}`);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/gu, (_, name: string) => {
    if (!(name in finding.data)) throw new Error(`message ${finding.messageId} needs data.${name}`);
    return finding.data[name]!;
  });
}

export function keysOf(sides: readonly SideAccess[] | undefined): string[] {
  return (sides ?? []).map((side) => side.access.key.id);
}

export function pointAtLine(points: readonly OrderingPoint[], line: number): OrderingPoint {
  const point = points.find((candidate) => candidate.site.line === line);
  if (!point) throw new Error(`no point at line ${line}; have ${points.map((p) => `${p.label}@${p.site.line}`).join(", ")}`);
  return point;
}
