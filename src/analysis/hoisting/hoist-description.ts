import type { HoistPlan } from "./hoisting-plans.js";
import type { HoistShape } from "./loop-rewrite.js";

export interface HoistDescription {
  messageId: "hoistable" | "splittable";
  suggestionId: "hoist" | "split";
  data: Record<string, string>;
}

/** The words of a finding and its suggestion; the rule's messages interpolate `data`. */
export function describeHoist(shape: HoistShape, plan: HoistPlan): HoistDescription {
  const relaxed = `${plan.relaxed}()`;
  const before = plan.before ? `${plan.before.name}() before the loop` : undefined;
  const after = plan.after ? `${plan.after.name}() after it` : undefined;
  if (shape === "split") {
    const parts = [
      plan.before ? `${plan.before.name}() before` : undefined,
      `two loops of ${relaxed} with ${plan.storeStore.name}() between them`,
      plan.after ? `${plan.after.name}() after` : undefined,
    ];
    return { messageId: "splittable", suggestionId: "split", data: { primitive: plan.primitive, summary: listOf(parts) } };
  }
  const parts = [before, `${relaxed} in ${before ? "it" : "the loop"}`, after && (before ? after : `one ${after}`)];
  return { messageId: "hoistable", suggestionId: "hoist", data: { primitive: plan.primitive, summary: listOf(parts) } };
}

function listOf(parts: readonly (string | undefined)[]): string {
  const present = parts.filter((part): part is string => part !== undefined);
  return present.length <= 1 ? present.join("") : `${present.slice(0, -1).join(", ")} and ${present.at(-1)}`;
}
