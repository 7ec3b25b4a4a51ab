import path from "node:path";
import { LazyFileAnalysis, type FileAnalysis } from "../../analysis/analyze.js";
import type { FileSyntax } from "../../analysis/analysis-input.js";
import type { FileIR } from "../../analysis/ir/function-ir.js";
import { offerLintedTree } from "../../analysis/index/linted-tree.js";
import { indexedCopyIfSame } from "../../analysis/index/payload-hash.js";
import { getProjectView } from "../../analysis/index/project-index.js";
import { projectTypeDeclarations } from "../../analysis/project-types.js";
import { readBarrierSettings, type BarrierSettings } from "../../analysis/settings.js";
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
  /** `settings.barriers` as the user wrote it: validated here before anything reads it. */
  settings: { barriers?: unknown };
  /** The C language's options (annotation and foreach macros): the index parses other files with them. */
  languageOptions?: object;
  sourceCode: { text: string; ast: object; parserServices?: unknown };
}

/** What the per-file state asks of an analysis; `LazyFileAnalysis` is the one that runs checkers. */
interface RuleAnalysis {
  readonly checkersRun: number;
  forRule(rule: string): FileAnalysis;
  current(): FileAnalysis;
}

/** A file the front-end could not lower: every rule reports the same failure. */
class FailedFileAnalysis implements RuleAnalysis {
  readonly checkersRun = 0;
  constructor(private readonly analysis: FileAnalysis) {}
  forRule(): FileAnalysis {
    return this.analysis;
  }
  current(): FileAnalysis {
    return this.analysis;
  }
}

interface FileState {
  file: string;
  analysis: RuleAnalysis;
  /** Whether a rule already reported the failures that concern the whole file (settings, front-end). */
  fileWideFailuresReported: boolean;
}

/**
 * One analysis state per linted file, shared by every rule: keyed by the AST root, as
 * eslint-plugin-regexp does. It holds the lowered IR, the project view and the options, built once;
 * each checker runs the first time one of its rules asks, and its findings stay in the state.
 */
const states = new WeakMap<object, FileState>();

/** The `rules` of a failure that concerns every rule. */
const FILE_WIDE = "*";

type AnalysisObserver = (file: string, analysis: FileAnalysis) => void;
const observers = new Set<AnalysisObserver>();

/**
 * Lets an in-process caller (the SARIF export) see each file's findings with their partners, which
 * ESLint's lint messages cannot carry. Checkers run as rules ask for them, so the observer is called
 * when a file's analysis starts and again each time it grows, every time with everything computed so
 * far for the file; the last call holds the findings of every rule that ran. Returns a function that
 * removes the observer.
 */
export function observeFileAnalyses(observer: AnalysisObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** The findings of `rule` in the linted file and the failures of its checkers, running those checkers if none asked yet. */
export function getRuleAnalysis(context: AnalysisContext, rule: string): FileAnalysis {
  const { ast } = context.sourceCode;
  let state = states.get(ast);
  if (!state) {
    const file = path.resolve(context.cwd, context.physicalFilename ?? context.filename);
    state = { file, analysis: createFileAnalysis(context, file), fileWideFailuresReported: false };
    states.set(ast, state);
    notify(state);
  }
  const before = state.analysis.checkersRun;
  const result = state.analysis.forRule(rule);
  if (state.analysis.checkersRun !== before) notify(state);
  return withFileWideFailuresOnce(state, result);
}

/**
 * A failure of the whole file (bad settings, a front-end crash) is one message, reported by the first
 * rule that asks, not one per enabled rule.
 */
function withFileWideFailuresOnce(state: FileState, analysis: FileAnalysis): FileAnalysis {
  const isFileWide = (failure: FileAnalysis["failures"][number]): boolean => failure.rules.includes(FILE_WIDE);
  if (!analysis.failures.some(isFileWide)) return analysis;
  const failures = state.fileWideFailuresReported ? analysis.failures.filter((failure) => !isFileWide(failure)) : analysis.failures;
  state.fileWideFailuresReported = true;
  return { ...analysis, failures };
}


function notify(state: FileState): void {
  if (observers.size === 0) return;
  const analysis = state.analysis.current();
  for (const observer of observers) observer(state.file, analysis);
}

function createFileAnalysis(context: AnalysisContext, file: string): RuleAnalysis {
  const reading = readBarrierSettings(context.settings.barriers);
  if (reading.error !== undefined) {
    // Settings that fail the schema mean nothing: analysing with a guess would silently change the reports.
    return new FailedFileAnalysis({ findings: [], failures: [{ checker: "settings", rules: [FILE_WIDE], message: reading.error }] });
  }
  const { options } = reading;
  const settings = context.settings.barriers as BarrierSettings | undefined;
  const { text, ast } = context.sourceCode;
  const syntax: FileSyntax = (ast as { type?: string }).type === "translation_unit"
    ? { language: "c", text, ast: ast as TranslationUnit }
    : { language: "js", text, ast };
  // The project first: the linted C file resolves struct fields through the headers it indexes. The
  // index lowers this file from ESLint's tree rather than parsing it again.
  if (syntax.language === "js") offerLintedTree(file, text, ast, context.sourceCode.parserServices);
  const project = getProjectView(
    context.cwd, settings, options, syntax.language,
    syntax.language === "c" ? context.languageOptions as CLanguageOptions : undefined,
  );
  let fresh: FileIR;
  try {
    fresh = syntax.language === "c"
      ? lowerCFile(file, text, syntax.ast, { ...options, types: projectTypeDeclarations(project) })
      : lowerEstreeFile(file, text, syntax.ast, {
        ...options, typeOracle: typeOracleFromParserServices(context.sourceCode.parserServices),
      });
  } catch (error) {
    return new FailedFileAnalysis({ findings: [], failures: [{ checker: "front-end", rules: [FILE_WIDE], message: (error as Error).message }] });
  }
  // The index holds the linted file too (read from disk): when its copy is the same IR, the analysis
  // uses that copy, so the file's IR and what is built over it exist once.
  const fileIR = indexedCopyIfSame(project, fresh);
  return new LazyFileAnalysis({ file, fileIR, syntax, project, options });
}
