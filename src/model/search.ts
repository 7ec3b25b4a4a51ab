/**
 * Exhaustive search over the consistent executions of a set of thread-trace
 * choices, stopping as soon as the verdict and (when asked) the race flag are
 * known. The proposition is evaluated on registers before any execution is
 * built, so paths that cannot change the verdict are skipped.
 */
import type { ThreadTrace, Value } from "./events.js";
import { candidateExecutions } from "./execution.js";
import type { Prop } from "./condition.js";
import { evaluate } from "./condition.js";
import type { MemoryModel } from "./models/model.js";
import type { Witness } from "./witness.js";
import { describeExecution } from "./witness.js";

export interface SearchOptions {
  /** Give up after this many candidate executions, or this many milliseconds. */
  readonly maxCandidates: number;
  readonly maxMillis: number;
  /** Whether executions falsifying the proposition matter (to tell Sometimes from Always). */
  readonly needVerdict: boolean;
  /** Whether to look for a data race until one is found or every execution is seen. */
  readonly needRace: boolean;
}

export interface SearchResult {
  /** False when a budget ran out before the answer was known. */
  readonly complete: boolean;
  /** Which budget ran out. */
  readonly limit?: "candidates" | "time";
  /** A path that stops short (see ThreadTrace.stuck) is part of a consistent execution. */
  readonly stuck?: string;
  /** A consistent execution satisfying the proposition. */
  readonly positive?: Witness;
  /** Some consistent execution falsifies the proposition. */
  readonly negative: boolean;
  /** A consistent execution with a data race. */
  readonly race?: Witness;
  readonly candidates: number;
  readonly consistent: number;
}

export function searchExecutions(choices: readonly (readonly ThreadTrace[])[], init: ReadonlyMap<string, Value>, model: MemoryModel, prop: Prop, options: SearchOptions): SearchResult {
  let positive: Witness | undefined;
  let negative = false;
  let race: Witness | undefined;
  let candidates = 0;
  let consistent = 0;
  const done = () => positive !== undefined && (!options.needVerdict || negative) && (!options.needRace || race !== undefined);
  const combo: ThreadTrace[] = [];
  const deadline = Date.now() + options.maxMillis;
  let limit: "candidates" | "time" | undefined;
  let stuck: string | undefined;

  const visit = (): boolean => {
    const stuckPath = combo.find((t) => t.stuck !== undefined)?.stuck;
    if (stuckPath !== undefined) {
      // Such a prefix is harmless only if no consistent execution contains it.
      for (const x of candidateExecutions(combo, init)) {
        if (++candidates > options.maxCandidates) {
          limit = "candidates";
          return false;
        }
        if (model.judge(x).consistent) {
          stuck = stuckPath;
          return false;
        }
      }
      return true;
    }
    const regsOnly = evaluate(prop, (p) => ("loc" in p ? undefined : combo[p.thread]?.regs.get(p.reg) ?? 0));
    const useless = (regsOnly === true && positive !== undefined) || (regsOnly === false && (negative || !options.needVerdict));
    if (useless && (race !== undefined || !options.needRace)) return true;
    for (const x of candidateExecutions(combo, init)) {
      if (++candidates > options.maxCandidates) {
        limit = "candidates";
        return false;
      }
      if ((candidates & 63) === 0 && Date.now() > deadline) {
        limit = "time";
        return false;
      }
      const j = model.judge(x);
      if (!j.consistent) continue;
      consistent++;
      if (j.race && race === undefined) race = describeExecution(x);
      const holds = evaluate(prop, (p) => ("loc" in p ? x.finalValues.get(p.loc) : combo[p.thread]?.regs.get(p.reg) ?? 0));
      if (holds === true && positive === undefined) positive = describeExecution(x);
      if (holds !== true) negative = true;
      if (done()) return true;
    }
    return true;
  };

  const walk = (t: number): boolean => {
    if (t === choices.length) return visit();
    for (const trace of choices[t]!) {
      combo[t] = trace;
      if (!walk(t + 1)) return false;
      if (done()) return true;
    }
    return true;
  };

  const complete = walk(0);
  return { complete, ...(limit ? { limit } : {}), ...(stuck ? { stuck } : {}), ...(positive ? { positive } : {}), negative, ...(race ? { race } : {}), candidates, consistent };
}

/** The refusal for a search that ran out of budget. */
export function budgetReason(result: SearchResult, options: Pick<SearchOptions, "maxCandidates" | "maxMillis">): string {
  return result.limit === "time" ? `not checked: over the time bound of ${options.maxMillis} ms` : `not checked: more than ${options.maxCandidates} candidate executions`;
}
