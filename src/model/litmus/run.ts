/** Runs a litmus test against a model, as herd7 would: Never, Sometimes or Always. */
import type { ThreadTrace, Value } from "../events.js";
import { sameValue } from "../events.js";
import type { Bounds, NotChecked, Unsupported } from "../bounds.js";
import { DEFAULT_BOUNDS, overBound } from "../bounds.js";
import type { Prop } from "../condition.js";
import type { MemoryModel } from "../models/model.js";
import { budgetReason, searchExecutions } from "../search.js";
import type { Witness } from "../witness.js";
import { LitmusSyntaxError } from "./lexer.js";
import type { LitmusTest, Verdict } from "./reader.js";
import { readLitmus } from "./reader.js";
import { UnsupportedConstruct, unfoldThread } from "./unfold.js";

export interface LitmusChecked {
  readonly status: "checked";
  readonly verdict: Verdict;
  /** With detectRace: some consistent execution has a data race (herd7 flags it; the verdict ignores it). */
  readonly dataRace: boolean;
  readonly witness?: Witness;
  readonly candidates: number;
}

export type LitmusResult = LitmusChecked | NotChecked | Unsupported;

/** Values move one thread further per round; a chain through every thread needs about one round each. */
const maxDomainRounds = (threads: number) => 4 + 2 * threads;

function locationsOf(test: LitmusTest): Set<string> {
  const globals = new Set<string>(test.init.keys());
  for (const t of test.threads) for (const p of t.params) globals.add(p);
  for (const v of [...test.init.values(), ...test.registerInit.values()]) if (typeof v !== "number") globals.add(v.addressOf);
  const visit = (p: Prop): void => {
    if (p.kind === "eq" && "loc" in p.place) globals.add(p.place.loc);
    if (p.kind === "and" || p.kind === "or") p.parts.forEach(visit);
    if (p.kind === "not") visit(p.arg);
  };
  visit(test.condition.prop);
  return globals;
}

/** Every number written in the threads' code. */
function constantsOf(test: LitmusTest): number[] {
  const found = new Set<number>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      const n = node as { kind?: string; value?: unknown };
      if (n.kind === "num" && typeof n.value === "number") found.add(n.value);
      Object.values(node).forEach(visit);
    }
  };
  test.threads.forEach((t) => visit(t.body));
  return [...found];
}

/**
 * The values each location may hold, with the writes that can produce each one.
 * A write is named by its thread and its rank among that thread's writes, so a
 * read is only offered values from other threads, the initial state, seeds, or
 * its own thread's earlier writes: an RMW cannot feed on its own result.
 */
class ValueDomains {
  private readonly byLoc = new Map<string, { value: Value; producers: Set<string> }[]>();

  add(loc: string, value: Value, producer: string): boolean {
    const list = this.byLoc.get(loc) ?? [];
    this.byLoc.set(loc, list);
    const entry = list.find((e) => sameValue(e.value, value));
    if (!entry) {
      list.push({ value, producers: new Set([producer]) });
      return true;
    }
    if (entry.producers.has(producer)) return false;
    entry.producers.add(producer);
    return true;
  }

  valuesAt(loc: string, thread: number, writesBefore: number): Value[] {
    const own = (p: string) => {
      const [t, rank] = p.split("#");
      return Number(t) === thread && Number(rank) >= writesBefore;
    };
    return (this.byLoc.get(loc) ?? []).filter((e) => [...e.producers].some((p) => !own(p))).map((e) => e.value);
  }

  /** Whether every value of the location is a number (no address was ever stored there). */
  numeric(loc: string): boolean {
    return (this.byLoc.get(loc) ?? []).every((e) => typeof e.value === "number");
  }
}

