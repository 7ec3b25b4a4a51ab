/**
 * src/model: an exhaustive memory-model checker for small programs. Pure: no
 * ESLint, nothing outside this directory.
 */
export type { AccessOrder, FenceKind, ThreadTrace, TraceEvent, Value } from "./events.js";
export type { Bounds } from "./bounds.js";
export { DEFAULT_BOUNDS } from "./bounds.js";
export type { FinalCondition, Place, Prop } from "./condition.js";
export type { MemoryModel, Judgement } from "./models/model.js";
export { lkmm } from "./models/lkmm.js";
export { c11, js } from "./models/c11.js";
export { modelForDialect } from "./dialects.js";
export type { Witness } from "./witness.js";
export type { LitmusTest, Verdict } from "./litmus/reader.js";
export { readLitmus, LitmusSyntaxError } from "./litmus/reader.js";
export type { LitmusResult, LitmusOptions } from "./litmus/run.js";
export { runLitmus, runLitmusTest } from "./litmus/run.js";
export { writeLitmus } from "./litmus/writer.js";
export type { Skeleton, SkeletonEvent, CheckResult, GuardTest } from "./check.js";
export { check, skeletonHash, clearCheckCache } from "./check.js";
