import path from "node:path";
import type { Finding } from "../analysis/findings.js";
import { getProjectView } from "../analysis/index/project-index.js";
import type { CLanguageOptions } from "../languages/c/language-options.js";
import { ATOMIC_OPERAND_WIDTH, checkOperandWidths, type OperandWidthSettings } from "../analysis/operand-width/index.js";
import { readBarrierSettings, type AnalysisOptions, type BarrierSettings } from "../analysis/settings.js";
import { lowerCFile } from "../frontends/c/lower-file.js";
import type { TranslationUnit } from "../languages/c/syntax-node.js";
import type { AnalysisContext } from "./kit/file-analysis.js";
import { C_LANGUAGE, createBarrierRule, describeOptions, type BarrierRule } from "./kit/rule-kit.js";

interface WidthRuleOptions {
  hostPointerSize?: 4 | 8;
  mbWidth?: "int" | "pointer";
}

interface WidthRuleContext extends AnalysisContext {
  options: WidthRuleOptions[];
  report(descriptor: object): void;
}

/** The shared analysis checks with the global host size and each dialect's own limit for mb forms. */
const sharedRule = createBarrierRule({
  name: ATOMIC_OPERAND_WIDTH,
  description: "Disallow atomic operations on operands the primitive cannot make atomic: wider than a pointer (or than int for QEMU's mb forms), structs, or floats where the dialect forbids them",
  languages: [C_LANGUAGE],
  schema: [describeOptions({
    type: "object",
    properties: {
      hostPointerSize: { enum: [4, 8] },
      mbWidth: { enum: ["int", "pointer"] },
    },
    additionalProperties: false,
  }, {
    hostPointerSize: "Pointer size in bytes of the host the code is built for. Unset: settings.barriers.hostPointerSize (8 unless set).",
    mbWidth: "Widest operand of QEMU's mb forms: \"int\" as the reference text says, or \"pointer\" like every other atomic. "
      + "Unset: \"int\" for the qemu2020 dialect and your own mb primitives, \"pointer\" for qemu.",
  })],
  // Both defaults depend on the settings and the dialect, so none is fixed here.
  defaultOptions: [{}],
  messages: {
    widerThanLimit: "{{primitive}}() in {{function}}() accesses {{variable}}, {{type}} of {{size}} bytes{{typeSource}}, wider than {{limit}}: "
      + "{{limitBytes}} bytes{{host}}. The access cannot be atomic{{advice}}.",
    mbWiderThanInt: "{{primitive}}() in {{function}}() accesses {{variable}}, {{type}} of {{size}} bytes{{typeSource}}: the reference restricts the mb forms "
      + "to types no wider than int; use {{alternative}}, or a narrower type.",
    aggregate: "{{primitive}}() in {{function}}() accesses {{variable}}, of type {{type}}{{typeSource}}, which is a struct, union or array: {{reason}}.",
    float: "{{primitive}}() in {{function}}() accesses {{variable}}, of floating type {{type}}{{typeSource}}: {{reason}}.",
  },
});

/**
 * A rule option that differs from the shared analysis' settings (another host pointer size, a width
 * for the mb forms) makes this rule check the file again with its own settings; otherwise it reports
 * the shared findings like every other rule.
 */
export const atomicOperandWidth: BarrierRule = {
  meta: sharedRule.meta,
  create(context: WidthRuleContext) {
    const option = context.options[0] ?? {};
    const reading = readBarrierSettings(context.settings.barriers);
    // Bad settings: the shared analysis reports them, once for the file.
    if (reading.error !== undefined) return sharedRule.create(context as unknown as Parameters<typeof sharedRule.create>[0]);
    const globalHost = reading.options.hostPointerSize;
    const settings: OperandWidthSettings = { hostPointerSize: option.hostPointerSize ?? globalHost, ...(option.mbWidth ? { mbWidth: option.mbWidth } : {}) };
    if (settings.hostPointerSize === globalHost && settings.mbWidth === undefined) return sharedRule.create(context as unknown as Parameters<typeof sharedRule.create>[0]);
    const reportOwn = () => {
      let findings: Finding[];
      try {
        findings = ownFindings(context, reading.options, settings);
      } catch (error) {
        context.report({
          loc: { line: 1, column: 0 },
          messageId: "analysisFailed",
          data: { checker: "operand-width", message: error instanceof Error ? error.message : String(error) },
        });
        return;
      }
      for (const finding of findings) {
        const { site } = finding;
        context.report({
          loc: { start: { line: site.line, column: site.column }, end: { line: site.endLine, column: site.endColumn } },
          messageId: finding.messageId,
          data: finding.data,
        });
      }
    };
    return { translation_unit: reportOwn };
  },
};

function ownFindings(context: WidthRuleContext, options: AnalysisOptions, settings: OperandWidthSettings): Finding[] {
  const barrierSettings = context.settings.barriers as BarrierSettings | undefined;
  const file = path.resolve(context.cwd, context.physicalFilename ?? context.filename);
  const { text, ast } = context.sourceCode;
  const fileIR = lowerCFile(file, text, ast as TranslationUnit, { dialect: options.dialect, hostPointerSize: settings.hostPointerSize });
  // The same index the shared analysis uses: it is keyed by the global options, not this rule's.
  const project = getProjectView(context.cwd, barrierSettings, options, "c", context.languageOptions as CLanguageOptions | undefined);
  return checkOperandWidths({ file, fileIR, syntax: { language: "c", text, ast: ast as TranslationUnit }, project, options }, settings);
}
