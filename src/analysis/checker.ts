import type { AnalysisInput } from "./analysis-input.js";
import type { Finding } from "./findings.js";

/**
 * One family of checks over a file's analysis input. `analyze()` runs every registered checker;
 * each returns plain findings tagged with the rule that reports them. Under ESLint a checker runs
 * only when one of its `rules` asks for the file's findings.
 */
export interface Checker {
  name: string;
  /**
   * The rules whose findings this checker produces (a failure of the checker is reported by them).
   * It must name every rule the checker reports for: a rule asks only the checkers that list it.
   */
  rules: readonly string[];
  check(input: AnalysisInput): Finding[];
}
