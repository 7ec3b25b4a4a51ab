import { ANALYSIS_LIMIT } from "../analysis/limits/index.js";
import { C_LANGUAGE, createBarrierRule, JS_LANGUAGE } from "./kit/rule-kit.js";

/**
 * When the analysis could not see everything (other files missing from the index, code nested past
 * the front-end's bounds), the reports that claim something is absent are withheld; this rule says so,
 * once per file, so that no report disappears without a word.
 */
export const analysisLimit = createBarrierRule({
  name: ANALYSIS_LIMIT,
  type: "problem",
  description: "Report files whose barrier analysis is incomplete, and why, so that withheld reports are never silent",
  languages: [C_LANGUAGE, JS_LANGUAGE],
  messages: {
    incomplete: "The barrier analysis of this file is incomplete: {{reasons}}. Reports that something is missing from the project "
      + "(a barrier with no partner, an mb set nothing reads, a barrier side with no access) are withheld until it is complete.",
  },
});
