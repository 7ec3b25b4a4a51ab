import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FileIR, FunctionIR } from "../../../src/analysis/ir/function-ir.js";
import type { Site } from "../../../src/analysis/ir/site.js";

/**
 * A stand-in front-end for index tests: every `fn <name>` in the text becomes a function calling
 * nothing, and a text containing `@explode` makes it throw. It records each file it lowers, so tests
 * can tell a cache hit (not lowered) from a miss (lowered). A NUL character makes it refuse the file
 * the way the C front-end refuses binary files.
 */
export function fakeLowerer() {
  const lowered: string[] = [];
  const lowerFile = (file: string, text: string): FileIR => {
    lowered.push(file);
    if (text.includes("@explode")) throw new Error("front-end crashed on purpose");
    if (text.includes("\u0000")) {
      // What the C front-end returns for a file it will not parse.
      const diagnostics = { errorNodes: 0, functionsWithErrors: 0, rejected: "file looks binary" };
      return { file, functions: [], definedMacros: [], diagnostics, types: { structs: {}, typedefs: {} } };
    }
    const functions: FunctionIR[] = [];
    for (const match of text.matchAll(/\bfn (\w+)/gu)) {
      const offset = match.index;
      const line = text.slice(0, offset).split("\n").length;
      const site: Site = { file, range: [offset, offset + match[0].length], line, column: 0, endLine: line, endColumn: match[0].length };
      functions.push({
        name: match[1]!, qualifiedName: match[1]!, isStatic: false, isPrimitiveWrapper: false, hasParseErrors: false,
        body: [{ kind: "fence", id: `${match[1]}#0`, fence: "wmb", flavour: "smp", api: "smp_wmb", site }],
        site,
      });
    }
    return { file, functions, definedMacros: [], diagnostics: { errorNodes: 0, functionsWithErrors: 0 }, types: { structs: {}, typedefs: {} } };
  };
  return { lowerFile, lowered };
}

/** A temporary project tree: `files` maps relative paths to their text. */
export function makeProject(files: Record<string, string>): { root: string; write(relative: string, text: string): string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), "barriers-index-"));
  const write = (relative: string, text: string): string => {
    const absolute = path.join(root, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    return absolute;
  };
  for (const [relative, text] of Object.entries(files)) write(relative, text);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function manualClock(start = 10_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => { time += ms; } };
}

export function relativeFiles(root: string, files: Iterable<FileIR>): string[] {
  return [...files].map((file) => path.relative(root, file.file));
}

export function functionNames(files: Iterable<FileIR>): string[] {
  return [...files].flatMap((file) => file.functions.map((fn) => fn.name));
}
