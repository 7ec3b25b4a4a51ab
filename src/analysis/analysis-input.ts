import type { FileIR } from "./ir/function-ir.js";
import type { AnalysisOptions } from "./settings.js";
import type { ProjectView } from "./project-view.js";
import type { SyntaxNode, TranslationUnit } from "../languages/c/syntax-node.js";

/** The syntax of the linted file, for checks that must produce text edits or read comments. */
export type FileSyntax =
  | { language: "c"; text: string; ast: TranslationUnit }
  | { language: "js"; text: string; ast: unknown };

/** Everything one file's analysis reads. Plain data: no ESLint objects. */
export interface AnalysisInput {
  file: string;
  fileIR: FileIR;
  syntax: FileSyntax;
  /**
   * The project as the index sees it. Its identity is stable while no file changes, so checkers may
   * cache project-wide structures keyed by it. It may hold an older copy of the linted file: for that
   * file, `fileIR` is the truth.
   */
  project: ProjectView;
  options: AnalysisOptions;
}

export type { SyntaxNode };
