import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding, RelatedLocation } from "../findings.js";
import { checkedFenceSuggestion, type FenceFix } from "../verdicts/fix-suggestions.js";
import { unorderedGuards } from "../verdicts/guard-reads.js";
import type { Access } from "../ir/events.js";
import { leafEvents, loopsIn } from "../ir/walk.js";
import { judgePair, pairRace } from "../verdicts/pair-verdict.js";
import { threadAroundPoint } from "../verdicts/thread-items.js";
import { accessText, barrierNames, confidenceText, fieldList, locationText, pointReference } from "./describe.js";
import { flagOnlyEdge, misplacedAccesses, type MisplacedAccess } from "./misplaced-accesses.js";
import type { OrderingPoint, PointKind } from "./ordering-point.js";
import { otherEnd, type PairEdge } from "./pair-edge.js";
import { isAtomicsCall } from "./extract-points.js";
import { externalPartnerOf } from "./external-partners.js";
import { outsidePartySides } from "./outside-party-checker.js";
import { filePairing } from "./pairing-view.js";
import { isSequencedInOneFunction } from "./sequenced-points.js";
import { lookableRoles, missingSides } from "./point-roles.js";
import type { MessageFocus } from "../verdicts/cycles.js";
import {
  verdictContext, verdictWithCandidates, verdictWithPartner, withSuggestion, withVerdict, type VerdictContext,
} from "../verdicts/point-verdicts.js";

export const UNPAIRED_BARRIER = "unpaired-barrier";

/** Partners listed as related locations, at most. */
const MAX_RELATED = 8;

/**
 * Ordering points of the linted file that have no partner anywhere in the project, that order the
 * same fields as a candidate partner but the other way round, or whose pair has an access on the
 * wrong side of a barrier.
 */
export const unpairedBarrierChecker: Checker = {
  name: "pairing/unpaired-barrier",
  rules: [UNPAIRED_BARRIER],
  check(input: AnalysisInput): Finding[] {
    const view = filePairing(input.project, input.fileIR, input.options.callDepth);
    const context = verdictContext(input, view);
    const findings: Finding[] = [];
    // Every shape-based report goes to the model with its candidate partner: dropped when the model
    // forbids every cycle of the pair, kept with the witness when it allows one.
    const report = (finding: Finding | undefined) => {
      if (finding) findings.push(finding);
    };
    for (const point of view.filePoints()) {
      if (!isReportedPoint(point)) continue;
      // Atomics accesses are totally ordered among themselves: an Atomics point only orders plain data,
      // or leaves plain data it should order on its far side.
      const atomicsOnly = isAtomicsCall(point.api) && !ordersPlainData(point);
      if (atomicsOnly && !leavesPlainDataUnordered(point)) continue;
      // A partner the same thread runs in sequence (a consumer reading back its own index) passes no message.
      const edges = view.partnersOf(point).filter((edge) => !isSequencedInOneFunction(edge.from, edge.to));
      if (edges.length > 0) {
        const misplaced = misplacedAccesses(point, edges);
        for (const each of misplaced) report(judgedMisplaced(context, point, each));
        // A pair the shapes accept still goes to the model: plain data racing outside the pair's
        // ordering, or an RMW a read barrier does not order, can break it.
        if (misplaced.length === 0) report(judgedPair(context, point, edges, input.file));
        continue;
      }
      // The kernel, the guest or a device runs the other side: nothing in the project can pair with it.
      if (externalPartnerOf(point, input.options.dialect)) continue;
      // The owner reading back its own index before it advances it waits for no one.
      if (readsBackOwnField(point)) continue;
      const reversed = view.reversedOf(point).filter((edge) => !isSequencedInOneFunction(edge.from, edge.to));
      if (reversed.length > 0) {
        const partner = otherEnd(reversed[0]!, point);
        const anchors = new Set([...reversed[0]!.first, ...reversed[0]!.second].flatMap((match) => [match.from.access, match.to.access]));
        const focus = reversedFocus(point, reversed[0]!);
        const judged = withVerdict(reversedFinding(point, reversed, input.file), verdictWithPartner(context, point, partner, anchors, focus));
        const fix = judged && reversedFix(context, point, reversed[0]!);
        report(judged && fix ? withSuggestion(judged, checkedFenceSuggestion(context, point, partner, fix, anchors, focus, true)) : judged);
        continue;
      }
      const mates = view.flagMatesOf(point);
      // With the flag shared but no data matched, the data may sit on the far side of one of the two.
      const flagEdges = mates.flatMap(({ mate }) => [flagOnlyEdge(point, mate), flagOnlyEdge(mate, point)]).filter((edge) => edge !== undefined);
      const misplaced = misplacedAccesses(point, flagEdges);
      if (misplaced.length > 0) {
        for (const each of misplaced) report(judgedMisplaced(context, point, each));
        continue;
      }
      // The mate's own report names the access it left on the wrong side of its point.
      if (flagEdges.some((edge) => misplacedAccesses(otherEnd(edge, point), [edge]).length > 0)) continue;
      if (atomicsOnly) continue;
      const roles = lookableRoles(point, input.options.dialect);
      const [flagMate] = roles.length > 0 ? mates : [];
      if (flagMate) {
        report(withVerdict({
          rule: UNPAIRED_BARRIER, messageId: "flagOnly", site: point.site,
          related: [{ site: flagMate.mate.site, label: `${flagMate.mate.label} in ${flagMate.mate.fn.name}() shares ${fieldList(flagMate.flag)} only` }],
          data: {
            barrier: point.label, function: point.fn.name,
            ordered: roles.map((role) => role.ordered).join(", and "),
            partner: pointReference(flagMate.mate, input.file), flag: fieldList(flagMate.flag),
          },
        }, verdictWithPartner(context, point, flagMate.mate)));
      } else if (roles.length > 0) {
        report(withVerdict({
          rule: UNPAIRED_BARRIER, messageId: "unpaired", site: point.site, related: [],
          data: {
            barrier: point.label, function: point.fn.name,
            ordered: roles.map((role) => role.ordered).join(", and "),
            wanted: roles.map((role) => role.wanted).join(", and "),
          },
        }, verdictWithCandidates(context, point)));
      } else if (!point.fn.hasParseErrors && !FENCE_KINDS.has(point.kind) && !isAtomicsCall(point.api)) {
        // An Atomics access with nothing around it is a counter or a plain shared value, not a barrier.
        // With parse errors, empty sides more likely mean lost code than a barrier with nothing to order.
        // A fence with an empty side is unneeded-barrier's report; one rule per fact.
        report(withVerdict(nothingToOrder(point), verdictWithCandidates(context, point)));
      }
    }
    // Marked accesses with no barrier on either side, where one's value guards the other's accesses.
    for (const fn of input.fileIR.functions) {
      for (const pair of unorderedGuards(context, fn)) {
        report(withVerdict({
          rule: UNPAIRED_BARRIER, messageId: "unorderedGuard", site: pair.guard.site,
          related: [{ site: pair.flag.site, label: `${accessName(pair.flag)} in ${pair.writer.name}() (${locationText(pair.flag.site, input.file)})` }],
          data: {
            guard: accessName(pair.guard), function: fn.name, guarded: accessName(pair.guarded),
            writer: `${pair.writer.name}() (${locationText(pair.writer.site, input.file)})`, data: pair.data.key.id, flag: pair.flag.key.id,
          },
        }, pair.verdict));
      }
    }
    // A side whose partner is outside the project, left without the barrier the file gives the same pair elsewhere.
    findings.push(...outsidePartySides(input));
    return findings;
  },
};

