import type { AnalysisOptions, BarrierSettings } from "../settings.js";
import { projectViewOf, type ProjectView } from "../project-view.js";

/** The project as the index sees it. (Implementation in progress: an empty project.) */
export function getProjectView(
  _cwd: string, _settings: BarrierSettings | undefined, _options: AnalysisOptions, _language: "c" | "js",
): ProjectView {
  return projectViewOf([], "the project index is not built yet");
}
