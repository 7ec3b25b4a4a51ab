import type { CLanguageOptions } from "../../languages/c/language-options.js";
import type { ProjectView } from "../project-view.js";
import type { AnalysisOptions, BarrierSettings } from "../settings.js";
import type { ProjectIndexStats } from "./index-stats.js";
import { productionDependencies } from "./production-lowerer.js";
import { ProjectIndexRegistry } from "./project-index-registry.js";

/** This process's indexes (each ESLint worker thread has its own copy of this module, hence its own). */
const registry = new ProjectIndexRegistry(productionDependencies);

/**
 * The project as the index sees it: every file the settings select, lowered to FileIR, built on first
 * use and kept current. The same object comes back while nothing changed. Never throws; whatever limits
 * cross-file facts is said in `limitation`.
 */
export function getProjectView(
  cwd: string, settings: BarrierSettings | undefined, options: AnalysisOptions, language: "c" | "js",
  languageOptions?: CLanguageOptions,
): ProjectView {
  return registry.view({ cwd, settings, options, language, languageOptions });
}

/** Counters of every index this process holds, for the bench. */
export function getProjectIndexStats(): ProjectIndexStats[] {
  return registry.stats();
}

/** Forgets every index (the disk cache stays); the next `getProjectView` builds afresh. */
export function resetProjectIndexes(): void {
  registry.clear();
}

export type { ProjectIndexStats };