/** `READ_ONCE(*flag)`, `store s->data`: an access as the code spells its primitive. */
function accessName(access: Access): string {
  return access.api === "plain" ? `${access.op === "load" ? "the load of" : "the store to"} ${access.key.id}` : `${access.api}(${access.key.id})`;
}

/**
 * The writer's side of a pair the shapes accept, asked of the model with its partner: reported when
 * the model allows the pair's outcome (or a data race makes it undefined), once per pair, at the
 * writer (at the reader when the writer is no reported point of its own, an ordered RMW), so nothing
 * is said twice.
 */
function judgedPair(context: VerdictContext, point: OrderingPoint, edges: readonly PairEdge[], file: string): Finding | undefined {
  if (!context.model) return undefined;
  for (const edge of edges) {
    if (edge.kind !== "message-passing" || edge.from === edge.to) continue;
    // At the writer, or at the reader when the writer is no point of its own (an ordered RMW).
    const atWriter = edge.from === point;
    if (!atWriter && isReportedPoint(edge.from)) continue;
    const partner = atWriter ? edge.to : edge.from;
    // The pair's own accesses: the skeleton loses a dependency that crosses a call, so a flag or data
    // reached through a callee or a caller is left to the shape check.
    const own = (match: PairEdge["first"][number]) => match.from.context === "local" && match.to.context === "local"
      && !match.from.crossesIteration && !match.to.crossesIteration;
    const flag = edge.first.find(own);
    const data = edge.second.find(own);
    if (!flag || !data) continue;
    // A plain flag is unordered for LKMM whatever the barriers. A dialect that follows LKMM there
    // (`plainFlagRaces`) asks the model about the flag's race too; elsewhere (QEMU's plain accesses
    // between smp_wmb() and smp_rmb()) it is mixed-atomic-access's question, not a pairing's.
    const plainFlag = flag.from.access.order === "plain" || flag.to.access.order === "plain";
    if (plainFlag && !context.input.options.dialect.plainFlagRaces) continue;
    // Data the reader reaches through the flag it loaded is whichever object the flag pointed to: keys
    // name types, not objects, so the model cannot tell the old object from the new one.
    if (data.to.access.dependsOn.some((dep) => dep.via === "address" && dep.loadId === flag.to.access.id)) continue;
    // A reader that loads the data in a loop may retry what it saw torn or stale (a seqlock's reader):
    // whether it keeps it is decided by a condition the skeleton does not have.
    if (edge.second.some((match) => inLoop(match.to.access, match.to.fn))) continue;
    const plans = [threadAroundPoint(point, context.fenceOfCall), threadAroundPoint(partner, context.fenceOfCall)] as const;
    // The pair's own outcome, on the very accesses the shapes matched: the reader sees the flag but the old data.
    const focus: MessageFocus = {
      writer: atWriter ? 0 : 1, flag: flag.from.access.key.id, data: data.from.access.key.id,
      exact: [data.from.access, flag.from.access, flag.to.access, data.to.access],
    };
    const outcome = judgePair(plans, context.model, new Set(), focus, true);
    // Forbidden: no execution of the pair races either (a race would have allowed it).
    if (outcome.kind === "forbidden") continue;
    // Or a data race on the pair's own data.
    // A reader that loads the flag in a loop (`while (!READ_ONCE(f)) ...;`) leaves it only once the flag
    // said so, a guard the skeleton does not have: a race is no answer then.
    const polls = inLoop(flag.to.access, flag.to.fn);
    const verdict = outcome.kind === "allowed" && !outcome.race ? outcome
      : polls ? undefined
      : pairRace(plans, context.model, new Set([...edge.second, ...(plainFlag ? [flag] : [])].filter(own).flatMap((match) => [match.from.access.key.id, match.to.access.key.id])));
    if (!verdict || verdict.kind !== "allowed") continue;
    return withVerdict({
      rule: UNPAIRED_BARRIER, messageId: "pairBroken", site: point.site,
      related: [{ site: partner.site, label: `pairs with ${partner.label} in ${partner.fn.name}()` }],
      data: {
        barrier: point.label, function: point.fn.name, partner: pointReference(partner, file),
        data: fieldList(edge.second.map((match) => match.from)), flag: fieldList(edge.first.map((match) => match.from)),
        how: verdict.race ? "a data race makes the pair undefined" : "the memory model still allows the reader to see the flag without the data",
      },
    }, verdict);
  }
  return undefined;
}

