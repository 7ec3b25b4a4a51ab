import { MIXED_ATOMIC_ACCESS } from "../analysis/mixed-access/mixed-access-checker.js";
import {
  MIXED_ACCESS_OPTIONS_SCHEMA, setMixedAccessOptions, type MixedAccessRuleOptions,
} from "../analysis/mixed-access/mixed-access-options.js";
import { C_LANGUAGE, JS_LANGUAGE, createBarrierRule, describeOptions, type BarrierRule } from "./kit/rule-kit.js";

/**
 * A location that one thread accesses with atomics and another with plain C or a plain index is a
 * data race: the plain side may be torn, merged with a neighbouring access or moved out of a loop.
 */
export const mixedAtomicAccess: BarrierRule = createBarrierRule({
  name: MIXED_ATOMIC_ACCESS,
  description: "Disallow plain reads and writes of a location that is elsewhere accessed atomically",
  recommended: false,
  languages: [C_LANGUAGE, JS_LANGUAGE],
  schema: [describeOptions(MIXED_ACCESS_OPTIONS_SCHEMA, {
    ignoreInitialization: "Leave out plain accesses that set an object up before it is published, tear it down after "
      + "its last user, or run before any thread starts.",
    ignoreOwnerReads: "Leave out plain reads by the only function that writes the location (a ring's owner reading its own index).",
    allocators: "Functions that return a fresh object, in addition to the built-in ones (g_new0, malloc, kzalloc, ...).",
    lockFunctions: "Functions (or block macros) that take a lock, in addition to the built-in ones; a block macro of "
      + "that name guards its body.",
    unlockFunctions: "Functions that release a lock, in addition to the built-in ones.",
    initializerSuffixes: "Name endings of functions that initialise an object, in addition to _init, _initfn, _new, _create and _realize.",
  })],
  defaultOptions: [{ ignoreInitialization: true, ignoreOwnerReads: true, allocators: [], lockFunctions: [], unlockFunctions: [], initializerSuffixes: [] }],
  passOptions: (astRoot, options) => setMixedAccessOptions(astRoot, options[0] as MixedAccessRuleOptions | undefined),
  messages: {
    mixed: "Plain {{what}} of {{key}} in {{function}}(), which is accessed atomically elsewhere ({{atomicApi}} in "
      + "{{atomicFunction}}() at {{atomicLocation}}{{more}}): the compiler may tear, fuse or hoist a plain access; "
      + "use {{fix}}.{{lockNote}}",
    useAtomics: "Use {{replacement}}.",
    waitInsteadOfSpinning: "Sleep in {{replacement}} until notified (blocks the thread; throws on a browser's main thread).",
  },
  hasSuggestions: true,
});
