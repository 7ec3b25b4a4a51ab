import { FULL_BARRIER_PAIRING } from "../analysis/pairing/full-barrier-checker.js";
import { C_LANGUAGE, createBarrierRule, JS_LANGUAGE } from "./kit/rule-kit.js";

/**
 * Store buffering needs a full barrier on both sides. An atomic read-modify-write is not one for the
 * plain and relaxed accesses around it unless the primitive says so or a before/after-rmw fence
 * flanks it, whatever older documentation claimed.
 */
export const fullBarrierPairing = createBarrierRule({
  name: FULL_BARRIER_PAIRING,
  description: "Require a full barrier on both sides of a store-buffering pair; an atomic RMW alone is not one",
  recommended: false,
  languages: [C_LANGUAGE, JS_LANGUAGE],
  hasSuggestions: true,
  messages: {
    rmwNotFullBarrier: "{{barrier}} in {{function}}() is not a full barrier for the accesses around it: nothing orders the store to "
      + "{{stored}} before the load of {{loaded}}. Store buffering with {{partner}}, which orders the store to {{partnerStored}} "
      + "before the load of {{partnerLoaded}}, needs both; add {{fix}}{{confidence}}.{{witness}}",
    weakBarrier: "{{barrier}} in {{function}}() does not order the store to {{stored}} before the load of {{loaded}}. "
      + "Store buffering with {{partner}}, which orders the store to {{partnerStored}} before the load of {{partnerLoaded}} "
      + "with a full barrier, needs one on this side too: {{fix}}{{confidence}}.{{witness}}",
    noBarrier: "{{function}}() stores {{stored}} and then loads {{loaded}} with nothing ordering them. "
      + "Store buffering with {{partner}}, which orders the store to {{partnerStored}} before the load of {{partnerLoaded}} "
      + "with a full barrier, needs one on this side too: add {{mb}} between them.{{witness}}",
    insertFence: "Insert {{fence}} {{where}} line {{line}}: the memory model then forbids the outcome.",
  },
});
