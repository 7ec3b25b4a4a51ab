import type { Checker } from "../checker.js";
import type { Finding } from "../findings.js";
import type { Site } from "../ir/site.js";
import { analysisGaps, isIncomplete, type AnalysisGaps, type LimitedFunction } from "./analysis-gaps.js";

export const ANALYSIS_LIMIT = "analysis-limit";

/** How many cut functions a message names before it counts the rest. */
const NAMED = 2;

/**
 * One finding per file whose analysis is incomplete, saying what was cut and why, so that no report
 * disappears without a word: the absence claims withheld for it are otherwise silent.
 */
export const analysisLimitChecker: Checker = {
  name: "analysis-limit",
  rules: [ANALYSIS_LIMIT],
  check(input) {
    const gaps = analysisGaps(input);
    if (!isIncomplete(gaps)) return [];
    const finding: Finding = {
      rule: ANALYSIS_LIMIT,
      messageId: "incomplete",
      site: gaps.fileFunctions[0]?.limit.site ?? startOf(input.file),
      data: { reasons: describeGaps(gaps) },
      related: gaps.fileFunctions.map((fn) => ({ site: fn.limit.site, label: `${fn.name}(): ${fn.limit.detail}` })),
    };
    return [finding];
  },
};

function describeGaps(gaps: AnalysisGaps): string {
  const parts: string[] = [];
  if (gaps.fileFunctions.length > 0) parts.push(`in this file, ${listFunctions(gaps.fileFunctions)}`);
  if (gaps.projectLimitation !== undefined) parts.push(`cross-file facts are limited: ${gaps.projectLimitation}`);
  return parts.join("; ");
}

function listFunctions(functions: readonly LimitedFunction[]): string {
  const named = functions.slice(0, NAMED).map((fn) => `${fn.name}() (line ${fn.limit.site.line}): ${fn.limit.detail}`);
  const more = functions.length > NAMED ? `, and ${functions.length - NAMED} more ${functions.length - NAMED === 1 ? "function" : "functions"}` : "";
  return `${named.join("; ")}${more}`;
}

function startOf(file: string): Site {
  return { file, range: [0, 0], line: 1, column: 0, endLine: 1, endColumn: 0 };
}
