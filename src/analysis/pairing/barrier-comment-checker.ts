import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding } from "../findings.js";
import type { Primitive } from "../dialects/primitive.js";
import type { Access, Fence, FenceKind } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { ProjectView } from "../project-view.js";
import { LineIndex } from "../../languages/c/line-index.js";
import type { SyntaxNode, TranslationUnit } from "../../languages/c/syntax-node.js";
import { explanationOf, explanatoryCommentsFor, partnerClaims, type PartnerClaim } from "./comment-claims.js";
import { locationText, pointReference } from "./describe.js";
import { enclosingStatementComments } from "./enclosing-comments.js";
import { externalPartnerOf } from "./external-partners.js";
import { leafEvents } from "../ir/walk.js";
import type { OrderingPoint, PointKind } from "./ordering-point.js";
import { otherEnd } from "./pair-edge.js";
import { filePairing, type FilePairing } from "./pairing-view.js";

export const BARRIER_COMMENT = "barrier-comment";

const MAX_LISTED_POINTS = 3;

/**
 * checkpatch's "memory barrier without comment", plus a check of what the comment claims: a named
 * partner function must exist and hold an ordering point that can pair with this barrier.
 */
export const barrierCommentChecker: Checker = {
  name: "pairing/barrier-comment",
  rules: [BARRIER_COMMENT],
  check(input: AnalysisInput): Finding[] {
    if (input.syntax.language !== "c") return [];
    const { ast, text } = input.syntax;
    let lines: LineIndex | undefined;
    const lineOf = (offset: number) => (lines ??= new LineIndex(text)).position(offset).line;
    const dialect = input.options.dialect;
    const defines = new MacroBodies(ast);
    const view = filePairing(input.project, input.fileIR, input.options.callDepth);
    const points = new PointsByEvent(view.filePoints());
    const isPrimitive = (name: string) => dialect.primitives.has(name) || dialect.commentedBarriers.has(name);
    const projectMacros = projectMacroNames(input.project);
    const isMacro = (name: string) => projectMacros.has(name) || input.fileIR.definedMacros.includes(name);
    const findings: Finding[] = [];
    for (const fn of input.fileIR.functions) {
      if (fn.isPrimitiveWrapper) continue;
      for (const barrier of commentedBarriersIn(fn, dialect.commentedBarriers)) {
        if (defines.hold(barrier.site.range)) continue;
        const point = points.of(barrier);
        // The barrier's own comment comes first: one above an enclosing `if` or loop may be about more.
        const own = explanatoryCommentsFor(barrier.site.line, ast.comments);
        const comments = own.length > 0 ? own : enclosingStatementComments(ast, text, barrier.site.range, lineOf);
        const context = { input, view, fn, barrier, point };
        if (comments.length === 0) {
          findings.push(missingComment(context));
          continue;
        }
        const claims = partnerClaims(comments.map((comment) => explanationOf(comment) ?? "").join("\n"), isPrimitive);
        for (const claim of claims) {
          for (const named of claim.functions) {
            if (isMacro(named)) continue;
            const problem = checkClaim(context, claim, named);
            if (problem) findings.push(problem);
          }
        }
      }
    }
    return findings;
  },
};

const macroNamesByProject = new WeakMap<ProjectView, ReadonlySet<string>>();

/** Every macro the project defines, computed once per project view rather than once per file. */
function projectMacroNames(project: ProjectView): ReadonlySet<string> {
  let names = macroNamesByProject.get(project);
  if (!names) {
    names = new Set([...project.files()].flatMap((file) => file.definedMacros));
    macroNamesByProject.set(project, names);
  }
  return names;
}

interface BarrierContext {
  input: AnalysisInput;
  view: FilePairing;
  fn: FunctionIR;
  barrier: Fence | Access;
  point: OrderingPoint | undefined;
}

function commentedBarriersIn(fn: FunctionIR, names: ReadonlySet<string>): (Fence | Access)[] {
  return leafEvents(fn.body).filter((event): event is Fence | Access =>
    (event.kind === "fence" && event.fence !== "compiler" && names.has(event.api))
    || (event.kind === "access" && names.has(event.api)));
}

