import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding, RelatedLocation } from "../findings.js";
import type { Access } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { overlayScope, type CodeScope } from "../pairing/code-scope.js";
import { locationText } from "../pairing/describe.js";
import { FlowScanner } from "../pairing/flow-scan.js";
import { duplicateFences, type DuplicateFence } from "./duplicate-fences.js";
import { fenceLabel, fenceUsesOf, SIDE_NEEDS, type FenceUse, type Needed } from "./fence-uses.js";
import { SideProber, type Direction, type SideProbe } from "./side-probe.js";
import { unneededBarrierOptionsFor } from "./unneeded-barrier-options.js";

export const UNNEEDED_BARRIER = "unneeded-barrier";

/** Accesses of the other side and ordering points listed as related locations, at most. */
const MAX_RELATED_ACCESSES = 2;
const MAX_RELATED_STOPS = 2;
/** Functions named in a message, at most. */
const MAX_NAMED = 4;

const VERB: Readonly<Record<Needed, string>> = { load: "loaded", store: "stored", access: "accessed" };

/**
 * Barriers that order nothing: one side holds no access of the kind the barrier orders, up to the
 * function's boundary (its direct callers included) or the next ordering point, callees included; and
 * back-to-back barriers of which one adds nothing. Not reported in primitive wrappers, in functions
 * with parse errors, or when a side calls code the analysis cannot see.
 */
export const unneededBarrierChecker: Checker = {
  name: "unneeded-barrier/unneeded-barrier",
  rules: [UNNEEDED_BARRIER],
  check(input: AnalysisInput): Finding[] {
    const functions = input.fileIR.functions.filter((fn) => !fn.isPrimitiveWrapper && !fn.hasParseErrors);
    if (functions.length === 0) return [];
    const scope = overlayScope(input.project, input.fileIR);
    const prober = new SideProber(scope, new FlowScanner(scope, input.options.callDepth), input.options.callDepth);
    const context: CheckContext = {
      scope, prober, file: input.file,
      label: (use) => fenceLabel(use, input.options.dialect),
      reportAtFunctionBoundary: unneededBarrierOptionsFor(input.syntax.ast).reportAtFunctionBoundary,
    };
    const findings = functions.flatMap((fn) => checkFunction(fn, context));
    return findings.sort((a, b) => a.site.range[0] - b.site.range[0] || a.messageId.localeCompare(b.messageId));
  },
};

type Labeller = (use: FenceUse) => string;

interface CheckContext {
  scope: CodeScope;
  prober: SideProber;
  file: string;
  label: Labeller;
  reportAtFunctionBoundary: boolean;
}

function checkFunction(fn: FunctionIR, context: CheckContext): Finding[] {
  const { file, label } = context;
  const uses = fenceUsesOf(fn, context.scope);
  if (uses.length === 0) return [];
  const duplicates = duplicateFences(fn, uses);
  const findings = duplicates.map((duplicate) => duplicateFinding(fn, duplicate, file, label));
  const redundant = new Set(duplicates.map((duplicate) => duplicate.redundant));
  // A side that ends at a redundant neighbour goes on past it, as if it were already removed.
  const transparent = new Set([...redundant].map((use) => use.node));
  for (const use of uses) {
    if (redundant.has(use) || use.flavour !== "smp") continue;
    const empty = emptySide(fn, use, context, transparent);
    if (empty) findings.push(emptySideFinding(fn, use, empty, file, label));
  }
  return findings;
}

interface EmptySide {
  direction: Direction;
  needed: Needed;
  probe: SideProbe;
  other: SideProbe;
}

function emptySide(fn: FunctionIR, use: FenceUse, context: CheckContext, transparent: ReadonlySet<number>): EmptySide | undefined {
  const needs = SIDE_NEEDS[use.kind];
  if (!needs) return undefined;
  const before = context.prober.probe(fn, use.node, "backward", transparent);
  const after = context.prober.probe(fn, use.node, "forward", transparent);
  const known = (side: SideProbe) => !side.unseen && (context.reportAtFunctionBoundary || !side.noKnownCaller);
  if (!holds(before, needs.before) && known(before)) return { direction: "backward", needed: needs.before, probe: before, other: after };
  if (!holds(after, needs.after) && known(after)) return { direction: "forward", needed: needs.after, probe: after, other: before };
  return undefined;
}

function holds(side: SideProbe, needed: Needed): boolean {
  return side.accesses.some((access) => needed === "access" || access.op === "rmw" || access.op === needed);
}

function emptySideFinding(fn: FunctionIR, use: FenceUse, empty: EmptySide, file: string, label: Labeller): Finding {
  const backward = empty.direction === "backward";
  const ends = [
    ...empty.probe.stops.map((stop) => `${stop.label} (${locationText(stop.site, file)})`),
    ...(empty.probe.reachedBoundary || empty.probe.stops.length === 0 ? [`the ${backward ? "start" : "end"} of ${fn.name}()`] : []),
  ];
  const through = empty.probe.lookedThrough;
  const looked = `looked ${backward ? "back" : "ahead"} to ${nameList([...new Set(ends)])}`
    + (through.length > 0 ? `, through ${nameList(through.map((name) => `${name}()`))}` : "");
  const related: RelatedLocation[] = [
    ...empty.probe.stops.slice(0, MAX_RELATED_STOPS).map((stop) => ({ site: stop.site, label: `the ${backward ? "previous" : "next"} ordering point, ${stop.label}` })),
    ...otherSideAccesses(empty).map((access) => ({
      site: access.site, label: `${access.key.id} is ${VERB[access.op === "load" ? "load" : "store"]} ${backward ? "after" : "before"} it`,
    })),
  ];
  return {
    rule: UNNEEDED_BARRIER,
    messageId: "emptySide",
    site: use.site,
    related,
    data: {
      missing: `Nothing is ${VERB[empty.needed]} ${backward ? "before" : "after"}`,
      barrier: label(use),
      function: fn.name,
      looked,
    },
  };
}

function otherSideAccesses(empty: EmptySide): Access[] {
  return empty.other.accesses.slice(0, MAX_RELATED_ACCESSES);
}

function duplicateFinding(fn: FunctionIR, duplicate: DuplicateFence, file: string, label: Labeller): Finding {
  const { redundant, covering } = duplicate;
  return {
    rule: UNNEEDED_BARRIER,
    messageId: duplicate.position === "after" ? "duplicateAfter" : "duplicateBefore",
    site: redundant.site,
    related: [{ site: covering.site, label: `${label(covering)} (${locationText(covering.site, file)}) already orders everything it does` }],
    data: { redundant: label(redundant), covering: label(covering), function: fn.name },
  };
}

/** `a()`, `a() and b()`, `a(), b(), c(), d() and 3 more`. */
function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  if (names.length <= MAX_NAMED) return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${names.slice(0, MAX_NAMED).join(", ")} and ${names.length - MAX_NAMED} more`;
}
