import type { FileIR, FunctionIR } from "../ir/function-ir.js";
import { getOrCreate } from "../memo.js";
import type { ProjectView } from "../project-view.js";
import { overlayScope, projectScope, type CodeScope } from "./code-scope.js";
import { PointExtractor } from "./extract-points.js";
import { FlowScanner } from "./flow-scan.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";
import { ownerAndField } from "../ir/field-key.js";
import { matchAccesses, messagePassingEdge, misorderedEdge, otherEnd, storeBufferingEdge, type KeyMatch, type PairEdge } from "./pair-edge.js";
import { PairingIndex } from "./pairing-index.js";

/** The pairing analysis over some code: its ordering points and, for each point, its partners. */
export interface PairingView {
  readonly scope: CodeScope;
  readonly callDepth: number;
  pointsOf(fn: FunctionIR): readonly OrderingPoint[];
  /** Every point of the view, in a deterministic order. */
  allPoints(): readonly OrderingPoint[];
  /** Message-passing and store-buffering partners, nearest file first, deterministic. */
  partnersOf(point: OrderingPoint): PairEdge[];
  /**
   * For a point without partners: unpaired points that would pair with it if some reader loads sat on
   * the other side of the reader's barrier (`reversed` edges).
   */
  reversedOf(point: OrderingPoint): PairEdge[];
  /**
   * For a point without partners: points of another function that share its flag (a writer's store
   * after it that a reader loads before its own point, or the mirror) though none of its data.
   */
  flagMatesOf(point: OrderingPoint): FlagMate[];
  /**
   * Full barriers whose store-buffering side may load what `stores` store (after the barrier) and
   * store what `loads` load (before it): the partners a thread storing `stores` and then loading
   * `loads` would need a full barrier against.
   */
  fullBarriersAgainst(stores: readonly SideAccess[], loads: readonly SideAccess[]): OrderingPoint[];
  /** The accesses on one side of node `start` of `fn`'s flow, as a point there would see them. */
  sideAt(fn: FunctionIR, start: number, direction: "forward" | "backward"): SideAccess[];
}

/** A point that shares another's flag and nothing else; `flag` holds the point's own matching accesses. */
export interface FlagMate {
  mate: OrderingPoint;
  flag: SideAccess[];
}

const projectViews = new WeakMap<ProjectView, Map<number, ProjectPairing>>();

/** The pairing view of a whole project; built once per ProjectView object and call depth. */
export function projectPairing(project: ProjectView, callDepth: number): ProjectPairing {
  const byDepth = getOrCreate(projectViews, project, () => new Map<number, ProjectPairing>());
  return getOrCreate(byDepth, callDepth, () => new ProjectPairing(project, callDepth));
}

/**
 * The project as seen while linting one file: the file's fresh IR replaces its copy in the project.
 * Shared by every checker that analyses this FileIR object.
 */
export function filePairing(project: ProjectView, fileIR: FileIR, callDepth: number): FilePairing {
  const base = projectPairing(project, callDepth);
  return getOrCreate(base.fileViews, fileIR, () => new FilePairing(base, fileIR));
}

export class ProjectPairing implements PairingView {
  readonly scope: CodeScope;
  /** Shared with the view of a linted file that is the project's own copy (see `FilePairing`). */
  readonly extractor: PointExtractor;
  private builtIndex?: PairingIndex;
  private readonly partners = new Map<OrderingPoint, PairEdge[]>();
  /**
   * The views of linted files over this project view. Held here, not by the FileIR: a linted file whose
   * IR is the index's own copy outlives a project view, and must not keep a replaced one alive.
   */
  readonly fileViews = new WeakMap<FileIR, FilePairing>();

  constructor(readonly project: ProjectView, readonly callDepth: number) {
    this.scope = projectScope(project);
    this.extractor = new PointExtractor(new FlowScanner(this.scope, callDepth));
  }

  fullBarriersAgainst(stores: readonly SideAccess[], loads: readonly SideAccess[]): OrderingPoint[] {
    return fullBarriersIn([this.index], stores, loads, () => true);
  }

  sideAt(fn: FunctionIR, start: number, direction: "forward" | "backward"): SideAccess[] {
    return this.extractor.scanner.side(fn, start, direction);
  }