/** The ordering point a barrier event makes (a flanking fence belongs to its RMW's point), found by id or by place. */
class PointsByEvent {
  private readonly byEvent = new Map<string, OrderingPoint>();
  private readonly byPlace = new Map<string, OrderingPoint>();

  constructor(points: readonly OrderingPoint[]) {
    // The first point of each key wins, as a search in order would find it.
    for (const point of points) {
      if (!this.byEvent.has(point.eventId)) this.byEvent.set(point.eventId, point);
      const place = placeKey(point.site.file, point.site.range[0]);
      if (!this.byPlace.has(place)) this.byPlace.set(place, point);
    }
  }

  of(barrier: Fence | Access): OrderingPoint | undefined {
    return this.byEvent.get(barrier.id) ?? this.byPlace.get(placeKey(barrier.site.file, barrier.site.range[0]));
  }
}

function placeKey(file: string, offset: number): string {
  return `${offset}:${file}`;
}

function barrierName(barrier: Fence | Access): string {
  return `${barrier.api}()`;
}

function partnerText(context: BarrierContext): string {
  const { point, view, input } = context;
  if (!point) return "";
  const [edge] = view.partnersOf(point);
  if (edge) return `its partner is ${pointReference(otherEnd(edge, point), input.file)}`;
  const external = externalPartnerOf(point, input.options.dialect);
  return external ? `its partner is outside the project, in ${external.holder} (through ${external.key})` : "no partner was found in the project";
}

function missingComment(context: BarrierContext): Finding {
  const partner = partnerText(context);
  return {
    rule: BARRIER_COMMENT, messageId: "missingComment", site: context.barrier.site, related: [],
    data: { barrier: barrierName(context.barrier), function: context.fn.name, partnerHint: partner ? `; ${partner}` : "" },
  };
}

function checkClaim(context: BarrierContext, claim: PartnerClaim, named: string): Finding | undefined {
  const { view, input, barrier, fn, point } = context;
  const partner = partnerText(context);
  const actual = partner ? `; ${partner}` : "";
  const base = { rule: BARRIER_COMMENT, site: barrier.site, related: [] };
  const targets = view.scope.functionsNamed(named);
  if (targets.length === 0) {
    return { ...base, messageId: "partnerNotFound", data: { barrier: barrierName(barrier), function: fn.name, named, actual } };
  }
  const candidates = targets.flatMap((target) => pointsWithin(view, target));
  const explicit = candidates.filter((candidate) => candidate.explicit);
  const listed = explicit.slice(0, MAX_LISTED_POINTS).map((candidate) => `${candidate.label} (line ${candidate.site.line})`);
  const more = explicit.length > listed.length ? " and more" : "";
  let found: string;
  const pairs = (point && view.partnersOf(point).some((edge) => otherEnd(edge, point).fn.name === named))
    || candidates.some((candidate) => canPair(point, candidate));
  if (!pairs) {
    found = listed.length === 0
      ? "holds no ordering point"
      : `holds only ${listed.join(", ")}${more}, which cannot pair with ${barrierName(barrier)}`;
  } else {
    // The comment names the partner barrier too: a function that pairs through another one is not what it says.
    const namedKind = claim.barrier !== undefined ? primitivePointKind(input.options.dialect.primitives.get(claim.barrier))
      : claim.fullBarrier ? "mb" : undefined;
    if (namedKind === undefined || candidates.some((candidate) => isNamedBarrier(candidate, claim.barrier, namedKind))) return undefined;
    const wanted = claim.barrier !== undefined ? `${claim.barrier}()` : "full barrier";
    found = `holds no ${wanted}${listed.length === 0 ? "" : `, only ${listed.join(", ")}${more}`}`;
  }
  return {
    ...base,
    messageId: "partnerDoesNotMatch",
    related: [{ site: targets[0]!.site, label: `${named}() named by the comment` }],
    data: {
      barrier: barrierName(barrier), function: fn.name, claim: claim.text, named,
      location: locationText(targets[0]!.site, input.file), found, actual,
    },
  };
}

