import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Language, Parser } from "web-tree-sitter";
import type { Tree } from "web-tree-sitter";

/*
 * ESLint calls Language#parse synchronously, so the WASM runtime and the C grammar are loaded once,
 * with top-level await, when this module is first imported. Everything after that is synchronous.
 */
await Parser.init();
const cLanguage = await Language.load(grammarPath());
const parser = new Parser();
parser.setLanguage(cLanguage);

/**
 * The package ships the grammar's WASM file in dist/grammar (copied there by the build), so users do
 * not install tree-sitter-c and its native build; from a source checkout the dev dependency has it.
 */
function grammarPath(): string {
  const shipped = fileURLToPath(new URL("../../grammar/tree-sitter-c.wasm", import.meta.url));
  if (existsSync(shipped)) return shipped;
  return createRequire(import.meta.url).resolve("tree-sitter-c/tree-sitter-c.wasm");
}

export function parseWithTreeSitter(text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}

/**
 * Per type id: the type name and whether it is named. Reading these from JS arrays instead of asking
 * the cursor saves two WASM round trips per node, the main cost of copying a tree out of WASM.
 */
export const typeNames: readonly string[] = Array.from({ length: cLanguage.types.length }, (_, id) => cLanguage.types[id] ?? "ERROR");
export const typeIsNamed: readonly boolean[] = Array.from({ length: cLanguage.types.length }, (_, id) => cLanguage.nodeTypeIsNamed(id));
export const fieldNames: readonly (string | null)[] = cLanguage.fields;
export const ERROR_TYPE_ID = 65535;