  /** The project-wide inverted index, built on first use. */
  get index(): PairingIndex {
    this.builtIndex ??= new PairingIndex(this.scope.functions().flatMap((fn) => this.extractor.pointsOf(fn)));
    return this.builtIndex;
  }

  pointsOf(fn: FunctionIR): readonly OrderingPoint[] {
    return this.extractor.pointsOf(fn);
  }

  allPoints(): readonly OrderingPoint[] {
    return this.index.points;
  }

  partnersOf(point: OrderingPoint): PairEdge[] {
    let edges = this.partners.get(point);
    if (!edges) {
      edges = partnerEdges(point, [this.index], () => true);
      this.partners.set(point, edges);
    }
    return edges;
  }

  reversedOf(point: OrderingPoint): PairEdge[] {
    return reversedEdges(point, [this.index], () => true, (candidate) => this.hasMessagePassingPartner(candidate));
  }

  flagMatesOf(point: OrderingPoint): FlagMate[] {
    return flagMates(point, [this.index], () => true);
  }

  hasMessagePassingPartner(point: OrderingPoint, keep: (partner: OrderingPoint) => boolean = () => true): boolean {
    return this.partnersOf(point).some((edge) => edge.kind === "message-passing" && keep(otherEnd(edge, point)));
  }
}

export class FilePairing implements PairingView {
  readonly scope: CodeScope;
  readonly callDepth: number;
  private readonly extractor: PointExtractor;
  private readonly localIndex: PairingIndex;
  private readonly localPoints: ReadonlySet<OrderingPoint>;
  private readonly partners = new Map<OrderingPoint, PairEdge[]>();

  constructor(readonly base: ProjectPairing, readonly fileIR: FileIR) {
    // A linted file whose IR is the project's own copy (`indexedCopyIfSame`) replaces nothing: its
    // points are the project's, built once, not a second set over an equal copy.
    const isProjectCopy = base.project.fileNamed?.(fileIR.file) === fileIR;
    this.scope = isProjectCopy ? base.scope : overlayScope(base.project, fileIR);
    this.callDepth = base.callDepth;
    this.extractor = isProjectCopy ? base.extractor : new PointExtractor(new FlowScanner(this.scope, base.callDepth));
    this.localIndex = new PairingIndex(fileIR.functions.flatMap((fn) => this.extractor.pointsOf(fn)));
    this.localPoints = new Set(this.localIndex.points);
  }

  /** Points of the linted file. */
  filePoints(): readonly OrderingPoint[] {
    return this.localIndex.points;
  }

  pointsOf(fn: FunctionIR): readonly OrderingPoint[] {
    return fn.site.file === this.fileIR.file ? this.extractor.pointsOf(fn) : this.base.pointsOf(fn);
  }

  allPoints(): readonly OrderingPoint[] {
    return sortPoints([...this.base.allPoints().filter((point) => this.isCurrent(point)), ...this.localIndex.points]);
  }

  partnersOf(point: OrderingPoint): PairEdge[] {
    let edges = this.partners.get(point);
    if (!edges) {
      edges = partnerEdges(point, [this.localIndex, this.base.index], (candidate) => this.isCurrent(candidate));
      this.partners.set(point, edges);
    }
    return edges;
  }

  reversedOf(point: OrderingPoint): PairEdge[] {
    const current = (candidate: OrderingPoint) => this.isCurrent(candidate);
    return reversedEdges(point, [this.localIndex, this.base.index], current, (candidate) => (this.localPoints.has(candidate)
      ? this.partnersOf(candidate).some((edge) => edge.kind === "message-passing")
      // Another file's point: its partners elsewhere are cached project-wide; only this file's are fresh.
      : this.base.hasMessagePassingPartner(candidate, current)
        || partnerEdges(candidate, [this.localIndex], current).some((edge) => edge.kind === "message-passing")));
  }

  flagMatesOf(point: OrderingPoint): FlagMate[] {
    return flagMates(point, [this.localIndex, this.base.index], (candidate) => this.isCurrent(candidate));
  }

  fullBarriersAgainst(stores: readonly SideAccess[], loads: readonly SideAccess[]): OrderingPoint[] {
    return fullBarriersIn([this.localIndex, this.base.index], stores, loads, (candidate) => this.isCurrent(candidate));
  }

  sideAt(fn: FunctionIR, start: number, direction: "forward" | "backward"): SideAccess[] {
    return this.extractor.scanner.side(fn, start, direction);
  }