/** Points of a function and of its callees, to the configured depth. */
function pointsWithin(view: FilePairing, root: FunctionIR): OrderingPoint[] {
  const seen = new Set<FunctionIR>([root]);
  let frontier = [root];
  for (let depth = 0; depth < view.callDepth && frontier.length > 0; depth++) {
    const next: FunctionIR[] = [];
    for (const fn of frontier) {
      for (const event of leafEvents(fn.body)) {
        if (event.kind !== "call") continue;
        for (const callee of view.scope.calleesOf(fn, event.callee)) {
          if (!seen.has(callee)) {
            seen.add(callee);
            next.push(callee);
          }
        }
      }
    }
    frontier = next;
  }
  return [...seen].flatMap((fn) => view.pointsOf(fn));
}

const FENCE_POINT_KIND: Partial<Record<FenceKind, PointKind>> = {
  mb: "mb", wmb: "wmb", rmb: "rmb", acquire: "acquire-fence", release: "release-fence", "read-depends": "read-depends",
  "before-rmw": "rmw", "after-rmw": "rmw",
};
const STORE_POINT_KIND: Partial<Record<string, PointKind>> = { release: "release-store", seqcst: "seqcst-store", mb: "mb-store" };
const LOAD_POINT_KIND: Partial<Record<string, PointKind>> = {
  acquire: "acquire-load", consume: "consume-load", seqcst: "seqcst-load", mb: "mb-load",
};

/** The kind of ordering point a primitive makes, when it makes one. */
function primitivePointKind(primitive: Primitive | undefined): PointKind | undefined {
  if (!primitive) return undefined;
  if (primitive.kind === "fence") return FENCE_POINT_KIND[primitive.fence];
  if (primitive.op === "rmw") return "rmw";
  return (primitive.op === "store" ? STORE_POINT_KIND : LOAD_POINT_KIND)[primitive.order];
}

/**
 * Whether `candidate` is the barrier a comment names: that primitive, another spelling of the same
 * kind of point (`qatomic_mb_set` for `qatomic_set_mb`), or any full barrier for a named full barrier
 * (a primitive, or "memory barrier" in words).
 */
function isNamedBarrier(candidate: OrderingPoint, name: string | undefined, kind: PointKind): boolean {
  if (candidate.kind === kind || (name !== undefined && (candidate.api === name || candidate.label.includes(`${name}(`)))) return true;
  return (kind === "mb" || kind === "mb-store" || kind === "mb-load") && candidate.storeBuffering?.strength === "full";
}

/** Whether `candidate` is of a kind that can pair with `point`: a full barrier pairs with anything. */
function canPair(point: OrderingPoint | undefined, candidate: OrderingPoint): boolean {
  if (!point || isFull(point) || isFull(candidate)) return true;
  return (point.write !== undefined && candidate.read !== undefined) || (point.read !== undefined && candidate.write !== undefined);
}

function isFull(point: OrderingPoint): boolean {
  return point.storeBuffering?.strength === "full";
}

/** Ranges of `#define` bodies: barriers there are a primitive's implementation, not a use. */
class MacroBodies {
  /** Disjoint ranges in source order (a definition never holds another). */
  private readonly ranges: [number, number][] = [];

  constructor(ast: TranslationUnit) {
    const pending: SyntaxNode[] = [ast];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.type === "preproc_def" || node.type === "preproc_function_def") this.ranges.push(node.range);
      else if (node.type !== "function_definition") for (const child of node.children) pending.push(child);
    }
    this.ranges.sort((a, b) => a[0] - b[0]);
  }

  /** Whether a definition's range holds `range`: the last definition starting at or before it is the only candidate. */
  hold(range: readonly [number, number]): boolean {
    let low = 0;
    let high = this.ranges.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ranges[middle]![0] <= range[0]) low = middle + 1;
      else high = middle;
    }
    const candidate = this.ranges[low - 1];
    return candidate !== undefined && range[1] <= candidate[1];
  }
}
