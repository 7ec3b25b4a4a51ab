import path from "node:path";
import { fieldList } from "./describe.js";
import type { OrderingPoint } from "./ordering-point.js";
import type { PairEdge } from "./pair-edge.js";
import type { PairingGraph } from "./pairing-graph.js";

export interface DotOptions {
  /** Directory that file names (cluster labels) are shown relative to. */
  relativeTo?: string;
  /** Witnesses of the reports made at points, by point id: drawn as a bold red border and a tooltip. */
  witnesses?: ReadonlyMap<string, readonly string[]>;
}

/**
 * A Graphviz picture of the graph, in the manner of ESLint's code-path DOT dumps: one cluster per
 * file, one box per ordering point (implicit points dashed, points without any edge red), message
 * passing as solid arrows from writer to reader, store buffering as dashed lines (red when one side
 * is not a full barrier), reversed candidates dotted red, a candidate sharing only the flag dotted
 * orange, and a dashed ellipse for each party outside
 * the project (a kernel, a guest) that the dialect names as a point's partner.
 */
export function graphToDot(graph: PairingGraph, options: DotOptions = {}): string {
  const names = new Map(graph.nodes.map((point, index) => [point, `p${index + 1}`]));
  const connected = new Set([...graph.edges, ...graph.flagOnly].flatMap((edge) => [edge.from, edge.to]).concat(graph.external.map(({ point }) => point)));
  const lines = ["digraph pairing {", "node[shape=box,style=\"rounded,filled\",fillcolor=white];"];
  const files = [...new Set(graph.nodes.map((point) => point.file))];
  files.forEach((file, index) => {
    lines.push(`subgraph "cluster_${index + 1}" {`, `label="${escape(displayFile(file, options.relativeTo))}";`);
    for (const point of graph.nodes.filter((node) => node.file === file)) lines.push(nodeLine(point, names.get(point)!, connected.has(point), options.witnesses?.get(point.id)));
    lines.push("}");
  });
  for (const edge of graph.edges) lines.push(edgeLine(edge, names));
  for (const edge of graph.flagOnly) lines.push(edgeLine(edge, names, true));
  const holders = [...new Set(graph.external.map(({ partner }) => partner.holder))];
  holders.forEach((holder, index) => lines.push(`x${index + 1}[label="${escape(holder)}",shape=ellipse,style=dashed];`));
  for (const { point, partner } of graph.external) {
    lines.push(`${names.get(point)}->x${holders.indexOf(partner.holder) + 1}[label="${escape(partner.key)}",style=dashed,color=gray40,dir=both];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function nodeLine(point: OrderingPoint, name: string, connected: boolean, witnesses: readonly string[] | undefined): string {
  const text = [point.label, `${point.fn.name}():${point.site.line}`];
  if (point.write) text.push(`W: ${fieldList(point.write.before)} | ${fieldList(point.write.after)}`);
  if (point.read) text.push(`R: ${fieldList(point.read.before)} | ${fieldList(point.read.after)}`);
  const storeBuffering = point.storeBuffering;
  if (storeBuffering && storeBuffering.stores.length > 0 && storeBuffering.loads.length > 0) {
    text.push(`SB(${storeBuffering.strength}): ${fieldList(storeBuffering.stores)} | ${fieldList(storeBuffering.loads)}`);
  }
  const attributes = [`label="${text.map(escape).join("\\n")}"`];
  if (!point.explicit) attributes.push("style=\"rounded,filled,dashed\"", "fillcolor=\"#eeeeee\"");
  else if (!connected) attributes.push("fillcolor=\"#ffcccc\"");
  if (witnesses) attributes.push("color=\"#cc0000\"", "penwidth=3", `tooltip="${witnesses.map(escape).join("\\n")}"`);
  return `${name}[${attributes.join(",")}];`;
}

function edgeLine(edge: PairEdge, names: ReadonlyMap<OrderingPoint, string>, flagOnly = false): string {
  const keys = (matches: PairEdge["first"]) => [...new Set(matches.map((match) => match.from.access.key.id))].join(",");
  const label = flagOnly
    ? `flag only ${keys(edge.first)}`
    : `${edge.kind === "message-passing" ? "MP" : edge.kind === "store-buffering" ? "SB" : "reversed"} ${keys(edge.first)} / ${keys(edge.second)}`;
  const attributes = [`label="${escape(label)}"`];
  if (flagOnly) {
    attributes.push("style=dotted", "color=darkorange");
  } else if (edge.kind === "store-buffering") {
    attributes.push("style=dashed", "dir=none");
    if (edge.from.storeBuffering?.strength !== "full" || edge.to.storeBuffering?.strength !== "full") attributes.push("color=red");
  } else if (edge.kind === "reversed") {
    attributes.push("style=dotted", "color=red");
  }
  if (edge.confidence !== "exact") attributes.push("fontcolor=gray40");
  return `${names.get(edge.from)}->${names.get(edge.to)}[${attributes.join(",")}];`;
}

/** The file relative to `relativeTo`, with forward slashes, as every output of the plugin shows it. */
export function displayFile(file: string, relativeTo: string | undefined): string {
  if (!relativeTo) return file;
  return path.relative(relativeTo, file).split(path.sep).join("/") || ".";
}

function escape(text: string): string {
  return text.replace(/\\/gu, "\\\\").replace(/"/gu, "\\\"");
}
