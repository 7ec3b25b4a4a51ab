import { DEPENDENCY_BARRIER } from "../analysis/dependencies/index.js";
import { C_LANGUAGE, createBarrierRule, JS_LANGUAGE } from "./kit/rule-kit.js";

/**
 * A dependency orders a second load only when its address is computed from the first load's value;
 * a condition on that value (a control dependency) orders nothing between two loads.
 */
export const dependencyBarrier = createBarrierRule({
  name: DEPENDENCY_BARRIER,
  description: "Require smp_read_barrier_depends() and dependency-ordered reads to be followed by a load whose address comes from the first load, not one under a condition on it",
  languages: [C_LANGUAGE, JS_LANGUAGE],
  hasSuggestions: true,
  messages: {
    controlDependency: "{{barrier}} in {{function}}() is meant to order the load of {{load}} (line {{line}}) after the load of {{head}}, but that "
      + "address does not come from {{head}}'s value: the load only runs under a condition on it{{more}}. A control dependency does not "
      + "order loads{{partner}}: use {{rmb}}.",
    noDependentLoad: "{{barrier}} in {{function}}() is not followed by any load whose address comes from {{heads}}, so it orders nothing; "
      + "if the loads after it must follow the loads before it, use {{rmb}}.",
    noLoadAfter: "{{barrier}} in {{function}}() has no load after it in this function, so it orders nothing after {{heads}}.",
    controlDependencyPair: "The load of {{load}} in {{function}}() runs only under a condition on the value of {{head}} (line {{headLine}}); "
      + "its address does not come from that value. A control dependency does not order loads, yet {{partner}} stores {{load}} first "
      + "and publishes it through {{headField}}: put {{rmb}} between the two loads, or make the first an acquire load.",
    useRmb: "Replace it with {{rmb}}.",
  },
});