/** Whether the access sits in a loop of the function. */
function inLoop(access: Access, fn: OrderingPoint["fn"]): boolean {
  return loopsIn(fn.body).some((loop) => leafEvents(loop.body).includes(access));
}

/** Whether the checker visits the point (and so reports its pairs itself). */
function isReportedPoint(point: OrderingPoint): boolean {
  return point.explicit && point.flavour === "smp" && !point.fn.isPrimitiveWrapper;
}

function ordersPlainData(point: OrderingPoint): boolean {
  const sides = [point.write?.before, point.write?.after, point.read?.before, point.read?.after];
  return sides.some((side) => side?.some((entry) => entry.position !== "self" && entry.access.order === "plain"));
}

/** A reader point whose flag its own function stores again after it (`head = load(HEAD); ...; store(HEAD, head + 1)`). */
function readsBackOwnField(point: OrderingPoint): boolean {
  if (!point.read || point.write) return false;
  const flags = point.read.before.filter((side) => side.context === "local");
  return flags.length > 0 && flags.every((flag) => point.read!.after.some((later) => later.context === "local"
    && later.access.op !== "load" && later.access.key.id === flag.access.key.id));
}

function leavesPlainDataUnordered(point: OrderingPoint): boolean {
  const sides = [point.unordered?.before, point.unordered?.after];
  return sides.some((side) => side?.some((entry) => entry.context === "local"));
}

const FENCE_KINDS: ReadonlySet<PointKind> = new Set(["wmb", "rmb", "mb", "acquire-fence", "release-fence", "read-depends"]);

function nothingToOrder(point: OrderingPoint): Finding {
  return {
    rule: UNPAIRED_BARRIER, messageId: "nothingToOrder", site: point.site, related: [],
    data: { barrier: point.label, function: point.fn.name, missing: missingSides(point) },
  };
}

/** The messages for a point whose only candidate partners have reader loads on the wrong side. */
const MISORDER_MESSAGES = {
  reversed: { writer: "reversed", reader: "reversed" },
  "early-data": { writer: "partnerEarlyData", reader: "earlyData" },
  "late-flag": { writer: "partnerLateFlag", reader: "lateFlag" },
} as const;

