import type { AnalysisInput } from "../analysis-input.js";
import type { AnalysisLimit, FunctionIR } from "../ir/function-ir.js";
import { getOrCreate } from "../memo.js";
import type { ProjectView } from "../project-view.js";

/** A function whose IR leaves something out, with the first thing cut. */
export interface LimitedFunction {
  name: string;
  file: string;
  limit: AnalysisLimit;
}

/** What one file's analysis could not see: the reasons its absence claims are withheld. */
export interface AnalysisGaps {
  /** Why the project's other files are missing or partial; undefined when the index holds them all, or the user chose single-file analysis. */
  projectLimitation?: string;
  /** Functions of the linted file whose IR is cut. */
  fileFunctions: LimitedFunction[];
  /** Functions of other files whose IR is cut. */
  otherFunctions: LimitedFunction[];
}

export function analysisGaps(input: AnalysisInput): AnalysisGaps {
  const { project } = input;
  const projectLimitation = project.singleFile ? undefined : project.limitation;
  return {
    ...(projectLimitation !== undefined ? { projectLimitation } : {}),
    fileFunctions: limitedFunctions(input.fileIR.functions, input.file),
    otherFunctions: limitedFunctionsOf(project).filter((fn) => fn.file !== input.file),
  };
}

export function isIncomplete(gaps: AnalysisGaps): boolean {
  return gaps.projectLimitation !== undefined || gaps.fileFunctions.length > 0 || gaps.otherFunctions.length > 0;
}

const limitedByView = new WeakMap<ProjectView, LimitedFunction[]>();

/** Once per project view: every linted file asks, and the answer changes only with the view. */
function limitedFunctionsOf(project: ProjectView): LimitedFunction[] {
  return getOrCreate(limitedByView, project, () => [...project.files()].flatMap((file) => limitedFunctions(file.functions, file.file)));
}

function limitedFunctions(functions: readonly FunctionIR[], file: string): LimitedFunction[] {
  return functions.flatMap((fn) => fn.limits?.[0] ? [{ name: fn.name, file, limit: fn.limits[0] }] : []);
}
