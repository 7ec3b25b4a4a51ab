import { instance, type Viz } from "@viz-js/viz";

let viz: Promise<Viz> | undefined;

/**
 * Graphviz compiled to WASM lays the DOT out in process: the picture needs no `dot` on the machine
 * and no network. The instance is created on first use; loading it costs about a second.
 */
export async function dotToSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: "svg" });
  if (result.status !== "success") {
    throw new Error(`Graphviz could not lay out the graph: ${result.errors.map((error) => error.message).join("; ")}`);
  }
  return result.output;
}
