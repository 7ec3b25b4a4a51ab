import { readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IncrementalIndex } from "../../../src/analysis/index/incremental-index.js";
import { fakeLowerer, functionNames, makeProject } from "./index-fixtures.js";

const projects: { remove(): void }[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

describe("files that are not regular files", () => {
  it("a symlink loop and a link to /dev/zero are not listed, so never read, and limit nothing", () => {
    const project = makeProject({ "ok.c": "fn ok" });
    projects.push(project);
    symlinkSync("loop.c", path.join(project.root, "loop.c"));
    symlinkSync("/dev/zero", path.join(project.root, "zero.c"));
    const lowerer = fakeLowerer();
    const index = new IncrementalIndex({ root: project.root, files: ["**/*.c"], ignores: [], lowerFile: lowerer.lowerFile, fingerprint: "test" });
    const view = index.view();
    expect(functionNames(view.files())).toEqual(["ok"]);
    expect(lowerer.lowered.map((file) => path.basename(file))).toEqual(["ok.c"]);
    expect(index.stats.discovered).toBe(1);
    expect(view.limitation).toBeUndefined();
  });

  it("the documentation says how the installed ESLint handles such links on the command line", () => {
    const { version } = createRequire(import.meta.url)("eslint/package.json") as { version: string };
    const docs = readFileSync(new URL("../../../docs/project-index.md", import.meta.url), "utf8");
    const paragraph = docs.split("\n- ").find((item) => item.startsWith("**Files that are not regular files.**"));
    // Re-check the behaviour (a `.c` symlink loop, a link to /dev/zero) and update the paragraph when ESLint moves.
    expect(paragraph).toContain(`ESLint itself, at version ${version}`);
    expect(paragraph).toMatch(/symbolic links/u);
    expect(paragraph).toMatch(/\/dev\/zero/u);
  });
});
