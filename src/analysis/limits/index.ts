export { ABSENCE_CLAIMS, claimsAbsence } from "./absence-claims.js";
export { analysisGaps, isIncomplete, type AnalysisGaps, type LimitedFunction } from "./analysis-gaps.js";
export { ANALYSIS_LIMIT, analysisLimitChecker } from "./analysis-limit-checker.js";