function reversedFinding(point: OrderingPoint, edges: readonly PairEdge[], file: string): Finding {
  const edge = edges[0]!;
  const partner = otherEnd(edge, point);
  const isWriter = edge.from === point;
  const misorder = edge.misorder ?? "reversed";
  const writerSide = (matches: PairEdge["first"]) => fieldList(matches.map((match) => match.from));
  // reversed: first = data (loaded too early), second = flag (loaded too late); early-data: first =
  // flag, second = data; late-flag: first = data, second = flag.
  const [data, flag] = misorder === "early-data" ? [writerSide(edge.second), writerSide(edge.first)] : [writerSide(edge.first), writerSide(edge.second)];
  return {
    rule: UNPAIRED_BARRIER,
    messageId: MISORDER_MESSAGES[misorder][isWriter ? "writer" : "reader"],
    site: point.site,
    related: relatedPartners(point, edges, file, "is the candidate partner"),
    data: {
      barrier: point.label, function: point.fn.name, partner: pointReference(partner, file), data, flag,
      verb: isWriter ? "stores" : "loads", partnerVerb: isWriter ? "loads" : "stores",
      confidence: confidenceText([edge]),
    },
  };
}

function judgedMisplaced(context: VerdictContext, point: OrderingPoint, misplaced: MisplacedAccess): Finding | undefined {
  const anchors = new Set([misplaced.access.access, misplaced.flag.access]);
  const focus: MessageFocus = { writer: misplaced.edge.from === point ? 0 : 1, flag: misplaced.flag.access.key.id, data: misplaced.access.access.key.id };
  const partner = otherEnd(misplaced.edge, point);
  const judged = withVerdict(misplacedFinding(point, misplaced, context.input.file), verdictWithPartner(context, point, partner, anchors, focus));
  if (!judged) return undefined;
  const names = barrierNames(context.input.options.dialect);
  const fix: FenceFix = misplaced.kind === "load-before"
    ? { access: misplaced.access.access, where: "before", fence: "rmb", spelling: names.rmb }
    : { access: misplaced.access.access, where: "after", fence: "wmb", spelling: names.wmb };
  return withSuggestion(judged, checkedFenceSuggestion(context, point, partner, fix, anchors, focus, true));
}

/** The fence a reversed pair lacks: a read barrier before the reader's data load, or a write barrier before the writer's flag store. */
function reversedFix(context: VerdictContext, point: OrderingPoint, edge: PairEdge): FenceFix | undefined {
  const [data, flag] = edge.misorder === "early-data" ? [edge.second[0], edge.first[0]] : [edge.first[0], edge.second[0]];
  if (!data || !flag) return undefined;
  const names = barrierNames(context.input.options.dialect);
  return edge.to === point
    ? { access: data.to.access, where: "before", fence: "rmb", spelling: names.rmb }
    : { access: flag.from.access, where: "before", fence: "wmb", spelling: names.wmb };
}


/** The flag and data of a reversed pair (see `reversedFinding` for which match list holds which). */
function reversedFocus(point: OrderingPoint, edge: PairEdge): MessageFocus | undefined {
  const [data, flag] = edge.misorder === "early-data" ? [edge.second[0], edge.first[0]] : [edge.first[0], edge.second[0]];
  if (!data || !flag) return undefined;
  return { writer: edge.from === point ? 0 : 1, flag: flag.from.access.key.id, data: data.from.access.key.id };
}

function misplacedFinding(point: OrderingPoint, misplaced: MisplacedAccess, file: string): Finding {
  const partner = otherEnd(misplaced.edge, point);
  const access = misplaced.access;
  const inThisFile = access.context === "local" && access.access.site.file === file;
  const isLoad = misplaced.kind === "load-before";
  return {
    rule: UNPAIRED_BARRIER,
    messageId: isLoad ? "misplacedLoad" : "misplacedStore",
    site: inThisFile ? access.access.site : point.site,
    related: [
      { site: partner.site, label: `pairs with ${partner.label} in ${partner.fn.name}()` },
      ...(inThisFile ? [{ site: point.site, label: `${point.label} in ${point.fn.name}()` }] : []),
    ],
    data: {
      field: accessText(access),
      key: access.access.key.id,
      function: point.fn.name,
      barrier: point.label,
      partner: pointReference(partner, file),
      flag: misplaced.flag.access.key.id,
      confidence: confidenceText([misplaced.edge]),
    },
  };
}

export function relatedPartners(point: OrderingPoint, edges: readonly PairEdge[], file: string, label: string): RelatedLocation[] {
  return edges.slice(0, MAX_RELATED).map((edge) => {
    const partner = otherEnd(edge, point);
    return { site: partner.site, label: `${partner.label} in ${partner.fn.name}() (${locationText(partner.site, file)}) ${label}` };
  });
}
