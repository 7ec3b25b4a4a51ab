import type { Checker } from "./checker.js";
import { hoistingChecker } from "./hoisting/hoisting-checker.js";
import { atomicsArrayTypeChecker, waitNotifyIndexChecker } from "./js-checks/index.js";
import { unpairedBarrierChecker } from "./pairing/unpaired-checker.js";
import { fullBarrierPairingChecker } from "./pairing/full-barrier-checker.js";
import { unfencedSideChecker } from "./pairing/unfenced-side-checker.js";
import { barrierCommentChecker } from "./pairing/barrier-comment-checker.js";
import { operandWidthChecker } from "./operand-width/operand-width-checker.js";
import { mixedAtomicAccessChecker } from "./mixed-access/mixed-access-checker.js";
import { unneededBarrierChecker } from "./unneeded-barrier/unneeded-barrier-checker.js";
import { dependencyBarrierChecker } from "./dependencies/dependency-barrier-checker.js";
import { mbVariableMismatchChecker } from "./mb-matching/mismatch-checker.js";
import { analysisLimitChecker } from "./limits/index.js";

/** Every checker `analyze()` runs, in order. Add a checker here when adding a family of rules. */
export const CHECKERS: readonly Checker[] = [
  hoistingChecker,
  atomicsArrayTypeChecker,
  waitNotifyIndexChecker,
  unpairedBarrierChecker,
  fullBarrierPairingChecker,
  unfencedSideChecker,
  barrierCommentChecker,
  operandWidthChecker,
  mixedAtomicAccessChecker,
  unneededBarrierChecker,
  dependencyBarrierChecker,
  mbVariableMismatchChecker,
  analysisLimitChecker,
];
