import path from "node:path";
import type { ESLint } from "eslint";
import { graphToDot } from "../analysis/pairing/graph-dot.js";
import { graphToJSON } from "../analysis/pairing/graph-json.js";
import type { OrderingPoint } from "../analysis/pairing/ordering-point.js";
import { compareEdges } from "../analysis/pairing/pair-edge.js";
import { projectPairingGraph, type PairingGraph } from "../analysis/pairing/pairing-graph.js";
import { comparePoints } from "../analysis/pairing/pairing-view.js";
import { getProjectView } from "../analysis/index/project-index.js";
import { analysisOptionsFromSettings } from "../analysis/settings.js";
import { graphToHtml, graphToMermaid } from "../report/graph-picture.js";
import { dotToSvg } from "../report/graph-svg.js";
import type { Finding } from "../analysis/findings.js";
import { observeFileAnalyses } from "../rules/kit/file-analysis.js";
import { barrierProjects } from "./barrier-projects.js";
import { CliError } from "./cli-error.js";

export const GRAPH_FORMATS = ["dot", "svg", "html", "mermaid", "json"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphRequest {
  /** The directory whose projects are drawn. */
  root: string;
  /** How the user named it, for messages and the page's title. */
  name: string;
  /** File names are shown relative to this directory. */
  displayRoot: string;
  format: GraphFormat;
}

/**
 * The pairing graph of every project the config defines under the root (each config block with its
 * own settings is analysed as the rules analyse it).
 */
export interface GraphOutput {
  text: string;
  /** What the index could not read (a partial project, the index turned off): the picture lacks it. */
  limitations: string[];
}

export async function graphCommand(eslint: ESLint, { root, name, displayRoot, format }: GraphRequest): Promise<GraphOutput> {
  const projects = await barrierProjects(eslint, root);
  if (projects.length === 0) {
    throw new CliError(`no file under ${name} is linted by a barriers rule (check the config's files and rules)`);
  }
  const limitations = new Set<string>();
  const graph = mergeGraphs(projects.map((project) => {
    const options = analysisOptionsFromSettings(project.settings);
    const view = getProjectView(root, project.settings, options, project.language, project.languageOptions);
    if (view.limitation !== undefined) limitations.add(view.limitation);
    return projectPairingGraph(view, options.callDepth, options.dialect);
  }));
  const witnesses = await modelWitnesses(eslint, graph);
  return { text: await render(graph, format, name, root, displayRoot, [...limitations], witnesses), limitations: [...limitations] };
}

/** The rules whose reports carry the memory model's witness. */
const WITNESS_RULES = new Set(["unpaired-barrier", "full-barrier-pairing"]);

/**
 * The witnesses of the reports made at the graph's points, by point id: the files holding points are
 * linted in process, as the rules lint them (the same config, directives and verdicts), and each
 * report whose model allowed its cycle gives its witness in words.
 */
async function modelWitnesses(eslint: ESLint, graph: PairingGraph): Promise<Map<string, string[]>> {
  const files = [...new Set(graph.nodes.filter((point) => point.explicit).map((point) => point.file))];
  if (files.length === 0) return new Map();
  const findingsByFile = new Map<string, Finding[]>();
  const stopObserving = observeFileAnalyses((file, analysis) => findingsByFile.set(file, analysis.findings));
  try {
    await eslint.lintFiles(files);
  } finally {
    stopObserving();
  }
  const witnesses = new Map<string, string[]>();
  for (const point of graph.nodes) {
    const texts = (findingsByFile.get(point.file) ?? [])
      .filter((finding) => WITNESS_RULES.has(finding.rule) && finding.site.line === point.site.line && finding.data.witness?.trim())
      .map((finding) => `${finding.rule}: ${finding.data.witness!.trim()}`);
    if (texts.length > 0) witnesses.set(point.id, [...new Set(texts)]);
  }
  return witnesses;
}

async function render(
  graph: PairingGraph, format: GraphFormat, name: string, root: string, displayRoot: string, limitations: string[], witnesses: ReadonlyMap<string, readonly string[]>,
): Promise<string> {
  const dot = graphToDot(graph, { relativeTo: displayRoot, witnesses });
  if (format === "dot") return dot;
  if (format === "svg") return dotToSvg(dot);
  const json = graphToJSON(graph, { relativeTo: displayRoot, witnesses });
  if (format === "json") return JSON.stringify(json, null, 2);
  if (format === "mermaid") return graphToMermaid(json);
  // `.` says nothing in a page title; the directory's own name does.
  const title = path.resolve(displayRoot, name) === root && /^\.[/\\]?$/u.test(name) ? path.basename(root) : name;
  return graphToHtml(json, await dotToSvg(dot), title, limitations);
}

/** One graph of several projects; a point two projects share (overlapping globs) is drawn once. */
function mergeGraphs(graphs: readonly PairingGraph[]): PairingGraph {
  if (graphs.length === 1) return graphs[0]!;
  const nodes = new Map<string, OrderingPoint>();
  for (const point of graphs.flatMap((graph) => graph.nodes)) if (!nodes.has(point.id)) nodes.set(point.id, point);
  // The drawn point of an id is the first project's; the others' edges are moved onto it.
  const drawn = (point: OrderingPoint) => nodes.get(point.id)!;
  const edges = new Map(graphs.flatMap((graph) => graph.edges.map((edge) => [edge.id, { ...edge, from: drawn(edge.from), to: drawn(edge.to) }] as const)));
  const flagOnly = new Map(graphs.flatMap((graph) => graph.flagOnly.map((edge) => [edge.id, { ...edge, from: drawn(edge.from), to: drawn(edge.to) }] as const)));
  const external = new Map(graphs.flatMap((graph) => graph.external.map((entry) => [entry.point.id, { ...entry, point: drawn(entry.point) }] as const)));
  return {
    nodes: [...nodes.values()].sort(comparePoints),
    edges: [...edges.values()].sort(compareEdges),
    external: [...external.values()].sort((a, b) => comparePoints(a.point, b.point)),
    flagOnly: [...flagOnly.values()].sort(compareEdges),
  };
}
