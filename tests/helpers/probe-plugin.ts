import { Linter, type ESLint } from "eslint";
import type { SyntaxNode } from "../../src/languages/c/syntax-node.js";
import plugin from "../../src/index.js";

/**
 * A test-only rule that reports the nodes of the types it is given, with their text, so that tests
 * can see exactly what the C language hands to rules.
 */
const probeRule = {
  meta: {
    type: "problem" as const,
    languages: ["barriers/c"],
    schema: [{ type: "array", items: { type: "string" } }],
    messages: { seen: "{{type}}: {{text}}" },
  },
  create(context: { options: unknown[]; sourceCode: { getText(node: SyntaxNode): string }; report(descriptor: object): void }) {
    const types = (context.options[0] ?? []) as string[];
    return Object.fromEntries(types.map((type) => [type, (node: SyntaxNode) => {
      context.report({ node, messageId: "seen", data: { type: node.type, text: context.sourceCode.getText(node) } });
    }]));
  },
};

export const probePlugin = { ...plugin, rules: { ...plugin.rules, probe: probeRule } } as unknown as ESLint.Plugin;

export function lintC(code: string, types: string[], languageOptions: Record<string, unknown> = {}, filename = "test.c") {
  const linter = new Linter({ configType: "flat" });
  return linter.verify(code, [{
    files: ["**/*.c", "**/*.h"],
    plugins: { barriers: probePlugin },
    language: "barriers/c",
    languageOptions,
    rules: { "barriers/probe": ["error", types] },
  }], filename);
}
