/**
 * Options of unneeded-barrier. The rule's ESLint options reach the checker through this registry,
 * keyed by the linted file's syntax tree (the same object the analysis input carries), because the
 * analysis runs once per file for every rule and has no rule options of its own.
 */
export interface UnneededBarrierOptions {
  /**
   * Report a barrier whose empty side reaches the start or end of a function that has no direct
   * caller in the project (a callback, a library entry point). Default true.
   */
  reportAtFunctionBoundary: boolean;
}

export const UNNEEDED_BARRIER_OPTIONS_SCHEMA = {
  type: "object",
  properties: { reportAtFunctionBoundary: { type: "boolean" } },
  additionalProperties: false,
} as const;

const DEFAULT_OPTIONS: UnneededBarrierOptions = { reportAtFunctionBoundary: true };
const optionsBySyntax = new WeakMap<object, UnneededBarrierOptions>();

/** Called by the rule before the file is analysed; `syntaxRoot` is the linted file's AST root. */
export function setUnneededBarrierOptions(syntaxRoot: object, options: Partial<UnneededBarrierOptions> | undefined): void {
  optionsBySyntax.set(syntaxRoot, { ...DEFAULT_OPTIONS, ...options });
}

/** The options set for this syntax tree, or the defaults (analyses run outside ESLint, tests). */
export function unneededBarrierOptionsFor(syntaxRoot: unknown): UnneededBarrierOptions {
  return (typeof syntaxRoot === "object" && syntaxRoot !== null && optionsBySyntax.get(syntaxRoot)) || DEFAULT_OPTIONS;
}
