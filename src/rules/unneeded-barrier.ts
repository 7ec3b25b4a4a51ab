import { UNNEEDED_BARRIER } from "../analysis/unneeded-barrier/unneeded-barrier-checker.js";
import { C_LANGUAGE, createBarrierRule } from "./rule-kit.js";

/**
 * A barrier costs cycles on every call and tells readers that something is being ordered: one with
 * nothing to order on a side, or right next to a barrier that already orders everything it does,
 * misleads both.
 */
export const unneededBarrier = createBarrierRule({
  name: UNNEEDED_BARRIER,
  type: "suggestion",
  description: "Disallow barriers that order nothing: no access on one side, or right next to a barrier that already orders everything",
  languages: [C_LANGUAGE],
  messages: {
    emptySide: "{{missing}} {{barrier}} in {{function}}() ({{looked}}): it orders nothing there.",
    duplicateAfter: "{{redundant}} right after {{covering}} in {{function}}() adds nothing: no access comes between them "
      + "and {{covering}} already orders everything {{redundant}} does.",
    duplicateBefore: "{{redundant}} right before {{covering}} in {{function}}() adds nothing: no access comes between them "
      + "and {{covering}} orders everything {{redundant}} does.",
  },
});
