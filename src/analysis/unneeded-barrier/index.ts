export { UNNEEDED_BARRIER, unneededBarrierChecker } from "./unneeded-barrier-checker.js";
export type { FenceUse, Needed } from "./fence-uses.js";
export { fenceUsesOf, SIDE_NEEDS, subsumes } from "./fence-uses.js";
export type { DuplicateFence } from "./duplicate-fences.js";
export { duplicateFences } from "./duplicate-fences.js";
export type { Direction, SideProbe } from "./side-probe.js";
export { SideProber } from "./side-probe.js";
export type { UnneededBarrierOptions } from "./unneeded-barrier-options.js";
export { UNNEEDED_BARRIER_OPTIONS_SCHEMA, setUnneededBarrierOptions, unneededBarrierOptionsFor } from "./unneeded-barrier-options.js";
