import { getProjectView } from "../analysis/index/project-index.js";
import { graphToDot } from "../analysis/pairing/graph-dot.js";
import { graphToJSON } from "../analysis/pairing/graph-json.js";
import { projectPairingGraph } from "../analysis/pairing/pairing-graph.js";
import { analysisOptionsFromSettings, type BarrierSettings } from "../analysis/settings.js";
import { graphToHtml, graphToMermaid } from "../report/graph-picture.js";

export const GRAPH_FORMATS = ["dot", "mermaid", "html", "json"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The pairing graph of every file the index finds under `cwd`, with the settings of `config`. */
export function graphCommand(cwd: string, config: { settings?: object; language?: string }, format: GraphFormat): string {
  const settings = (config.settings as { barriers?: BarrierSettings } | undefined)?.barriers;
  const options = analysisOptionsFromSettings(settings);
  const language = config.language === "barriers/c" ? "c" : "js";
  const view = getProjectView(cwd, settings, options, language);
  const graph = projectPairingGraph(view, options.callDepth, options.dialect);
  if (format === "dot") return graphToDot(graph);
  const json = graphToJSON(graph);
  if (format === "json") return JSON.stringify(json, null, 2);
  return format === "mermaid" ? graphToMermaid(json, cwd) : graphToHtml(json, cwd);
}
