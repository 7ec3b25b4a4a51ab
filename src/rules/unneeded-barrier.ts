import { UNNEEDED_BARRIER } from "../analysis/unneeded-barrier/unneeded-barrier-checker.js";
import {
  UNNEEDED_BARRIER_OPTIONS_SCHEMA, setUnneededBarrierOptions, type UnneededBarrierOptions,
} from "../analysis/unneeded-barrier/unneeded-barrier-options.js";
import { C_LANGUAGE, createBarrierRule, describeOptions, JS_LANGUAGE, type BarrierRule } from "./kit/rule-kit.js";

/**
 * A barrier costs cycles on every call and tells readers that something is being ordered: one with
 * nothing to order on a side, or right next to a barrier that already orders everything it does,
 * misleads both.
 */
export const unneededBarrier: BarrierRule = createBarrierRule({
  name: UNNEEDED_BARRIER,
  type: "suggestion",
  description: "Disallow barriers that order nothing: no access on one side, or right next to a barrier that already orders everything",
  recommended: false,
  languages: [C_LANGUAGE, JS_LANGUAGE],
  schema: [describeOptions(UNNEEDED_BARRIER_OPTIONS_SCHEMA, {
    reportAtFunctionBoundary: "Report a barrier whose empty side reaches the start or end of a function with no direct "
      + "caller in the project (a callback, a library entry point); false leaves it to the unseen caller.",
  })],
  defaultOptions: [{ reportAtFunctionBoundary: true }],
  passOptions: (astRoot, options) => setUnneededBarrierOptions(astRoot, options[0] as Partial<UnneededBarrierOptions> | undefined),
  messages: {
    emptySide: "{{missing}} {{barrier}} in {{function}}() ({{looked}}): it orders nothing there.",
    duplicateAfter: "{{redundant}} right after {{covering}} in {{function}}() adds nothing: no access comes between them "
      + "and {{covering}} already orders everything {{redundant}} does.",
    duplicateBefore: "{{redundant}} right before {{covering}} in {{function}}() adds nothing: no access comes between them "
      + "and {{covering}} orders everything {{redundant}} does.",
  },
});