/** Unfolds every thread, growing the value domains until no store adds a value. */
function unfoldToFixpoint(test: LitmusTest, bounds: Bounds, domains: ValueDomains): ThreadTrace[][] {
  const globals = locationsOf(test);
  for (let round = 0; round < maxDomainRounds(test.threads.length); round++) {
    const ctx = { valuesAt: domains.valuesAt.bind(domains), registerInit: test.registerInit, globals, maxPaths: bounds.maxPathsPerThread };
    const traces = test.threads.map((t) => unfoldThread(t, ctx));
    let grew = false;
    traces.forEach((choice, thread) => {
      for (const trace of choice) {
        let rank = 0;
        for (const e of trace.events) {
          if (e.kind !== "W") continue;
          if (domains.add(e.loc!, e.value!, `${thread}#${rank}`)) grew = true;
          rank++;
        }
      }
    });
    if (!grew) return traces;
  }
  throw new UnsupportedConstruct("values that keep growing (no finite value domain)");
}

/**
 * Domains start with each location's initial value. Locations that only ever hold
 * numbers also get every constant of the code: a value that only a cycle of
 * reads-from can justify (herd7 solves for such values) is then still tried. A
 * value no write can supply finds no rf source, so extra values cost time, never
 * a wrong execution.
 */
function unfoldAll(test: LitmusTest, bounds: Bounds): ThreadTrace[][] {
  const globals = locationsOf(test);
  const initial = (): ValueDomains => {
    const d = new ValueDomains();
    for (const g of globals) d.add(g, test.init.get(g) ?? 0, "init");
    return d;
  };
  const first = initial();
  const traces = unfoldToFixpoint(test, bounds, first);
  const constants = constantsOf(test);
  const numericLocations = [...globals].filter((g) => first.numeric(g));
  if (constants.length === 0 || numericLocations.length === 0) return traces;
  const seeded = initial();
  for (const g of numericLocations) for (const c of constants) seeded.add(g, c, "seed");
  return unfoldToFixpoint(test, bounds, seeded);
}

export interface LitmusOptions {
  readonly bounds?: Bounds;
  /** Also decide whether some consistent execution has a data race (costs a full enumeration when none has). */
  readonly detectRace?: boolean;
}

export function runLitmusTest(test: LitmusTest, model: MemoryModel, options: LitmusOptions = {}): LitmusResult {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  if (test.unsupported.length > 0) return { status: "unsupported", reason: `unsupported: ${test.unsupported.join(", ")}` };
  let choices: ThreadTrace[][];
  try {
    choices = unfoldAll(test, bounds);
  } catch (e) {
    if (e instanceof UnsupportedConstruct) return { status: "unsupported", reason: e.message };
    throw e;
  }
  const longest = choices.reduce((sum, c) => sum + Math.max(...c.map((t) => t.events.length)), 0);
  const over = overBound(test.threads.length, longest, bounds);
  if (over) return over;
  for (const c of choices) {
    for (const t of c) {
      for (const e of t.events) {
        const why = model.unsupported(e);
        if (why) return { status: "unsupported", reason: `unsupported: ${why}` };
      }
    }
  }
  const init = new Map<string, Value>([...locationsOf(test)].map((g) => [g, test.init.get(g) ?? 0]));
  const result = searchExecutions(choices, init, model, test.condition.prop, { maxCandidates: bounds.maxCandidates, maxMillis: bounds.maxMillis, needVerdict: true, needRace: options.detectRace ?? false });
  if (result.stuck) return { status: "unsupported", reason: `unsupported: ${result.stuck}` };
  if (!result.complete) return { status: "not-checked", reason: budgetReason(result, bounds) };
  const verdict: Verdict = result.positive ? (result.negative ? "Sometimes" : "Always") : "Never";
  return { status: "checked", verdict, dataRace: result.race !== undefined, ...(result.positive ? { witness: result.positive } : {}), candidates: result.candidates };
}

export function runLitmus(text: string, model: MemoryModel, options: LitmusOptions = {}): LitmusResult {
  let test: LitmusTest;
  try {
    test = readLitmus(text);
  } catch (e) {
    if (e instanceof LitmusSyntaxError) return { status: "unsupported", reason: `unsupported: ${e.message.replace(/^unsupported: /, "")}` };
    throw e;
  }
  return runLitmusTest(test, model, options);
}
