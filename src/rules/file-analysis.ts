import path from "node:path";
import { analyze, type FileAnalysis } from "../analysis/analyze.js";
import type { FileSyntax } from "../analysis/analysis-input.js";
import type { FileIR } from "../analysis/ir/function-ir.js";
import { getProjectView } from "../analysis/index/project-index.js";
import { analysisOptionsFromSettings, type BarrierSettings } from "../analysis/settings.js";
import { lowerCFile } from "../frontends/c/lower-file.js";
import { lowerEstreeFile } from "../frontends/estree/lower-file.js";
import type { TranslationUnit } from "../languages/c/syntax-node.js";

/** The part of ESLint's rule context this module reads. */
export interface AnalysisContext {
  filename: string;
  physicalFilename?: string;
  cwd: string;
  settings: { barriers?: BarrierSettings };
  sourceCode: { text: string; ast: object };
}

/** One analysis per linted file, shared by every rule: keyed by the AST root, as eslint-plugin-regexp does. */
const analyses = new WeakMap<object, FileAnalysis>();

export function getFileAnalysis(context: AnalysisContext): FileAnalysis {
  const { ast } = context.sourceCode;
  let analysis = analyses.get(ast);
  if (!analysis) {
    analysis = computeFileAnalysis(context);
    analyses.set(ast, analysis);
  }
  return analysis;
}

function computeFileAnalysis(context: AnalysisContext): FileAnalysis {
  const settings = context.settings.barriers;
  const options = analysisOptionsFromSettings(settings);
  const file = path.resolve(context.cwd, context.physicalFilename ?? context.filename);
  const { text, ast } = context.sourceCode;
  const syntax: FileSyntax = (ast as { type?: string }).type === "translation_unit"
    ? { language: "c", text, ast: ast as TranslationUnit }
    : { language: "js", text, ast };
  let fileIR: FileIR;
  try {
    fileIR = syntax.language === "c"
      ? lowerCFile(file, text, syntax.ast, options)
      : lowerEstreeFile(file, text, syntax.ast, options);
  } catch (error) {
    return { findings: [], failures: [{ checker: "front-end", rules: ["*"], message: (error as Error).message }] };
  }
  const project = getProjectView(context.cwd, settings, options, syntax.language);
  return analyze({ file, fileIR, syntax, project, options });
}
