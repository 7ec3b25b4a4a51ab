import path from "node:path";
import type { PairingGraphJSON } from "../analysis/pairing/graph-json.js";

type NodeJSON = PairingGraphJSON["nodes"][number];

/** The node's file as given, or relative to `root` when one is named. */
function fileOf(node: NodeJSON, root: string | undefined): string {
  return root === undefined ? node.file : path.relative(root, node.file).split(path.sep).join("/");
}

function nodeLabel(node: NodeJSON, root: string | undefined): string {
  return `${node.label} in ${node.function}() ${fileOf(node, root)}:${node.line}`;
}

function edgeLabel(edge: PairingGraphJSON["edges"][number], flagOnly = false): string {
  const fields = [...new Set([...edge.first, ...edge.second].map((match) => match.from))];
  const kind = flagOnly ? "flag only" : edge.kind;
  return `${kind}: ${fields.join(", ")}${edge.confidence === "exact" ? "" : " (?)"}`;
}

/**
 * A Mermaid flowchart: ordering points as boxes, pairs as labelled links, one subgraph per file. File
 * names are shown as the JSON has them, or relative to `root`.
 */
export function graphToMermaid(graph: PairingGraphJSON, root?: string): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `p${index}`]));
  const byFile = new Map<string, NodeJSON[]>();
  for (const node of graph.nodes) byFile.set(node.file, [...(byFile.get(node.file) ?? []), node]);
  const lines = ["flowchart LR"];
  let fileIndex = 0;
  for (const nodes of byFile.values()) {
    lines.push(`  subgraph f${fileIndex++}["${escapeMermaid(fileOf(nodes[0]!, root))}"]`);
    for (const node of nodes) lines.push(`    ${ids.get(node.id)}["${escapeMermaid(nodeLabel(node, root))}"]`);
    lines.push("  end");
  }
  for (const edge of graph.edges) {
    const arrow = edge.kind === "reversed" ? "-.->" : "<-->";
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${escapeMermaid(edgeLabel(edge))}"| ${ids.get(edge.to)}`);
  }
  for (const edge of graph.flagOnly) {
    lines.push(`  ${ids.get(edge.from)} -.->|"${escapeMermaid(edgeLabel(edge, true))}"| ${ids.get(edge.to)}`);
  }
  const holders = [...new Set(graph.external.map((entry) => entry.holder))];
  holders.forEach((holder, index) => lines.push(`  x${index}(["${escapeMermaid(holder)}"])`));
  for (const entry of graph.external) {
    lines.push(`  ${ids.get(entry.point)} <-.->|"${escapeMermaid(entry.key)}"| x${holders.indexOf(entry.holder)}`);
  }
  const drawnEdges = [...graph.edges, ...graph.flagOnly];
  const paired = new Set([...drawnEdges.flatMap((edge) => [edge.from, edge.to]), ...graph.external.map((entry) => entry.point)]);
  for (const node of graph.nodes) {
    if (!paired.has(node.id)) lines.push(`  style ${ids.get(node.id)} stroke:#c00,stroke-width:3px`);
  }
  return lines.join("\n");
}

function escapeMermaid(text: string): string {
  return text.replace(/"/gu, "#quot;");
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
}

/** Graphviz's SVG without its XML prolog and doctype, which may not appear inside an HTML body. */
function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/u, "").replace(/^<!DOCTYPE[^>]*>\s*/u, "").replace(/^<!--[\s\S]*?-->\s*/gu, "");
}

const LEGEND: readonly [string, string][] = [
  ["solid arrow", "message passing, from the writer's barrier to the reader's"],
  ["dashed line", "store buffering between two full barriers (red when one side is weaker)"],
  ["dotted red arrow", "a candidate partner with its accesses on the wrong side of its barrier"],
  ["dotted orange arrow", "a candidate partner that shares only the flag"],
  ["dashed ellipse", "a party outside the project (the kernel, a guest, a device) that pairs with the point"],
  ["pink box", "a point without any partner"],
  ["bold red border", "a point with a report whose outcome the memory model allows (its witness is listed below the picture)"],
  ["grey dashed box", "an implicit point (an atomic read-modify-write), drawn for its pairs only"],
];

/** The reports the memory model confirmed, with their witnesses: what the bold red boxes mean. */
function witnessSection(graph: PairingGraphJSON): string {
  const reported = graph.nodes.filter((node) => node.witnesses && node.witnesses.length > 0);
  if (reported.length === 0) return "";
  const items = reported.map((node) => `<li id="witness-${escapeHtml(node.id)}"><strong>${escapeHtml(nodeLabel(node, undefined))}</strong><ul>`
    + `${node.witnesses!.map((witness) => `<li>${escapeHtml(witness)}</li>`).join("")}</ul></li>`);
  return `<h2>Witnesses</h2>\n<p>What the memory model says can happen at each reported point.</p>\n<ul class="witnesses">\n${items.join("\n")}\n</ul>\n`;
}

/**
 * A standalone HTML page: the SVG picture inline, a legend and the graph as JSON. It loads nothing
 * (no script, no stylesheet, no font), so it opens offline and from a CI artifact alike.
 */
export function graphToHtml(graph: PairingGraphJSON, svg: string, title: string, limitations: readonly string[] = []): string {
  const pairs = graph.edges.length + graph.external.length;
  const incomplete = limitations.map((limitation) => `<p><strong>Incomplete:</strong> ${escapeHtml(limitation)}.</p>\n`).join("");
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Barrier pairing graph: ${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em} pre{background:#f6f6f6;padding:1em;overflow:auto} figure{margin:0;overflow:auto} th{text-align:left;padding-right:1em;white-space:nowrap}</style>
<h1>Barrier pairing graph: ${escapeHtml(title)}</h1>
<p>${graph.nodes.length} ordering points, ${pairs} pairs (${graph.external.length} with a party outside the project).</p>
${incomplete}<figure id="graph">
${inlineSvg(svg)}
</figure>
<h2>Legend</h2>
<table>
${LEGEND.map(([shape, meaning]) => `<tr><th scope="row">${shape}</th><td>${meaning}</td></tr>`).join("\n")}
</table>
${witnessSection(graph)}<details><summary>Graph as JSON</summary><pre>${escapeHtml(JSON.stringify(graph, null, 2))}</pre></details>
</html>
`;
}
