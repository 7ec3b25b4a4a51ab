import { describe, expect, it } from "vitest";
import { lazyTypescriptParser } from "../src/lazy-typescript-parser.js";

interface Parsed {
  ast: { body: object[] };
  services: { esTreeNodeToTSNodeMap: { has(node: object): boolean } };
}

const parse = (options?: object) => lazyTypescriptParser.parseForESLint("const x = 1;\n", options) as Parsed;

describe("lazy TypeScript parser", () => {
  it("leaves out the ESTree-to-TypeScript node maps when no type information is asked for", () => {
    const { ast, services } = parse({ ecmaVersion: "latest", sourceType: "module" });
    expect(services.esTreeNodeToTSNodeMap.has(ast.body[0]!)).toBe(false);
  });

  it("keeps them when the configuration sets preserveNodeMaps", () => {
    const { ast, services } = parse({ preserveNodeMaps: true });
    expect(services.esTreeNodeToTSNodeMap.has(ast.body[0]!)).toBe(true);
  });
});
