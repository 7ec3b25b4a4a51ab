import { BARRIER_COMMENT } from "../analysis/pairing/barrier-comment-checker.js";
import { C_LANGUAGE, createBarrierRule } from "./kit/rule-kit.js";

/**
 * A barrier's comment is where a reader learns what it orders and where its partner is; when the
 * comment names the partner, the named function must exist and hold a barrier that can pair.
 */
export const barrierComment = createBarrierRule({
  name: BARRIER_COMMENT,
  type: "suggestion",
  description: "Require a comment on each memory barrier, and check the partner that the comment names",
  languages: [C_LANGUAGE],
  messages: {
    missingComment: "{{barrier}} in {{function}}() has no comment saying what it orders and what it pairs with{{partnerHint}}.",
    partnerNotFound: "The comment on {{barrier}} in {{function}}() names {{named}}() as its partner, but the project has no function "
      + "{{named}}(){{actual}}.",
    partnerDoesNotMatch: "The comment on {{barrier}} in {{function}}() says it pairs with {{claim}}, but {{named}}() ({{location}}) "
      + "{{found}}{{actual}}.",
  },
});
