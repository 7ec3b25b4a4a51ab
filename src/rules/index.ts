import type { BarrierRule } from "./rule-kit.js";

/** Every rule of the plugin, by name. docs/rules/<name>.md documents each one. */
export const rules: Record<string, BarrierRule> = {};
