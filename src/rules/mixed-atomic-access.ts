import { MIXED_ATOMIC_ACCESS } from "../analysis/mixed-access/mixed-access-checker.js";
import {
  MIXED_ACCESS_OPTIONS_SCHEMA, setMixedAccessOptions, type MixedAccessRuleOptions,
} from "../analysis/mixed-access/mixed-access-options.js";
import { C_LANGUAGE, JS_LANGUAGE, createBarrierRule, type BarrierRule } from "./kit/rule-kit.js";

/**
 * A location that one thread accesses with atomics and another with plain C or a plain index is a
 * data race: the plain side may be torn, merged with a neighbouring access or moved out of a loop.
 */
export const mixedAtomicAccess: BarrierRule = createBarrierRule({
  name: MIXED_ATOMIC_ACCESS,
  description: "Disallow plain reads and writes of a location that is elsewhere accessed atomically",
  languages: [C_LANGUAGE, JS_LANGUAGE],
  schema: [MIXED_ACCESS_OPTIONS_SCHEMA],
  passOptions: (astRoot, options) => setMixedAccessOptions(astRoot, options[0] as MixedAccessRuleOptions | undefined),
  messages: {
    mixed: "Plain {{what}} of {{key}} in {{function}}(), which is accessed atomically elsewhere ({{atomicApi}} in "
      + "{{atomicFunction}}() at {{atomicLocation}}{{more}}): the compiler may tear, fuse or hoist a plain access; "
      + "use {{fix}}.{{lockNote}}",
  },
});
