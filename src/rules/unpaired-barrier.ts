import { UNPAIRED_BARRIER } from "../analysis/pairing/unpaired-checker.js";
import { C_LANGUAGE, createBarrierRule, JS_LANGUAGE } from "./kit/rule-kit.js";

/**
 * A barrier orders accesses for the benefit of another thread, which must order its own accesses
 * the opposite way: one without a partner, or whose partner orders the fields the other way round,
 * protects nothing.
 */
export const unpairedBarrier = createBarrierRule({
  name: UNPAIRED_BARRIER,
  description: "Require every memory barrier to have a partner that orders the same shared fields the opposite way",
  recommended: false,
  languages: [C_LANGUAGE, JS_LANGUAGE],
  hasSuggestions: true,
  messages: {
    unpaired: "{{barrier}} in {{function}}() orders {{ordered}}, but the project has no partner for it: {{wanted}}.{{witness}}",
    flagOnly: "{{barrier}} in {{function}}() orders {{ordered}}, but its only candidate partner, {{partner}}, shares just {{flag}}: "
      + "none of the accesses it orders on its other side are these. The missing ones may sit in code the analysis does not follow "
      + "(deeper than callDepth, behind a function pointer or a macro).{{witness}}",
    nothingToOrder: "{{barrier}} in {{function}}() has {{missing}}, so no partner could be looked for.{{witness}}",
    reversed: "{{barrier}} in {{function}}() {{verb}} {{data}} before {{flag}}, and its candidate partner {{partner}} {{partnerVerb}} "
      + "them in the same order ({{data}} before its barrier, {{flag}} after it): one of the two has its accesses on the wrong sides "
      + "of its barrier{{confidence}}.{{witness}}",
    earlyData: "{{barrier}} in {{function}}() comes after loading {{data}}, but its candidate partner {{partner}} stores {{data}} "
      + "before {{flag}}: load {{data}} after the barrier{{confidence}}.{{witness}}",
    partnerEarlyData: "{{barrier}} in {{function}}() orders stores to {{data}} before {{flag}}, but its only candidate partner {{partner}} "
      + "loads {{data}} before its barrier, as it does {{flag}}, so nothing orders them: the reader must load {{data}} after its "
      + "barrier{{confidence}}.{{witness}}",
    lateFlag: "{{barrier}} in {{function}}() comes before loading {{flag}}, but its candidate partner {{partner}} stores {{flag}} "
      + "after {{data}}: load {{flag}} before the barrier{{confidence}}.{{witness}}",
    partnerLateFlag: "{{barrier}} in {{function}}() orders stores to {{data}} before {{flag}}, but its only candidate partner {{partner}} "
      + "loads {{flag}} after its barrier, as it does {{data}}, so nothing orders them: the reader must load {{flag}} before its "
      + "barrier{{confidence}}.{{witness}}",
    misplacedLoad: "The load of {{field}} comes before {{barrier}} in {{function}}(), but its partner {{partner}} stores "
      + "{{key}} before {{flag}}: load it after the barrier{{confidence}}.{{witness}}",
    misplacedStore: "The store to {{field}} comes after {{barrier}} in {{function}}(), but its partner {{partner}} loads "
      + "{{key}} after {{flag}}: store it before the barrier{{confidence}}.{{witness}}",
    pairBroken: "{{barrier}} in {{function}}() pairs with {{partner}} on {{data}} and {{flag}}, but {{how}}.{{witness}}",
    unorderedGuard: "{{guard}} in {{function}}() decides {{guarded}}, and {{writer}} stores {{data}} before {{flag}}, "
      + "but neither side orders them: a marked access alone is no barrier.{{witness}}",
    outsideLoads: "{{function}}() loads {{first}} and then {{second}}, memory that {{holder}} writes, with no barrier between them, "
      + "while {{partner}} orders the same two loads: the second may read memory older than what the first saw.",
    outsideStores: "{{function}}() stores {{first}} and then {{second}}, memory that {{holder}} reads, with no barrier between them, "
      + "while {{partner}} orders the same two stores: {{holder}} may see the second store before the first.",
    insertFence: "Insert {{fence}} {{where}} line {{line}}: the memory model then forbids the outcome.",
  },
});
