import type { RuleDefinition } from "@eslint/core";

// Rules are thin: they ask the shared per-file analysis for findings and report them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ESLint's rule types differ per language
export type BarrierRule = RuleDefinition<any>;
