import type { MemoryModel, Skeleton } from "../../model/index.js";
import type { AnalysisInput } from "../analysis-input.js";
import type { Finding, FindingSuggestion } from "../findings.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { wrappedFence } from "../pairing/code-scope.js";
import type { OrderingPoint } from "../pairing/ordering-point.js";
import type { FilePairing } from "../pairing/pairing-view.js";
import { pointeeKey } from "../keys/field-keys.js";
import { candidateFunctions } from "./candidate-functions.js";
import type { MessageFocus } from "./cycles.js";
import { judgePair, modelOf, type PairVerdict } from "./pair-verdict.js";
import { threadAroundPoint, wholeFunction, type FenceOfCall } from "./thread-items.js";

/** What a checker needs to ask the model about the pairs of the linted file. */
export interface VerdictContext {
  model: MemoryModel | undefined;
  fenceOfCall: FenceOfCall;
  /** The functions that call `fn` directly, as far as the project shows. */
  callersOf: (fn: FunctionIR) => readonly FunctionIR[];
  input: AnalysisInput;
}

export function verdictContext(input: AnalysisInput, view: FilePairing): VerdictContext {
  return {
    model: modelOf(input.options.dialect),
    fenceOfCall: (fn, callee) => wrappedFence(view.scope, fn, callee)?.fence,
    callersOf: (fn) => view.scope.callSitesOf(fn).map((site) => site.caller),
    input,
  };
}

const NO_MODEL: PairVerdict = { kind: "unknown", reason: "no memory model for the dialect" };

/** The model on the pair of two ordering points (a report's candidate partner). */
export function verdictWithPartner(
  context: VerdictContext, point: OrderingPoint, partner: OrderingPoint, anchors: ReadonlySet<unknown> = new Set(), focus?: MessageFocus,
  onlyAnchored = false, required: ReadonlySet<unknown> = new Set(),
): PairVerdict {
  if (!context.model) return NO_MODEL;
  const plans = [threadAroundPoint(point, context.fenceOfCall), threadAroundPoint(partner, context.fenceOfCall)] as const;
  return judgePair(plans, context.model, anchors, focus, onlyAnchored, required);
}

/**
 * The model on a point that has no partner point, against the functions that access what it orders
 * (a reader ordering by a control dependency is no ordering point). Allowed when any candidate can
 * break the point's ordering, forbidden when some candidate forms a cycle and none can.
 */
export function verdictWithCandidates(context: VerdictContext, point: OrderingPoint): PairVerdict & { partner?: FunctionIR } {
  if (!context.model) return NO_MODEL;
  const own = threadAroundPoint(point, context.fenceOfCall);
  // The keys of the point's whole thread: a barrier with nothing on one side still sits in a thread
  // whose other accesses may form the cycle.
  const keys = new Map<string, boolean>();
  const pointers = new Set<string>();
  for (const item of own.items) {
    if (item.kind !== "access") continue;
    keys.set(item.access.key.id, (keys.get(item.access.key.id) ?? false) || item.access.op !== "load");
    // A published address: the reader reaches the target through the pointer (`*P`).
    const stored = item.access.op === "store" ? item.access.stores : undefined;
    if (stored && "addressOf" in stored) {
      keys.set(pointeeKey(item.access.key).id, true);
      pointers.add(item.access.key.id);
    }
  }
  let forbidden: (PairVerdict & { partner?: FunctionIR }) | undefined;
  let refused: PairVerdict | undefined;
  for (const fn of candidateFunctions(context.input.project, context.input.fileIR, point.fn, keys, pointers)) {
    const verdict = judgePair([own, wholeFunction(fn, context.fenceOfCall)], context.model);
    if (verdict.kind === "allowed") return { ...verdict, partner: fn };
    if (verdict.kind === "forbidden") forbidden ??= { ...verdict, partner: fn };
    else if (!verdict.reason.startsWith("no cycle")) refused ??= verdict;
  }
  return refused ?? forbidden ?? { kind: "unknown", reason: "no candidate partner forms a cycle with it" };
}

/**
 * A shape-based finding with the model's answer: dropped when the model forbids every cycle, with the
 * witness in words when it allows one, and as it was (saying why in `model`) when the model could not
 * answer.
 */
export function withVerdict(finding: Finding, verdict: PairVerdict): Finding | undefined {
  if (verdict.kind === "forbidden") return undefined;
  const witness = verdict.kind === "allowed" ? ` ${verdict.witness[0]!.toUpperCase()}${verdict.witness.slice(1)}.` : "";
  const model = verdict.kind === "allowed" ? `${verdict.model}: allowed` : `${verdict.reason}; shape check only`;
  const judged = { ...finding, data: { ...finding.data, witness, model } };
  if (verdict.kind === "allowed") skeletons.set(judged, { skeleton: verdict.skeleton, model: verdict.model });
  return judged;
}

/** The skeleton and model behind a finding the model allowed, for the litmus export. */
const skeletons = new WeakMap<Finding, { skeleton: Skeleton; model: MemoryModel["name"] }>();

export function modelSkeletonOf(finding: Finding): { skeleton: Skeleton; model: MemoryModel["name"] } | undefined {
  return skeletons.get(finding);
}

/** The finding with one more suggestion, keeping its skeleton. */
export function withSuggestion(finding: Finding, suggestion: FindingSuggestion | undefined): Finding {
  if (!suggestion) return finding;
  const next = { ...finding, suggestions: [...(finding.suggestions ?? []), suggestion] };
  const skeleton = skeletons.get(finding);
  if (skeleton) skeletons.set(next, skeleton);
  return next;
}
