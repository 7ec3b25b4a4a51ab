import type { ResolvedDialect } from "../dialects/registry.js";
import type { ProjectView } from "../project-view.js";
import { externalPartnerOf, type ExternalPartner } from "./external-partners.js";
import { flagOnlyEdge } from "./misplaced-accesses.js";
import type { OrderingPoint } from "./ordering-point.js";
import { compareEdges, plainEdge, type PairEdge } from "./pair-edge.js";
import { comparePoints, projectPairing, type PairingView } from "./pairing-view.js";
import { isSequencedInOneFunction } from "./sequenced-points.js";

/** Ordering points and the pairs between them: the happens-before skeleton the rules read. */
export interface PairingGraph {
  nodes: OrderingPoint[];
  edges: PairEdge[];
  /** Points without a partner in the project whose other side the dialect places outside it. */
  external: { point: OrderingPoint; partner: ExternalPartner }[];
  /**
   * For a point with no partner, no outside party and no reversed candidate: the points that share
   * only its flag (the candidate its unpaired-barrier report names), writer to reader. Not pairs.
   */
  flagOnly: PairEdge[];
}

/**
 * The graph around `points` (default: every point of the view): their partners are added as nodes,
 * and a point without a partner gets the candidates its unpaired-barrier report names: reversed
 * pairs as edges, else the points sharing only its flag, as the rules see them. A pair the same thread
 * runs in sequence passes no message, and a point is never its own partner, so neither is drawn.
 */
export function buildPairingGraph(view: PairingView, points: readonly OrderingPoint[] = view.allPoints(), dialect?: ResolvedDialect): PairingGraph {
  const nodes = new Set<OrderingPoint>(points);
  const edges = new Map<string, PairEdge>();
  const external: PairingGraph["external"] = [];
  const flagOnly = new Map<string, PairEdge>();
  const drawn = (edges: readonly PairEdge[]) => edges.filter((edge) => edge.from !== edge.to && !isSequencedInOneFunction(edge.from, edge.to));
  for (const point of points) {
    let found = drawn(view.partnersOf(point));
    const outside = found.length === 0 && dialect ? externalPartnerOf(point, dialect) : undefined;
    if (outside) external.push({ point, partner: outside });
    else if (found.length === 0) found = drawn(view.reversedOf(point));
    // Only a barrier the code spells out gets an unpaired-barrier report naming such a candidate.
    const candidates = outside || found.length > 0 || !point.explicit ? [] : drawn(view.flagMatesOf(point)
      .flatMap(({ mate }) => [flagOnlyEdge(point, mate), flagOnlyEdge(mate, point)]).filter((edge) => edge !== undefined));
    for (const [into, list] of [[edges, found], [flagOnly, candidates]] as const) {
      for (const edge of list) {
        into.set(edge.id, plainEdge(edge));
        nodes.add(edge.from);
        nodes.add(edge.to);
      }
    }
  }
  return {
    nodes: [...nodes].sort(comparePoints), edges: [...edges.values()].sort(compareEdges), external,
    flagOnly: [...flagOnly.values()].sort(compareEdges),
  };
}

/** The whole project's graph, for debugging and reports. */
export function projectPairingGraph(project: ProjectView, callDepth: number, dialect?: ResolvedDialect): PairingGraph {
  const view = projectPairing(project, callDepth);
  return buildPairingGraph(view, view.allPoints(), dialect);
}
