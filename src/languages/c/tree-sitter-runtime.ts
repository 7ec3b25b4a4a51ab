import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
import type { Tree } from "web-tree-sitter";

/*
 * ESLint calls Language#parse synchronously, so the WASM runtime and the C grammar are loaded once,
 * with top-level await, when this module is first imported. Everything after that is synchronous.
 */
const require = createRequire(import.meta.url);

await Parser.init();
const cLanguage = await Language.load(require.resolve("tree-sitter-c/tree-sitter-c.wasm"));
const parser = new Parser();
parser.setLanguage(cLanguage);

export function parseWithTreeSitter(text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}

export const treeSitterCLanguage = cLanguage;
