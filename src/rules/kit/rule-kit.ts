import type { RuleDefinition } from "@eslint/core";
import { getRuleAnalysis, type AnalysisContext } from "./file-analysis.js";
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
  /** Whether the `recommended` config turns the rule on. Default: it does for every rule that runs on C. */
  recommended?: boolean;
  /** JSON schemas of the options; every property of an options object carries a `description`. */
  schema?: unknown[];
  /** The options a rule runs with when the config gives none, merged by ESLint under the user's. */
  defaultOptions?: unknown[];
  /**
   * Hands the rule's ESLint options to its checker before the checker runs. One analysis state serves
   * every rule, so checkers read their options from a registry keyed by the AST root.
   */
  passOptions?: (astRoot: object, options: unknown[]) => void;
}

const ANALYSIS_FAILED = "analysisFailed";
const INVALID_SETTINGS = "invalidSettings";
/** The checker name of a failure that is the configuration's, not the code's. */
const SETTINGS_CHECKER = "settings";

interface ReportingContext extends AnalysisContext {
  report(descriptor: object): void;
}

/**
 * A rule is its metadata plus this shared body: ask the file's shared analysis for the findings that
 * carry the rule's name (its checkers run on that first request) and report them. Rules never
 * analyse anything themselves.
 */
export function createBarrierRule(spec: BarrierRuleSpec): BarrierRule {
  return {
    meta: {
      type: spec.type ?? "problem",
      docs: {
        description: spec.description,
        recommended: spec.recommended ?? spec.languages.includes(C_LANGUAGE),
        url: `https://github.com/eslint-plugin-barriers/eslint-plugin-barriers/blob/main/docs/rules/${spec.name}.md`,
      },
      languages: [...spec.languages],
      messages: {
        ...spec.messages,
        [ANALYSIS_FAILED]: "barriers: this file's {{checker}} analysis failed ({{message}}); its findings are missing.",
        [INVALID_SETTINGS]: "barriers: {{message}} The barrier rules analyse nothing until the setting is fixed.",
      },
      schema: spec.schema ?? [],
      ...(spec.defaultOptions ? { defaultOptions: spec.defaultOptions } : {}),
      ...(spec.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    create(context: ReportingContext & { options?: unknown[] }) {
      // Here rather than in the visitor: ESLint creates every rule before visiting any node, so the
      // options are in place before any rule's request can run a checker, the option's own rule included.
      spec.passOptions?.(context.sourceCode.ast, context.options ?? []);
      const reportAll = () => {
        const analysis = getRuleAnalysis(context, spec.name);
        for (const failure of analysis.failures) {
          context.report({
            loc: { line: 1, column: 0 },
            messageId: failure.checker === SETTINGS_CHECKER ? INVALID_SETTINGS : ANALYSIS_FAILED,
            data: { checker: failure.checker, message: failure.message },
          });
        }
        for (const finding of analysis.findings) context.report(toDescriptor(finding));
      };
      return { translation_unit: reportAll, Program: reportAll };
    },
  } as BarrierRule;
}

/**
 * An options-object schema with a description for each property, so that editors and the generated
 * rule docs can say what every option does. A property left without one is a mistake caught at load.
 */
export function describeOptions<Schema extends { properties: Record<string, object> }>(
  schema: Schema, descriptions: { [Name in keyof Schema["properties"]]: string },
): Schema {
  const properties = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => {
    const description = (descriptions as Record<string, string | undefined>)[name];
    if (!description) throw new Error(`option "${name}" has no description`);
    return [name, { ...property, description }];
  }));
  return { ...schema, properties };
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
