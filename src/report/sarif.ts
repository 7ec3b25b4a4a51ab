import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding } from "../analysis/findings.js";
import type { Site } from "../analysis/ir/site.js";

export interface SarifRuleDescription {
  name: string;
  description: string;
  helpUri?: string;
  messages: Record<string, string>;
}

/** A finding as ESLint reported it: `warn` in the config makes it a SARIF warning. */
export type ReportedFinding = Finding & { severity?: "error" | "warning" };

/** A file the run could not analyse (ESLint's fatal parse error), as eslint's SARIF formatter reports it. */
export interface ToolFailure {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The notification id eslint's SARIF formatter gives an ESLint error that no rule reported. */
const INTERNAL_ERROR_ID = "ESL0999";

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number; charOffset?: number; charLength?: number };
  };
  message?: { text: string };
}

/** Fills `{{name}}` placeholders the way ESLint does. */
export function fillMessage(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/gu, (whole, key: string) => (key in data ? data[key]! : whole));
}

function location(site: Site, root: string, label?: string): SarifLocation {
  const relative = path.relative(root, site.file);
  const inside = !relative.startsWith("..") && !path.isAbsolute(relative);
  return {
    physicalLocation: {
      artifactLocation: inside ? { uri: relative.split(path.sep).join("/"), uriBaseId: "SRCROOT" } : { uri: pathToFileURL(site.file).href },
      region: {
        startLine: site.line, startColumn: site.column + 1, endLine: site.endLine, endColumn: site.endColumn + 1,
        charOffset: site.range[0], charLength: site.range[1] - site.range[0],
      },
    },
    ...(label ? { message: { text: label } } : {}),
  };
}

/**
 * SARIF 2.1.0 with both ends of every pair: the report's own location, and the partner (or the access
 * on the wrong side) as relatedLocations, so code-scanning UIs can link them.
 */
export function findingsToSarif(
  findings: readonly ReportedFinding[], rules: readonly SarifRuleDescription[], root: string, toolVersion: string,
  failures: readonly ToolFailure[] = [],
): object {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.name, index]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "eslint-plugin-barriers",
          version: toolVersion,
          informationUri: "https://github.com/eslint-plugin-barriers/eslint-plugin-barriers",
          rules: rules.map((rule) => ({
            id: `barriers/${rule.name}`,
            shortDescription: { text: rule.description },
            ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root + path.sep).href } },
      invocations: [{
        executionSuccessful: failures.length === 0,
        toolConfigurationNotifications: failures.map((failure) => ({
          level: "error",
          descriptor: { id: INTERNAL_ERROR_ID },
          message: { text: failure.message },
          locations: [failureLocation(failure, root)],
        })),
      }],
      results: findings.map((finding) => {
        const rule = rules[ruleIndex.get(finding.rule) ?? -1];
        const template = rule?.messages[finding.messageId] ?? finding.messageId;
        return {
          ruleId: `barriers/${finding.rule}`,
          ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
          level: finding.severity ?? "error",
          message: { text: fillMessage(template, finding.data) },
          locations: [location(finding.site, root)],
          relatedLocations: finding.related.map((related, index) => ({ id: index + 1, ...location(related.site, root, related.label) })),
        };
      }),
    }],
  };
}

function failureLocation(failure: ToolFailure, root: string): SarifLocation {
  const { artifactLocation } = location({ file: failure.file, range: [0, 0], line: 1, column: 0, endLine: 1, endColumn: 0 }, root).physicalLocation;
  return { physicalLocation: { artifactLocation, region: { startLine: Math.max(failure.line, 1), startColumn: Math.max(failure.column, 1) } } };
}
