import { HOISTABLE_BARRIER_RULE } from "../analysis/hoisting/hoisting-checker.js";
import { C_LANGUAGE, createBarrierRule } from "./kit/rule-kit.js";

/**
 * Ordered loads and stores in a loop whose other work needs no per-iteration ordering. The rewrite is
 * offered as a suggestion only: it weakens the order among the loop's own accesses, which only the
 * author can accept.
 */
export const hoistableBarrierInLoop = createBarrierRule({
  name: HOISTABLE_BARRIER_RULE,
  type: "suggestion",
  description: "Suggest hoisting the barriers of ordered loads and stores out of loops that do not need them per iteration",
  languages: [C_LANGUAGE],
  hasSuggestions: true,
  messages: {
    hoistable: "{{primitive}}() orders every iteration of this loop on its own, and nothing else in the loop relies on that. "
      + "If the variables the loop accesses are unrelated to each other, {{summary}} give the code around the loop the same ordering.",
    splittable: "{{primitive}}() twice per iteration orders every iteration of this loop on its own, and nothing else in the loop relies on that. "
      + "If the elements are unrelated to each other, {{summary}} keep every first store before every second store "
      + "and give the code around the loop the same ordering.",
    hoist: "Hoist the ordering out of the loop: {{summary}}.",
    split: "Split the loop in two: {{summary}}.",
  },
});
