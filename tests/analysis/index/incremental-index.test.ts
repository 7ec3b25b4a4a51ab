import { renameSync, rmSync, utimesSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nodeSourceFileSystem, type SourceFileSystem } from "../../../src/analysis/index/file-system.js";
import { IncrementalIndex, type IncrementalIndexOptions } from "../../../src/analysis/index/incremental-index.js";
import { fakeLowerer, functionNames, makeProject, manualClock, relativeFiles } from "./index-fixtures.js";

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
    root: project.root, files: ["**/*.{c,h}"], ignores: [], lowerFile: lowerer.lowerFile,
    fingerprint: "test", now: clock.now, ...options,
  });
  /** Rewrites a file and moves its mtime forward, as an editor's save does. */
  const edit = (relative: string, text: string) => {
    const file = project.write(relative, text);
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    return file;
  };
  return { ...project, clock, lowerer, index, edit };
}

describe("IncrementalIndex", () => {
  it("indexes every matched file, in path order, with functions findable by name", () => {
    const { index, root } = setUp({ "z.c": "fn last", "a.c": "fn first\nfn shared", "lib/m.h": "fn shared" });
    const view = index.view();
    expect(relativeFiles(root, view.files())).toEqual(["a.c", "lib/m.h", "z.c"]);
    expect(view.functionsNamed("shared").map((fn) => path.relative(root, fn.site.file))).toEqual(["a.c", "lib/m.h"]);
    expect(view.functionsNamed("absent")).toEqual([]);
    expect(view.limitation).toBeUndefined();
    expect(index.stats).toMatchObject({ files: 3, discovered: 3, parsed: 3 });
  });

  it("returns the same view object while nothing changed, across re-checks and rescans", () => {
    const { index, clock, lowerer } = setUp({ "a.c": "fn a", "b.c": "fn b" });
    const first = index.view();
    expect(index.view()).toBe(first);
    clock.advance(1_500);
    expect(index.view()).toBe(first);
    clock.advance(6_000);
    expect(index.view()).toBe(first);
    expect(index.stats.rechecks).toBe(1);
    expect(index.stats.rescans).toBe(1);
    expect(lowerer.lowered).toHaveLength(2);
  });

  it("sees an edit of another file once the re-check interval has passed, not before", () => {
    const { index, clock, edit, lowerer } = setUp({ "writer.c": "fn writer", "reader.c": "fn reader" });
    const first = index.view();
    const edited = edit("reader.c", "fn reader_renamed");

    clock.advance(500);
    expect(index.view()).toBe(first);
    expect(first.functionsNamed("reader")).toHaveLength(1);

    clock.advance(600);
    const second = index.view();
    expect(second).not.toBe(first);
    expect(second.functionsNamed("reader")).toEqual([]);
    expect(second.functionsNamed("reader_renamed")).toHaveLength(1);
    expect(lowerer.lowered.at(-1)).toBe(edited);
    expect(lowerer.lowered).toHaveLength(3);
    // The old view is left as it was: checkers holding it keep a consistent picture.
    expect(functionNames(first.files())).toEqual(["reader", "writer"]);
  });

  it("does not lower a file again when only its mtime moved", () => {
    const { index, clock, root, lowerer } = setUp({ "a.c": "fn a" });
    const first = index.view();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, "a.c"), later, later);
    clock.advance(1_100);
    expect(index.view()).toBe(first);
    expect(lowerer.lowered).toHaveLength(1);
  });

  it("picks up a new file at the next rescan and drops a removed one", () => {
    const { index, clock, write, root } = setUp({ "a.c": "fn a", "b.c": "fn b" });
    const first = index.view();
    write("new.c", "fn added");
    rmSync(path.join(root, "b.c"));

    // A re-check only stats known files: the removed one is dropped, the new one is not seen yet.
    clock.advance(1_100);
    const afterRecheck = index.view();
    expect(afterRecheck).not.toBe(first);
    expect(relativeFiles(root, afterRecheck.files())).toEqual(["a.c"]);
    expect(afterRecheck.limitation).toBeUndefined();

    clock.advance(5_000);
    const afterRescan = index.view();
    expect(afterRescan).not.toBe(first);
    expect(relativeFiles(root, afterRescan.files())).toEqual(["a.c", "new.c"]);
    expect(afterRescan.functionsNamed("added")).toHaveLength(1);
    expect(afterRescan.limitation).toBeUndefined();
  });

  it("follows a rename as a removal plus an addition", () => {
    const { index, clock, root } = setUp({ "old.c": "fn moved" });
    index.view();
    renameSync(path.join(root, "old.c"), path.join(root, "new.c"));
    clock.advance(6_000);
    expect(index.view().functionsNamed("moved").map((fn) => path.basename(fn.site.file))).toEqual(["new.c"]);
  });

  it("skips an unreadable file, says so in the limitation, and recovers when it becomes readable", () => {
    let locked = true;
    const fs: SourceFileSystem = {
      stat: nodeSourceFileSystem.stat,
      readText(file) {
        if (locked && file.endsWith("secret.c")) throw Object.assign(new Error("permission denied"), { code: "EACCES" });
        return nodeSourceFileSystem.readText(file);
      },
    };
    const { index, clock, edit } = setUp({ "a.c": "fn a", "secret.c": "fn hidden" }, { fs });
    const view = index.view();
    expect(functionNames(view.files())).toEqual(["a"]);
    expect(view.limitation).toBe("1 file could not be read or parsed: secret.c cannot be read (EACCES)");
    expect(index.stats.failed).toBe(1);

    locked = false;
    edit("secret.c", "fn hidden // now readable");
    clock.advance(1_100);
    const recovered = index.view();
    expect(functionNames(recovered.files())).toEqual(["a", "hidden"]);
    expect(recovered.limitation).toBeUndefined();
  });

  it("skips a file the front-end throws on, and names at most three failures", () => {
    const files = Object.fromEntries(["p", "q", "r", "s", "t"].map((name) => [`${name}.c`, `fn ${name} @explode`]));
    const { index } = setUp({ ...files, "ok.c": "fn ok" });
    const view = index.view();
    expect(functionNames(view.files())).toEqual(["ok"]);
    expect(view.limitation).toMatch(/^5 files could not be read or parsed: p\.c could not be lowered \(front-end crashed on purpose\); q\.c .*; r\.c .*, and 2 more$/u);
  });

  it("leaves out a file the front-end refuses (binary) and says it could not be parsed", () => {
    const { index } = setUp({ "a.c": "fn a", "blob.c": "fn fake\u0000\u0001" });
    const view = index.view();
    expect(functionNames(view.files())).toEqual(["a"]);
    expect(view.limitation).toBe("1 file could not be read or parsed: blob.c could not be parsed (file looks binary)");
  });

  it("skips a file larger than the byte cap without reading it", () => {
    const reads: string[] = [];
    const fs: SourceFileSystem = { stat: nodeSourceFileSystem.stat, readText: (file) => (reads.push(file), nodeSourceFileSystem.readText(file)) };
    const { index } = setUp({ "small.c": "fn small", "huge.c": `fn huge ${"x".repeat(200)}` }, { fs, maxFileBytes: 100 });
    const view = index.view();
    expect(functionNames(view.files())).toEqual(["small"]);
    expect(reads.map((file) => path.basename(file))).toEqual(["small.c"]);
    expect(view.limitation).toMatch(/huge\.c is larger than 100 bytes/u);
  });

  it("indexes the first files in path order beyond the file cap and says how many were left out", () => {
    const { index } = setUp({ "a.c": "fn a", "b.c": "fn b", "c.c": "fn c", "d.c": "fn d" }, { maxFiles: 3 });
    const view = index.view();
    expect(functionNames(view.files())).toEqual(["a", "b", "c"]);
    expect(view.limitation).toBe("only the first 3 of 4 files (in path order) were indexed");
    expect(index.stats.overCap).toBe(1);
  });

  it("reads every file however large the IR, and says so, naming the setting, when the heap runs out", () => {
    const files = { "a.c": "fn aa", "b.c": "fn bb", "c.c": "fn cc", "d.c": "fn dd", "e.c": "fn ee" };
    // No budget of its own: a heap far from full reads every file.
    const roomy = setUp(files, { heapUsage: () => ({ used: 1, limit: 100 * 2 ** 20 }) });
    expect(functionNames(roomy.index.view().files())).toHaveLength(5);
    expect(roomy.index.stats.outOfMemory).toBe(0);

    // A heap that fills up after two files: the rest are not read, and the view says so.
    let full = false;
    let lowered = 0;
    const fillsTheHeap = fakeLowerer();
    const { index, clock } = setUp(files, {
      heapUsage: () => ({ used: full ? 90 * 2 ** 20 : 2 ** 20, limit: 100 * 2 ** 20 }),
      lowerFile: (file, text) => {
        if (++lowered === 2) full = true;
        return fillsTheHeap.lowerFile(file, text);
      },
    });
    const view = index.view();
    expect(functionNames(view.files())).toHaveLength(2);
    expect(index.stats.outOfMemory).toBe(3);
    expect(view.limitation).toBe("the project does not fit in memory (90 of 100 MiB of heap in use): 3 files could not be read; "
      + "list fewer files in settings.barriers.project.files, or give Node.js a larger heap (NODE_OPTIONS=--max-old-space-size=<MiB>)");

    // Once the heap has room again, the next rescan reads them.
    full = false;
    clock.advance(6_000);
    const later = index.view();
    expect(functionNames(later.files())).toHaveLength(5);
    expect(later.limitation).toBeUndefined();
    expect(index.stats.outOfMemory).toBe(0);
  });

  it("stops reading files when the analysis over the index would fill the heap, though the heap is not full yet", () => {
    const files = { "a.c": "fn aa", "b.c": "fn bb", "c.c": "fn cc", "d.c": "fn dd", "e.c": "fn ee" };
    // A heap far from full (1 byte in use), but after three files too small for the analysis over their IR.
    let limit = 100 * 2 ** 20;
    let lowered = 0;
    const lowerer = fakeLowerer();
    const { index } = setUp(files, {
      heapUsage: () => ({ used: 1, limit }),
      lowerFile: (file, text) => {
        if (++lowered === 3) limit = 1_000;
        return lowerer.lowerFile(file, text);
      },
    });
    const view = index.view();
    expect(functionNames(view.files())).toHaveLength(3);
    expect(index.stats.outOfMemory).toBe(2);
    expect(view.limitation).toMatch(/^the project does not fit in memory \(0 MiB of IR read, and the analysis over it needs about 8 times as much of the 0 MiB heap\): 2 files could not be read; list fewer files in settings\.barriers\.project\.files, or give Node\.js a larger heap \(NODE_OPTIONS=--max-old-space-size=<MiB>\)$/u);
  });

  it("hands out a new view of the same files when the heap fills up while linting, so that what hangs off the old one can go", () => {
    let used = 1;
    const { index } = setUp({ "a.c": "fn a", "b.c": "fn b" }, { heapUsage: () => ({ used, limit: 100 * 2 ** 20 }) });
    const first = index.view();
    for (let call = 0; call < 200; call++) expect(index.view()).toBe(first);
    used = 90 * 2 ** 20;
    const views = new Set(Array.from({ length: 250 }, () => index.view()));
    // At most one new view per hundred calls, each with the same files.
    expect(views.size).toBe(3);
    for (const view of views) expect(functionNames(view.files())).toEqual(["a", "b"]);
    expect(first.limitation).toBeUndefined();
  });

  it("leaves out files no front-end can lower and says so", () => {
    const { index } = setUp({ "a.c": "fn a", "b.ts": "fn b" }, { files: ["**/*.{c,ts}"], canLower: (file) => file.endsWith(".c") });
    const view = index.view();
    expect(functionNames(view.files())).toEqual(["a"]);
    expect(view.limitation).toBe("1 file matched but no front-end reads its kind of file");
  });

  it("never throws when the root does not exist, and recovers once it does", () => {
    const { index, clock, root, write } = setUp({});
    rmSync(root, { recursive: true });
    const view = index.view();
    expect([...view.files()]).toEqual([]);
    expect(view.limitation).toMatch(/could not be searched \(ENOENT\)/u);

    write("a.c", "fn a");
    clock.advance(6_000);
    const later = index.view();
    expect(functionNames(later.files())).toEqual(["a"]);
    expect(later.limitation).toBeUndefined();
  });

  it("says when no file matches", () => {
    const { index } = setUp({ "readme.txt": "" });
    expect(index.view().limitation).toMatch(/^no file under .* matches settings\.barriers\.project\.files/u);
  });
});
