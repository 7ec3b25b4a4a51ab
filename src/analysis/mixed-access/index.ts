export { MIXED_ATOMIC_ACCESS, mixedAtomicAccessChecker } from "./mixed-access-checker.js";
export type { AccessSite } from "./key-usage.js";
export { FileKeyUsage, ProjectKeyUsage, isAtomicAccess, projectKeyUsage, usageKey } from "./key-usage.js";
export { LockFacts, type GuardLoops } from "./lock-regions.js";
export { beforeAnyPublication, isInitializerName, isPublication, storeAfterAllocationCall } from "./initialization.js";
export type { MixedAccessOptions, MixedAccessRuleOptions } from "./mixed-access-options.js";
export {
  MIXED_ACCESS_OPTIONS_SCHEMA, mixedAccessOptionsFor, resolveMixedAccessOptions, setMixedAccessOptions,
} from "./mixed-access-options.js";