  /** Points of the project's (possibly older) copy of the linted file are replaced by the fresh ones. */
  private isCurrent(point: OrderingPoint): boolean {
    return point.file !== this.fileIR.file || this.localPoints.has(point);
  }
}

/**
 * Partners kept per point and per kind of pair. A field that half the project touches would otherwise
 * make every point a partner of every other (the work quadratic): beyond this, more partners add
 * nothing the rules need.
 */
export const MAX_PARTNERS = 64;

function partnerEdges(point: OrderingPoint, indexes: readonly PairingIndex[], current: (point: OrderingPoint) => boolean): PairEdge[] {
  const messagePassing = new EdgeSet();
  const storeBuffering = new EdgeSet();
  const keep = (into: EdgeSet, candidates: Iterable<OrderingPoint>, edgeWith: (other: OrderingPoint) => PairEdge | undefined) => {
    for (const candidate of candidates) {
      if (into.size >= MAX_PARTNERS) return;
      if (!current(candidate)) continue;
      const edge = edgeWith(candidate);
      if (edge) into.add(edge);
    }
  };
  for (const index of indexes) {
    if (point.write) {
      const readers = index.eachOfBoth(["readBefore", point.write.after], ["readAfter", point.write.before]);
      keep(messagePassing, readers, (reader) => messagePassingEdge(point, reader));
    }
    if (point.read) {
      const writers = index.eachOfBoth(["writeAfter", point.read.before], ["writeBefore", point.read.after]);
      keep(messagePassing, writers, (writer) => messagePassingEdge(writer, point));
    }
    const side = point.storeBuffering;
    if (side && (side.strength !== "weak" || point.explicit)) {
      // Store buffering needs a full barrier on one side at least: a weaker point looks for full ones only.
      const fullOnly = side.strength !== "full";
      const others = fullOnly
        ? index.eachOfBoth(["fullBarrierLoads", side.stores], ["fullBarrierStores", side.loads])
        : index.eachOfBoth(["storeBufferingLoads", side.stores], ["storeBufferingStores", side.loads]);
      keep(storeBuffering, others, (other) => storeBufferingEdge(point, other));
    }
  }
  return sortByPartner(point, [...messagePassing.values(), ...storeBuffering.values()]);
}

/**
 * Edges of one kind by their two ends (what their ids say), without building the ids: an edge found
 * again (through a second index) replaces the first, as a map by id would.
 */
class EdgeSet {
  private readonly byEnds = new Map<OrderingPoint, Map<OrderingPoint, PairEdge>>();
  size = 0;

  add(edge: PairEdge): void {
    let byTo = this.byEnds.get(edge.from);
    if (!byTo) {
      byTo = new Map();
      this.byEnds.set(edge.from, byTo);
    }
    if (!byTo.has(edge.to)) this.size++;
    byTo.set(edge.to, edge);
  }

  values(): PairEdge[] {
    return [...this.byEnds.values()].flatMap((byTo) => [...byTo.values()]);
  }
}

function fullBarriersIn(
  indexes: readonly PairingIndex[], stores: readonly SideAccess[], loads: readonly SideAccess[], current: (point: OrderingPoint) => boolean,
): OrderingPoint[] {
  const found = new Set<OrderingPoint>();
  for (const index of indexes) {
    for (const point of index.eachOfBoth(["fullBarrierLoads", stores], ["fullBarrierStores", loads])) {
      if (found.size >= MAX_PARTNERS) break;
      if (current(point)) found.add(point);
    }
  }
  return sortPoints([...found]);
}

function reversedEdges(
  point: OrderingPoint, indexes: readonly PairingIndex[], current: (point: OrderingPoint) => boolean,
  isPaired: (point: OrderingPoint) => boolean,
): PairEdge[] {
  const edges = new Map<string, PairEdge>();
  const candidate = (other: OrderingPoint) => current(other) && other !== point;
  for (const index of indexes) {
    const found: (PairEdge | undefined)[] = [];
    if (point.write) {
      found.push(...misorderedReaders(index, point.write.before, point.write.after).filter(candidate).map((reader) => misorderedEdge(point, reader)));
    }
    if (point.read) {
      found.push(...misorderedWriters(index, point.read.before, point.read.after).filter(candidate).map((writer) => misorderedEdge(writer, point)));
    }
    // A candidate that pairs properly elsewhere shares these fields by coincidence, not by intent.
    for (const edge of found) if (edge && !isPaired(otherEnd(edge, point))) edges.set(edge.id, edge);
  }
  return sortByPartner(point, [...edges.values()]);
}

