import { hoistableBarrierInLoop } from "./hoistable-barrier-in-loop.js";
import type { BarrierRule } from "./rule-kit.js";
import { unpairedBarrier } from "./unpaired-barrier.js";
import { fullBarrierPairing } from "./full-barrier-pairing.js";
import { barrierComment } from "./barrier-comment.js";

/** Every rule of the plugin, by name. docs/rules/<name>.md documents each one. */
export const rules: Record<string, BarrierRule> = {
  "hoistable-barrier-in-loop": hoistableBarrierInLoop,
  "unpaired-barrier": unpairedBarrier,
  "full-barrier-pairing": fullBarrierPairing,
  "barrier-comment": barrierComment,
};
