import { statSync, utimesSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nodeSourceFileSystem, type SourceFileSystem } from "../../../src/analysis/index/file-system.js";
import { IncrementalIndex, type IncrementalIndexOptions } from "../../../src/analysis/index/incremental-index.js";
import { fakeLowerer, functionNames, makeProject, manualClock } from "./index-fixtures.js";

const projects: { remove(): void }[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function setUp(files: Record<string, string>, options: Partial<IncrementalIndexOptions> = {}) {
  const project = makeProject(files);
  projects.push(project);
  const clock = manualClock();
  const lowerer = fakeLowerer();
  const index = new IncrementalIndex({
    root: project.root, files: ["**/*.c"], ignores: [], lowerFile: lowerer.lowerFile, fingerprint: "test", now: clock.now, ...options,
  });
  return { ...project, clock, lowerer, index };
}

/** Whole seconds, so that putting the time back with `utimes` restores it exactly. */
const WRITTEN_AT = Math.ceil(Date.now() / 1000);

/** Rewrites a file with text of the same length and puts its access and modification times back. */
function rewriteKeepingStat(file: string, text: string, write: (relative: string, text: string) => string, root: string): void {
  const before = statSync(file);
  write(path.relative(root, file), text);
  utimesSync(file, WRITTEN_AT, WRITTEN_AT);
  const after = statSync(file);
  expect([after.mtimeMs, after.size]).toEqual([before.mtimeMs, before.size]);
}

/** A file system whose stat of every file is frozen at its first answer: mtime, ctime and size never move. */
function frozenStat(): SourceFileSystem & { reads: string[] } {
  const first = new Map<string, { mtimeMs: number; ctimeMs: number; size: number }>();
  const reads: string[] = [];
  return {
    reads,
    stat(file) {
      let stat = first.get(file);
      if (!stat) first.set(file, (stat = nodeSourceFileSystem.stat(file) as { mtimeMs: number; ctimeMs: number; size: number }));
      return stat;
    },
    readText(file) {
      reads.push(path.basename(file));
      return nodeSourceFileSystem.readText(file);
    },
  };
}

describe("an edit that keeps a file's mtime and size", () => {
  it("is seen by a long-lived index once the re-check interval has passed", () => {
    const { index, clock, root, write } = setUp({ "writer.c": "fn writer", "reader.c": "fn reader_a" });
    utimesSync(path.join(root, "reader.c"), WRITTEN_AT, WRITTEN_AT);
    expect(functionNames(index.view().files())).toEqual(["reader_a", "writer"]);
    rewriteKeepingStat(path.join(root, "reader.c"), "fn reader_b", write, root);
    clock.advance(1_100);
    expect(functionNames(index.view().files())).toEqual(["reader_b", "writer"]);
  });

  it("is seen even when the file system keeps ctime too, for a file written since the process started", () => {
    const fs = frozenStat();
    const { index, clock, write } = setUp({ "reader.c": "fn reader_a" }, { fs });
    expect(functionNames(index.view().files())).toEqual(["reader_a"]);
    write("reader.c", "fn reader_b");
    clock.advance(1_100);
    expect(functionNames(index.view().files())).toEqual(["reader_b"]);
  });

  it("is hashed, not lowered, when the content did not change", () => {
    const fs = frozenStat();
    const { index, clock, lowerer } = setUp({ "reader.c": "fn reader_a" }, { fs });
    const first = index.view();
    clock.advance(1_100);
    expect(index.view()).toBe(first);
    expect(fs.reads).toEqual(["reader.c", "reader.c"]);
    expect(lowerer.lowered).toHaveLength(1);
  });

  it("is not looked for in a file last modified well before the process started (one stat per re-check)", () => {
    const fs = frozenStat();
    const { index, clock, write } = setUp({ "old.c": "fn old_a" }, { fs, startedAtMs: Date.now() + 60_000 });
    expect(functionNames(index.view().files())).toEqual(["old_a"]);
    write("old.c", "fn old_b");
    clock.advance(1_100);
    expect(functionNames(index.view().files())).toEqual(["old_a"]);
    expect(fs.reads).toEqual(["old.c"]);
  });
});
