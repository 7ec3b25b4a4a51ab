import type { RuleDefinition } from "@eslint/core";
import { getFileAnalysis, type AnalysisContext } from "./file-analysis.js";
import type { Finding } from "../../analysis/findings.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ESLint's rule types differ per language
export type BarrierRule = RuleDefinition<any>;

export const C_LANGUAGE = "barriers/c";
export const JS_LANGUAGE = "js/js";

export interface BarrierRuleSpec {
  name: string;
  type?: "problem" | "suggestion";
  description: string;
  languages: readonly string[];
  messages: Record<string, string>;
  hasSuggestions?: boolean;
  schema?: unknown[];
  /**
   * Hands the rule's ESLint options to its checker before the file is analysed. One analysis serves
   * every rule, so checkers read their options from a registry keyed by the AST root.
   */
  passOptions?: (astRoot: object, options: unknown[]) => void;
}

const ANALYSIS_FAILED = "analysisFailed";

interface ReportingContext extends AnalysisContext {
  report(descriptor: object): void;
}

/**
 * A rule is its metadata plus this shared body: ask for the file's findings (computed once for all
 * rules) and report those that carry the rule's name. Rules never analyse anything themselves.
 */
export function createBarrierRule(spec: BarrierRuleSpec): BarrierRule {
  return {
    meta: {
      type: spec.type ?? "problem",
      docs: { description: spec.description, url: `https://github.com/eslint-plugin-barriers/eslint-plugin-barriers/blob/main/docs/rules/${spec.name}.md` },
      languages: [...spec.languages],
      messages: {
        ...spec.messages,
        [ANALYSIS_FAILED]: "barriers: this file's {{checker}} analysis failed ({{message}}); its findings are missing.",
      },
      schema: spec.schema ?? [],
      ...(spec.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    create(context: ReportingContext & { options?: unknown[] }) {
      spec.passOptions?.(context.sourceCode.ast, context.options ?? []);
      const reportAll = () => {
        const analysis = getFileAnalysis(context);
        for (const failure of analysis.failures) {
          if (!failure.rules.includes(spec.name) && !failure.rules.includes("*")) continue;
          context.report({
            loc: { line: 1, column: 0 },
            messageId: ANALYSIS_FAILED,
            data: { checker: failure.checker, message: failure.message },
          });
        }
        for (const finding of analysis.findings) if (finding.rule === spec.name) context.report(toDescriptor(finding));
      };
      return { translation_unit: reportAll, Program: reportAll };
    },
  } as BarrierRule;
}

function toDescriptor(finding: Finding): object {
  const { site } = finding;
  return {
    loc: { start: { line: site.line, column: site.column }, end: { line: site.endLine, column: site.endColumn } },
    messageId: finding.messageId,
    data: finding.data,
    ...(finding.suggestions && finding.suggestions.length > 0
      ? {
        suggest: finding.suggestions.map((suggestion) => ({
          messageId: suggestion.messageId,
          data: suggestion.data,
          fix: (fixer: { replaceTextRange(range: [number, number], text: string): unknown }) =>
            suggestion.edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
        })),
      }
      : {}),
  };
}
