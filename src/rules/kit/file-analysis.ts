import path from "node:path";
import { analyze, type FileAnalysis } from "../../analysis/analyze.js";
import type { FileSyntax } from "../../analysis/analysis-input.js";
import type { FileIR } from "../../analysis/ir/function-ir.js";
import { getProjectView } from "../../analysis/index/project-index.js";
import { projectTypeDeclarations } from "../../analysis/project-types.js";
import { analysisOptionsFromSettings, type BarrierSettings } from "../../analysis/settings.js";
import { lowerCFile } from "../../frontends/c/lower-file.js";
import { lowerEstreeFile } from "../../frontends/estree/lower-file.js";
import { typeOracleFromParserServices } from "../../frontends/estree/type-oracle.js";
import type { CLanguageOptions } from "../../languages/c/language-options.js";
import type { TranslationUnit } from "../../languages/c/syntax-node.js";

/** The part of ESLint's rule context this module reads. */
export interface AnalysisContext {
  filename: string;
  physicalFilename?: string;
  cwd: string;
  settings: { barriers?: BarrierSettings };
  /** The C language's options (annotation and foreach macros): the index parses other files with them. */
  languageOptions?: object;
  sourceCode: { text: string; ast: object; parserServices?: unknown };
}

/** One analysis per linted file, shared by every rule: keyed by the AST root, as eslint-plugin-regexp does. */
const analyses = new WeakMap<object, FileAnalysis>();

type AnalysisObserver = (file: string, analysis: FileAnalysis) => void;
const observers = new Set<AnalysisObserver>();

/**
 * Lets an in-process caller (the SARIF export) see each file's findings with their partners, which
 * ESLint's lint messages cannot carry. Returns a function that removes the observer.
 */
export function observeFileAnalyses(observer: AnalysisObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function getFileAnalysis(context: AnalysisContext): FileAnalysis {
  const { ast } = context.sourceCode;
  let analysis = analyses.get(ast);
  if (!analysis) {
    analysis = computeFileAnalysis(context);
    analyses.set(ast, analysis);
    const file = path.resolve(context.cwd, context.physicalFilename ?? context.filename);
    for (const observer of observers) observer(file, analysis);
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
  // The project first: the linted C file resolves struct fields through the headers it indexes.
  const project = getProjectView(
    context.cwd, settings, options, syntax.language,
    syntax.language === "c" ? context.languageOptions as CLanguageOptions : undefined,
  );
  let fileIR: FileIR;
  try {
    fileIR = syntax.language === "c"
      ? lowerCFile(file, text, syntax.ast, { ...options, types: projectTypeDeclarations(project) })
      : lowerEstreeFile(file, text, syntax.ast, {
        ...options, typeOracle: typeOracleFromParserServices(context.sourceCode.parserServices),
      });
  } catch (error) {
    return { findings: [], failures: [{ checker: "front-end", rules: ["*"], message: (error as Error).message }] };
  }
  return analyze({ file, fileIR, syntax, project, options });
}
