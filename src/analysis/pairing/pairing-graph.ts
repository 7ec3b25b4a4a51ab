import type { ResolvedDialect } from "../dialects/registry.js";
import type { ProjectView } from "../project-view.js";
import { externalPartnerOf, type ExternalPartner } from "./external-partners.js";
import type { OrderingPoint } from "./ordering-point.js";
import { compareEdges, type PairEdge } from "./pair-edge.js";
import { comparePoints, projectPairing, type PairingView } from "./pairing-view.js";

/** Ordering points and the pairs between them: the happens-before skeleton the rules read. */
export interface PairingGraph {
  nodes: OrderingPoint[];
  edges: PairEdge[];
  /** Points without a partner in the project whose other side the dialect places outside it. */
  external: { point: OrderingPoint; partner: ExternalPartner }[];
}

/**
 * The graph around `points` (default: every point of the view): their partners are added as nodes,
 * and points without a partner get their reversed candidates as edges, as the rules see them.
 */
export function buildPairingGraph(view: PairingView, points: readonly OrderingPoint[] = view.allPoints(), dialect?: ResolvedDialect): PairingGraph {
  const nodes = new Set<OrderingPoint>(points);
  const edges = new Map<string, PairEdge>();
  const external: PairingGraph["external"] = [];
  for (const point of points) {
    let found = view.partnersOf(point);
    const outside = found.length === 0 && dialect ? externalPartnerOf(point, dialect) : undefined;
    if (outside) external.push({ point, partner: outside });
    else if (found.length === 0) found = view.reversedOf(point);
    for (const edge of found) {
      edges.set(edge.id, edge);
      nodes.add(edge.from);
      nodes.add(edge.to);
    }
  }
  return { nodes: [...nodes].sort(comparePoints), edges: [...edges.values()].sort(compareEdges), external };
}

/** The whole project's graph, for debugging and reports. */
export function projectPairingGraph(project: ProjectView, callDepth: number, dialect?: ResolvedDialect): PairingGraph {
  const view = projectPairing(project, callDepth);
  return buildPairingGraph(view, view.allPoints(), dialect);
}
