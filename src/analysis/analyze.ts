import type { AnalysisInput } from "./analysis-input.js";
import { CHECKERS } from "./checkers.js";
import type { Checker } from "./checker.js";
import type { Finding } from "./findings.js";

export interface FileAnalysis {
  findings: Finding[];
  /** Checkers that threw: their findings are missing, and the rules say so instead of crashing. */
  failures: { checker: string; rules: readonly string[]; message: string }[];
}

/**
 * The single pure entry point: a file's IR and syntax, the project view and options in; findings out.
 * A checker that throws is recorded, never rethrown, so one bad input cannot take down every rule.
 */
export function analyze(input: AnalysisInput, checkers: readonly Checker[] = CHECKERS): FileAnalysis {
  const findings: Finding[] = [];
  const failures: FileAnalysis["failures"] = [];
  for (const checker of checkers) {
    try {
      findings.push(...checker.check(input));
    } catch (error) {
      failures.push({ checker: checker.name, rules: checker.rules, message: error instanceof Error ? error.message : String(error) });
    }
  }
  findings.sort((a, b) => a.site.range[0] - b.site.range[0] || a.rule.localeCompare(b.rule));
  return { findings, failures };
}