/**
 * Readers that may make a misordered pair with a writer whose sides are `before` and `after`. Each
 * misorder needs a match on two sides of the reader (see `misorderedEdge`): the data stored before and
 * the flag after both loaded before the reader's point (early data), both accessed after it (late
 * flag), or the data before and the flag after it (reversed). Looking up the two sides together keeps
 * a field every function touches (a shared slot array) from making every reader a candidate.
 */
function misorderedReaders(index: PairingIndex, before: readonly SideAccess[], after: readonly SideAccess[]): OrderingPoint[] {
  return unionOf([
    index.both(["readBefore", after], ["readBefore", before]),
    index.both(["readAfter", before], ["readAfter", after]),
    index.both(["readBefore", before], ["readAfter", after]),
  ]);
}

/** The writers that may make a misordered pair with a reader whose sides are `before` and `after`: the mirror of `misorderedReaders`. */
function misorderedWriters(index: PairingIndex, before: readonly SideAccess[], after: readonly SideAccess[]): OrderingPoint[] {
  return unionOf([
    index.both(["writeAfter", before], ["writeBefore", before]),
    index.both(["writeBefore", after], ["writeAfter", after]),
    index.both(["writeBefore", before], ["writeAfter", after]),
  ]);
}

function unionOf(lists: readonly (readonly OrderingPoint[])[]): OrderingPoint[] {
  const union = new Set<OrderingPoint>();
  for (const list of lists) for (const point of list) union.add(point);
  return [...union];
}

/**
 * A flag both functions touch themselves, on a field of a struct, a file's own variable or a named
 * element: a shared callee's access, or a name as loose as a parameter's `args[]`, is no evidence of a
 * meant pair.
 */
function isOwnFlag(match: KeyMatch): boolean {
  if (match.from.context !== "local" || match.to.context !== "local") return false;
  const key = match.from.access.key.id;
  // `control[HEAD]`: one element of a shared JS array, named by its index.
  return key.includes("::") || ownerAndField(key) !== undefined || /\[[^\]]+\]/u.test(key);
}

function flagMates(point: OrderingPoint, indexes: readonly PairingIndex[], current: (point: OrderingPoint) => boolean): FlagMate[] {
  const mates = new Map<OrderingPoint, SideAccess[]>();
  const add = (mate: OrderingPoint, flag: readonly SideAccess[]) => {
    if (mate === point || mate.fn === point.fn || !current(mate) || mates.size >= MAX_PARTNERS) return;
    const known = mates.get(mate) ?? [];
    mates.set(mate, [...known, ...flag.filter((side) => !known.includes(side))]);
  };
  for (const index of indexes) {
    if (point.write) {
      for (const reader of index.readersLoadingBefore(point.write.after)) {
        if (mates.size >= MAX_PARTNERS) break;
        if (reader.read) add(reader, matchAccesses(point.write.after, reader.read.before).filter(isOwnFlag).map((match) => match.from));
      }
    }
    if (point.read) {
      for (const writer of index.writersStoringAfter(point.read.before)) {
        if (mates.size >= MAX_PARTNERS) break;
        if (writer.write) add(writer, matchAccesses(writer.write.after, point.read.before).filter(isOwnFlag).map((match) => match.to));
      }
    }
  }
  return [...mates].filter(([, flag]) => flag.length > 0).map(([mate, flag]) => ({ mate, flag }))
    .sort((a, b) => (a.mate.file === point.file ? 0 : 1) - (b.mate.file === point.file ? 0 : 1) || comparePoints(a.mate, b.mate));
}

function sortByPartner(point: OrderingPoint, edges: PairEdge[]): PairEdge[] {
  const sameFileFirst = (edge: PairEdge) => (otherEnd(edge, point).file === point.file ? 0 : 1);
  return edges.sort((a, b) => sameFileFirst(a) - sameFileFirst(b) || comparePoints(otherEnd(a, point), otherEnd(b, point)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function comparePoints(a: OrderingPoint, b: OrderingPoint): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.site.range[0] - b.site.range[0] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sortPoints(points: OrderingPoint[]): OrderingPoint[] {
  return points.sort(comparePoints);
}
