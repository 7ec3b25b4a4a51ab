import { analysisLimit } from "./analysis-limit.js";
import { atomicsArrayType } from "./atomics-array-type.js";
import { hoistableBarrierInLoop } from "./hoistable-barrier-in-loop.js";
import type { BarrierRule } from "./kit/rule-kit.js";
import { unpairedBarrier } from "./unpaired-barrier.js";
import { fullBarrierPairing } from "./full-barrier-pairing.js";
import { barrierComment } from "./barrier-comment.js";
import { waitNotifyIndex } from "./wait-notify-index.js";
import { atomicOperandWidth } from "./atomic-operand-width.js";
import { mixedAtomicAccess } from "./mixed-atomic-access.js";
import { unneededBarrier } from "./unneeded-barrier.js";
import { dependencyBarrier } from "./dependency-barrier.js";
import { mbVariableMismatch } from "./mb-variable-mismatch.js";

/** Every rule of the plugin, by name. docs/rules/<name>.md documents each one. */
export const rules: Record<string, BarrierRule> = {
  "analysis-limit": analysisLimit,
  "atomics-array-type": atomicsArrayType,
  "hoistable-barrier-in-loop": hoistableBarrierInLoop,
  "barrier-comment": barrierComment,
  "full-barrier-pairing": fullBarrierPairing,
  "unpaired-barrier": unpairedBarrier,
  "wait-notify-index": waitNotifyIndex,
  "atomic-operand-width": atomicOperandWidth,
  "mixed-atomic-access": mixedAtomicAccess,
  "unneeded-barrier": unneededBarrier,
  "dependency-barrier": dependencyBarrier,
  "mb-variable-mismatch": mbVariableMismatch,
};
