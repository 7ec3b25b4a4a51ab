import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { ResolvedDialect } from "../dialects/registry.js";
import type { Finding, FindingSuggestion } from "../findings.js";
import type { Access } from "../ir/events.js";
import { barrierNames, locationText, pointReference } from "../pairing/describe.js";
import { FlowScanner } from "../pairing/flow-scan.js";
import type { OrderingPoint } from "../pairing/ordering-point.js";
import { filePairing } from "../pairing/pairing-view.js";
import { unorderedControlLoads, type UnorderedControlLoad } from "./control-dependent-loads.js";
import { judgeReadDepends, type ControlDependentLoad } from "./read-depends.js";

export const DEPENDENCY_BARRIER = "dependency-barrier";

/**
 * Read sides that rely on a dependency: `smp_read_barrier_depends()` and dependency heads (consume
 * loads, relaxed loads whose value is used as an address). A dependency orders the second load only
 * when its address is computed from the first load's value; a condition on that value does not.
 */
export const dependencyBarrierChecker: Checker = {
  name: "dependencies/dependency-barrier",
  rules: [DEPENDENCY_BARRIER],
  check(input: AnalysisInput): Finding[] {
    const view = filePairing(input.project, input.fileIR, input.options.callDepth);
    // Dependencies are followed inside one function only: the forward walk needs no callees or callers.
    const scanner = new FlowScanner(view.scope, 0);
    const findings: Finding[] = [];
    const reportedLoads = new Set<Access>();
    // `x > 0 && x != max` loads x twice on one line: one report says it.
    const reportedLines = new Set<string>();
    for (const point of view.filePoints()) {
      if (point.fn.isPrimitiveWrapper) continue;
      if (point.kind === "read-depends") {
        const finding = readDependsFinding(point, input, view);
        if (finding) findings.push(finding);
        continue;
      }
      for (const unordered of unorderedControlLoads(point, view, scanner)) {
        const line = `${unordered.load.site.line}:${unordered.load.key.id}`;
        if (reportedLoads.has(unordered.load) || reportedLines.has(line)) continue;
        reportedLoads.add(unordered.load);
        reportedLines.add(line);
        findings.push(controlPairFinding(point, unordered, input));
      }
    }
    return findings;
  },
};

type View = ReturnType<typeof filePairing>;

function readDependsFinding(point: OrderingPoint, input: AnalysisInput, view: View): Finding | undefined {
  const verdict = judgeReadDepends(point);
  const rmb = rmbFor(point.api, input.options.dialect);
  const base = { barrier: point.label, function: point.fn.name, rmb: `${rmb}()` };
  if (verdict.kind === "control") {
    const first = verdict.loads[0]!;
    const partner = partnerOf(point, first, view);
    return {
      rule: DEPENDENCY_BARRIER,
      messageId: "controlDependency",
      site: point.site,
      data: {
        ...base,
        load: first.load.key.id,
        line: String(first.load.site.line),
        head: first.head.key.id,
        more: verdict.loads.length > 1 ? ` (and ${verdict.loads.length - 1} more load${verdict.loads.length > 2 ? "s" : ""})` : "",
        partner: partner ? `; ${pointReference(partner, input.file)} pairs with it and counts on that order` : "",
      },
      related: [
        { site: first.head.site, label: `the load of ${first.head.key.id}, whose value only the condition reads` },
        { site: first.load.site, label: `the load of ${first.load.key.id}, ordered only by control` },
        ...(partner ? [{ site: partner.site, label: `${partner.label} in ${partner.fn.name}() (${locationText(partner.site, input.file)}) pairs with it` }] : []),
      ],
      ...suggestion(point, rmb, input),
    };
  }
  if (verdict.kind === "no-dependent-load") {
    const head = verdict.heads[verdict.heads.length - 1];
    return {
      rule: DEPENDENCY_BARRIER,
      messageId: verdict.after.length > 0 ? "noDependentLoad" : "noLoadAfter",
      site: point.site,
      data: { ...base, heads: head ? `the load of ${head.key.id} (line ${head.site.line})` : "any load before it" },
      related: head ? [{ site: head.site, label: `the load of ${head.key.id}, which no later load depends on` }] : [],
      ...(verdict.after.length > 0 ? suggestion(point, rmb, input) : {}),
    };
  }
  return undefined;
}

/** The writer of a message-passing pair of the fence whose data load is `dependent.load`. */
function partnerOf(point: OrderingPoint, dependent: ControlDependentLoad, view: View): OrderingPoint | undefined {
  const edge = view.partnersOf(point).find((candidate) =>
    candidate.kind === "message-passing" && candidate.to === point && candidate.second.some((match) => match.to.access === dependent.load));
  return edge?.from;
}

function controlPairFinding(point: OrderingPoint, unordered: UnorderedControlLoad, input: AnalysisInput): Finding {
  const { head, load, edge } = unordered;
  const writer = edge.from;
  return {
    rule: DEPENDENCY_BARRIER,
    messageId: "controlDependencyPair",
    site: load.site,
    data: {
      load: load.key.id,
      function: point.fn.name,
      head: `${head.api}(${head.key.id})`,
      headField: head.key.id,
      headLine: String(head.site.line),
      partner: pointReference(writer, input.file),
      rmb: barrierNames(input.options.dialect).rmb,
    },
    related: [
      { site: head.site, label: `${head.api}(${head.key.id}): the condition reads its value` },
      { site: writer.site, label: `${writer.label} in ${writer.fn.name}() (${locationText(writer.site, input.file)}) publishes ${load.key.id} through ${head.key.id}` },
    ],
  };
}

/** `smp_rmb` for `smp_read_barrier_depends`, `rmb` for `read_barrier_depends`, `cmm_smp_rmb` for liburcu's. */
function rmbFor(api: string, dialect: ResolvedDialect): string {
  const sibling = api.replace(/read_barrier_depends$/u, "rmb");
  const primitive = dialect.primitives.get(sibling);
  if (sibling !== api && primitive?.kind === "fence" && primitive.fence === "rmb") return sibling;
  return barrierNames(dialect).rmb.replace(/\(.*\)$/u, "");
}

function suggestion(point: OrderingPoint, rmb: string, input: AnalysisInput): { suggestions?: FindingSuggestion[] } {
  const [start, end] = point.site.range;
  const text = input.syntax.text.slice(start, end);
  if (!/^\w+\s*\(\s*\)$/u.test(text) || !text.startsWith(point.api) || !/^[A-Za-z_]\w*$/u.test(rmb)) return {};
  return { suggestions: [{ messageId: "useRmb", data: { rmb: `${rmb}()` }, edits: [{ range: [start, end], text: `${rmb}()` }] }] };
}
