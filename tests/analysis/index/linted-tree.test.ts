import { parseForESLint } from "@typescript-eslint/parser";
import { describe, expect, it } from "vitest";
import { offerLintedTree } from "../../../src/analysis/index/linted-tree.js";
import { productionDependencies } from "../../../src/analysis/index/production-lowerer.js";
import { analysisOptionsFromSettings } from "../../../src/analysis/settings.js";
import { lowerEstreeFile } from "../../../src/frontends/estree/lower-file.js";

const TEXT = `export function publish(flags: Int32Array, data: Int32Array): void {
  data[0] = 1;
  Atomics.store(flags, 0, 1);
}
`;
const FILE = "/project/src/worker.ts";

function indexLowering() {
  const options = analysisOptionsFromSettings({ dialects: ["js"] });
  const { lowerFile } = productionDependencies({ cwd: "/project", settings: undefined, options, language: "js" });
  return { options, lowerFile };
}

describe("the linted TS/JS file's tree", () => {
  it("is what the index lowers the linted file from, instead of parsing its text again", () => {
    const { options, lowerFile } = indexLowering();
    const { ast, services } = parseForESLint(TEXT, { range: true, loc: true, tokens: true, comment: true, sourceType: "module", filePath: FILE });
    offerLintedTree(FILE, TEXT, ast, services);
    const indexed = lowerFile(FILE, TEXT);
    // One lowering per tree: the rule's own lowering of ESLint's tree is the index's.
    expect(lowerEstreeFile(FILE, TEXT, ast, { dialect: options.dialect, hostPointerSize: options.hostPointerSize })).toBe(indexed);
    expect(indexed.functions.map((fn) => fn.name)).toEqual(["publish"]);
  });

  it("is not used for other text, another file, or a tree another parser made", () => {
    const { options, lowerFile } = indexLowering();
    const lowering = { dialect: options.dialect, hostPointerSize: options.hostPointerSize };
    const { ast, services } = parseForESLint(TEXT, { range: true, loc: true, sourceType: "module", filePath: FILE });
    offerLintedTree(FILE, TEXT, ast, services);
    const edited = `${TEXT}// edited\n`;
    expect(lowerFile(FILE, edited)).not.toBe(lowerEstreeFile(FILE, TEXT, ast, lowering));
    expect(lowerFile("/project/src/other.ts", TEXT)).not.toBe(lowerEstreeFile(FILE, TEXT, ast, lowering));

    const script = parseForESLint(TEXT, { range: true, loc: true, sourceType: "script", filePath: FILE });
    offerLintedTree(FILE, TEXT, script.ast, script.services);
    expect(lowerFile(FILE, TEXT)).not.toBe(lowerEstreeFile(FILE, TEXT, script.ast, lowering));
    // A parser without TypeScript's services (espree): its tree may differ from the index's parse.
    const other = parseForESLint(TEXT, { range: true, loc: true, sourceType: "module", filePath: FILE });
    offerLintedTree(FILE, TEXT, other.ast, {});
    expect(lowerFile(FILE, TEXT)).not.toBe(lowerEstreeFile(FILE, TEXT, other.ast, lowering));
  });
});
