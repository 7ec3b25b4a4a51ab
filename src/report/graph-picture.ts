import path from "node:path";
import type { PairingGraphJSON } from "../analysis/pairing/graph-json.js";

function nodeLabel(node: PairingGraphJSON["nodes"][number], root: string): string {
  return `${node.label} in ${node.function}() ${path.relative(root, node.file)}:${node.line}`;
}

function edgeLabel(edge: PairingGraphJSON["edges"][number]): string {
  const fields = [...new Set([...edge.first, ...edge.second].map((match) => match.from))];
  return `${edge.kind}: ${fields.join(", ")}${edge.confidence === "exact" ? "" : " (?)"}`;
}

/** A Mermaid flowchart: ordering points as boxes, pairs as labelled links, one subgraph per file. */
export function graphToMermaid(graph: PairingGraphJSON, root: string): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `p${index}`]));
  const byFile = new Map<string, PairingGraphJSON["nodes"]>();
  for (const node of graph.nodes) byFile.set(node.file, [...(byFile.get(node.file) ?? []), node]);
  const lines = ["flowchart LR"];
  let fileIndex = 0;
  for (const [file, nodes] of byFile) {
    lines.push(`  subgraph f${fileIndex++}["${escapeMermaid(path.relative(root, file))}"]`);
    for (const node of nodes) lines.push(`    ${ids.get(node.id)}["${escapeMermaid(nodeLabel(node, root))}"]`);
    lines.push("  end");
  }
  for (const edge of graph.edges) {
    const arrow = edge.kind === "reversed" ? "-.->" : "<-->";
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${escapeMermaid(edgeLabel(edge))}"| ${ids.get(edge.to)}`);
  }
  const holders = [...new Set(graph.external.map((entry) => entry.holder))];
  holders.forEach((holder, index) => lines.push(`  x${index}(["${escapeMermaid(holder)}"])`));
  for (const entry of graph.external) {
    lines.push(`  ${ids.get(entry.point)} <-.->|"${escapeMermaid(entry.key)}"| x${holders.indexOf(entry.holder)}`);
  }
  const paired = new Set([...graph.edges.flatMap((edge) => [edge.from, edge.to]), ...graph.external.map((entry) => entry.point)]);
  for (const node of graph.nodes) {
    if (!paired.has(node.id)) lines.push(`  style ${ids.get(node.id)} stroke:#c00,stroke-width:3px`);
  }
  return lines.join("\n");
}

function escapeMermaid(text: string): string {
  return text.replace(/"/gu, "#quot;");
}

/** A standalone HTML page that renders the Mermaid picture (Mermaid from a CDN) with the JSON beside it. */
export function graphToHtml(graph: PairingGraphJSON, root: string): string {
  const escapeHtml = (text: string) => text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Barrier pairing graph: ${escapeHtml(root)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em} pre{background:#f6f6f6;padding:1em;overflow:auto}</style>
<h1>Barrier pairing graph</h1>
<p>${graph.nodes.length} ordering points, ${graph.edges.length} pairs. Points drawn in red have no partner.</p>
<pre class="mermaid">
${escapeHtml(graphToMermaid(graph, root))}
</pre>
<details><summary>Graph as JSON</summary><pre>${escapeHtml(JSON.stringify(graph, null, 2))}</pre></details>
<script type="module">
import mermaid from "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs";
mermaid.initialize({ startOnLoad: true });
</script>
</html>
`;
}
