import type { AnalysisInput } from "../analysis-input.js";
import type { AnalysisLimit, FunctionIR } from "../ir/function-ir.js";

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
}

export function analysisGaps(input: AnalysisInput): AnalysisGaps {
  const { project } = input;
  const projectLimitation = project.singleFile ? undefined : project.limitation;
  return {
    ...(projectLimitation !== undefined ? { projectLimitation } : {}),
    // A cut in another file is reported in that file: waiting for it would silence every file of a
    // large tree for one generated function somewhere.
    fileFunctions: limitedFunctions(input.fileIR.functions, input.file),
  };
}

export function isIncomplete(gaps: AnalysisGaps): boolean {
  return gaps.projectLimitation !== undefined || gaps.fileFunctions.length > 0;
}

function limitedFunctions(functions: readonly FunctionIR[], file: string): LimitedFunction[] {
  return functions.flatMap((fn) => fn.limits?.[0] ? [{ name: fn.name, file, limit: fn.limits[0] }] : []);
}
