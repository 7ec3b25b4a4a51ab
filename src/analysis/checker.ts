import type { AnalysisInput } from "./analysis-input.js";
import type { Finding } from "./findings.js";

/**
 * One family of checks over a file's analysis input. `analyze()` runs every registered checker;
 * each returns plain findings tagged with the rule that reports them.
 */
export interface Checker {
  name: string;
  /** The rules whose findings this checker produces (a failure of the checker is reported by them). */
  rules: readonly string[];
  check(input: AnalysisInput): Finding[];
}
