import path from "node:path";
import { atomicsRewrites } from "../../frontends/estree/atomics-rewrites.js";
import { ModuleGraph, type ImportResolver } from "../../frontends/estree/module-graph.js";
import type { AnalysisInput } from "../analysis-input.js";
import type { FindingSuggestion } from "../findings.js";
import type { AccessSite } from "./key-usage.js";

/**
 * For a plain element access in TS/JS: the same access through `Atomics`, and for a loop that spins
 * until the element changes, `Atomics.wait()` when some `Atomics.notify()` of the program wakes it.
 */
export function jsSuggestions(input: AnalysisInput, site: AccessSite, atomic: readonly AccessSite[]): FindingSuggestion[] {
  if (input.syntax.language !== "js" || site.access.site.file !== input.file) return [];
  let resolver: ImportResolver | undefined;
  return atomicsRewrites(input.syntax.ast, input.syntax.text, site.access.site.range, {
    arrayType: site.access.type?.name,
    notified: atomic.some((other) => other.access.api === "Atomics.notify"),
    importedConstant: (source, imported) => {
      resolver ??= new ModuleGraph().resolverFor(path.resolve(input.file));
      return resolver.constantInit(source, imported);
    },
  });
}
