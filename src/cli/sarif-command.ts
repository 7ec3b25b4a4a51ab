import path from "node:path";
import { ESLint } from "eslint";
import type { Finding } from "../analysis/findings.js";
import { findingsToSarif, type ReportedFinding, type SarifRuleDescription, type ToolFailure } from "../report/sarif.js";
import { observeFileAnalyses } from "../rules/kit/file-analysis.js";
import type { BarrierRule } from "../rules/kit/rule-kit.js";

export interface LintRun {
  results: ESLint.LintResult[];
  findingsByFile: Map<string, Finding[]>;
}

/** Lints `patterns` under `cwd` with the project's own eslint.config.js (or `overrideConfig`), in process. */
export async function lintWithFindings(cwd: string, patterns: string[], overrideConfig?: object): Promise<LintRun> {
  const findingsByFile = new Map<string, Finding[]>();
  const stopObserving = observeFileAnalyses((file, analysis) => findingsByFile.set(file, analysis.findings));
  try {
    const eslint = new ESLint({ cwd, ...(overrideConfig ? { overrideConfigFile: true, overrideConfig } : {}) });
    const results = await eslint.lintFiles(patterns);
    return { results, findingsByFile };
  } finally {
    stopObserving();
  }
}

/**
 * SARIF for what ESLint reported (so directives and configuration apply), each result enriched with
 * the partner locations of the finding behind it; paths relative to `root`.
 */
export function sarifFromRun(run: LintRun, rules: Record<string, BarrierRule>, root: string, version: string): object {
  const reported: ReportedFinding[] = [];
  const failures: ToolFailure[] = [];
  for (const result of run.results) {
    const findings = run.findingsByFile.get(path.resolve(result.filePath)) ?? [];
    for (const message of result.messages) {
      // A message without a rule is a file ESLint could not lint (a parse error): the run failed there.
      if (message.ruleId === null && message.fatal) {
        failures.push({ file: result.filePath, line: message.line, column: message.column, message: message.message });
      }
      if (!message.ruleId?.startsWith("barriers/")) continue;
      const rule = message.ruleId.slice("barriers/".length);
      const finding = findings.find((candidate) =>
        candidate.rule === rule && candidate.site.line === message.line && candidate.site.column + 1 === message.column);
      const severity = message.severity === 1 ? "warning" : "error";
      // A report without a finding behind it (a settings or analysis failure) keeps ESLint's text.
      reported.push(finding ? { ...finding, severity } : {
        rule, messageId: message.message, data: {}, related: [], severity,
        site: {
          file: result.filePath, range: [0, 0], line: message.line, column: message.column - 1,
          endLine: message.endLine ?? message.line, endColumn: (message.endColumn ?? message.column) - 1,
        },
      });
    }
  }
  const descriptions: SarifRuleDescription[] = Object.entries(rules).map(([name, rule]) => ({
    name,
    description: String((rule.meta?.docs as { description?: string } | undefined)?.description ?? name),
    helpUri: (rule.meta?.docs as { url?: string } | undefined)?.url,
    messages: (rule.meta?.messages ?? {}) as Record<string, string>,
  }));
  return findingsToSarif(reported, descriptions, root, version, failures);
}
