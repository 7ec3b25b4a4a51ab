// Build step: the C grammar ships as its WASM file and license only. Depending on the tree-sitter-c
// package at run time would install its native binding too (an install script users are warned about).
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const grammarPackage = path.dirname(require.resolve("tree-sitter-c/package.json"));
const { version } = require("tree-sitter-c/package.json");
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "grammar");
mkdirSync(target, { recursive: true });
copyFileSync(path.join(grammarPackage, "tree-sitter-c.wasm"), path.join(target, "tree-sitter-c.wasm"));
copyFileSync(path.join(grammarPackage, "LICENSE"), path.join(target, "tree-sitter-c.LICENSE"));
console.log(`dist/grammar: tree-sitter-c ${version} (WASM and license)`);
