import { displayFile } from "./graph-dot.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";
import type { KeyMatch, PairEdge } from "./pair-edge.js";
import type { PairingGraph } from "./pairing-graph.js";

export interface SideAccessJSON {
  key: string;
  op: string;
  order: string;
  function: string;
  file: string;
  line: number;
  position: SideAccess["position"];
  context: SideAccess["context"];
  via: string[];
  crossesIteration: boolean;
}

export interface OrderingPointJSON {
  id: string;
  kind: OrderingPoint["kind"];
  label: string;
  api: string;
  explicit: boolean;
  flavour: OrderingPoint["flavour"];
  function: string;
  file: string;
  line: number;
  column: number;
  write?: { before: SideAccessJSON[]; after: SideAccessJSON[] };
  read?: { before: SideAccessJSON[]; after: SideAccessJSON[] };
  storeBuffering?: { stores: SideAccessJSON[]; loads: SideAccessJSON[]; strength: string; flanks?: { before: boolean; after: boolean } };
  /** What the memory model says can go wrong at this point: each report's witness in words. */
  witnesses?: string[];
}

export interface PairEdgeJSON {
  id: string;
  kind: PairEdge["kind"];
  from: string;
  to: string;
  confidence: PairEdge["confidence"];
  first: { from: string; to: string; exact: boolean }[];
  second: { from: string; to: string; exact: boolean }[];
}

export interface ExternalPartnerJSON {
  /** The point's id. */
  point: string;
  /** Who runs the other side: `the kernel (submission ring)`. */
  holder: string;
  key: string;
}

export interface PairingGraphJSON {
  nodes: OrderingPointJSON[];
  edges: PairEdgeJSON[];
  external: ExternalPartnerJSON[];
  /** Candidates that share only the flag with a point that has no partner (not pairs). */
  flagOnly: PairEdgeJSON[];
}

export interface JSONOptions {
  /** Directory that file names are given relative to (forward slashes); absolute paths without it. */
  relativeTo?: string;
  /** Witnesses of the reports made at points, by point id (see `OrderingPointJSON.witnesses`). */
  witnesses?: ReadonlyMap<string, readonly string[]>;
}

/** Plain, serialisable data (no IR objects), in the graph's deterministic order. */
export function graphToJSON(graph: PairingGraph, options: JSONOptions = {}): PairingGraphJSON {
  const file = (name: string) => displayFile(name, options.relativeTo);
  const id = idRewriter(graph, file);
  const edge = (each: PairEdge) => ({ ...edgeToJSON(each), id: id(each.id), from: id(each.from.id), to: id(each.to.id) });
  return {
    nodes: graph.nodes.map((point) => {
      const witnesses = options.witnesses?.get(point.id);
      return { ...pointToJSON(point, file), id: id(point.id), ...(witnesses ? { witnesses: [...witnesses] } : {}) };
    }),
    edges: graph.edges.map(edge),
    external: graph.external.map(({ point, partner }) => ({ point: id(point.id), holder: partner.holder, key: partner.key })),
    flagOnly: graph.flagOnly.map(edge),
  };
}

/** Ids embed their file's path: with `relativeTo`, that path is shown as the file names are. */
function idRewriter(graph: PairingGraph, file: FileName): (id: string) => string {
  const files = [...new Set(graph.nodes.map((point) => point.file))].filter((name) => file(name) !== name)
    .sort((a, b) => b.length - a.length);
  if (files.length === 0) return (id) => id;
  return (id) => files.reduce((text, name) => text.split(name).join(file(name)), id);
}

type FileName = (file: string) => string;

function sideToJSON(side: SideAccess, file: FileName): SideAccessJSON {
  const { access } = side;
  return {
    key: access.key.id, op: access.op, order: access.order, function: side.fn.name, file: file(access.site.file),
    line: access.site.line, position: side.position, context: side.context, via: [...side.via], crossesIteration: side.crossesIteration,
  };
}

function pointToJSON(point: OrderingPoint, file: FileName): OrderingPointJSON {
  const sides = (list: readonly SideAccess[]) => list.map((side) => sideToJSON(side, file));
  return {
    id: point.id, kind: point.kind, label: point.label, api: point.api, explicit: point.explicit, flavour: point.flavour,
    function: point.fn.name, file: file(point.file), line: point.site.line, column: point.site.column,
    ...(point.write ? { write: { before: sides(point.write.before), after: sides(point.write.after) } } : {}),
    ...(point.read ? { read: { before: sides(point.read.before), after: sides(point.read.after) } } : {}),
    ...(point.storeBuffering ? {
      storeBuffering: {
        stores: sides(point.storeBuffering.stores), loads: sides(point.storeBuffering.loads), strength: point.storeBuffering.strength,
        ...(point.storeBuffering.flanks ? { flanks: { ...point.storeBuffering.flanks } } : {}),
      },
    } : {}),
  };
}

function matchToJSON(match: KeyMatch): { from: string; to: string; exact: boolean } {
  return { from: match.from.access.key.id, to: match.to.access.key.id, exact: match.exact };
}

function edgeToJSON(edge: PairEdge): PairEdgeJSON {
  return {
    id: edge.id, kind: edge.kind, from: edge.from.id, to: edge.to.id, confidence: edge.confidence,
    first: edge.first.map(matchToJSON), second: edge.second.map(matchToJSON),
  };
}
