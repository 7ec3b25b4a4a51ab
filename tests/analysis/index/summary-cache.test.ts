import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nodeCacheFileSystem } from "../../../src/analysis/index/file-system.js";
import { IncrementalIndex } from "../../../src/analysis/index/incremental-index.js";
import { contentKey } from "../../../src/analysis/index/lowering-fingerprint.js";
import { SummaryCache } from "../../../src/analysis/index/summary-cache.js";
import { fakeLowerer, functionNames, makeProject } from "./index-fixtures.js";

const projects: { remove(): void }[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

const FINGERPRINT = "f".repeat(64);

function setUp(files: Record<string, string> = { "a.c": "fn writer", "b.c": "fn reader" }) {
  const project = makeProject(files);
  projects.push(project);
  const cacheDirectory = path.join(project.root, "node_modules/.cache/eslint-plugin-barriers");
  const build = () => {
    const lowerer = fakeLowerer();
    const index = new IncrementalIndex({
      root: project.root, files: ["**/*.c"], ignores: ["**/node_modules/**"], lowerFile: lowerer.lowerFile,
      fingerprint: FINGERPRINT, cache: new SummaryCache(cacheDirectory, FINGERPRINT),
    });
    return { index, view: index.view(), lowered: lowerer.lowered };
  };
  return { ...project, cacheDirectory, build };
}

function listFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)));
}

describe("disk cache of FileIR", () => {
  it("answers a second build from disk without lowering anything", () => {
    const { build } = setUp();
    const first = build();
    expect(first.lowered).toHaveLength(2);
    expect(first.index.stats).toMatchObject({ parsed: 2, cacheHits: 0, cacheMisses: 2, files: 2 });

    const second = build();
    expect(second.lowered).toEqual([]);
    expect(second.index.stats).toMatchObject({ parsed: 0, cacheHits: 2, cacheMisses: 0, files: 2 });
    expect(functionNames(second.view.files())).toEqual(functionNames(first.view.files()));
    expect(second.view.functionsNamed("reader")[0]!.body).toEqual(first.view.functionsNamed("reader")[0]!.body);
  });

  it("misses when the file's content changed since the entry was written", () => {
    const { build, write } = setUp();
    build();
    const edited = write("b.c", "fn reader2");
    const second = build();
    expect(second.lowered).toEqual([edited]);
    expect(second.index.stats).toMatchObject({ cacheHits: 1, cacheMisses: 1, cacheRejected: 0 });
    expect(second.view.functionsNamed("reader2")).toHaveLength(1);
  });

  it("caches a refused file too, so a binary file is not parsed again on every run", () => {
    const { build, write } = setUp();
    write("blob.c", "\u0000\u0007");
    expect(build().view.limitation).toMatch(/blob\.c could not be parsed \(file looks binary\)/u);
    const second = build();
    expect(second.lowered).toEqual([]);
    expect(second.view.limitation).toMatch(/blob\.c could not be parsed/u);
  });

  it("keeps entries of another fingerprint apart", () => {
    const { root, cacheDirectory } = setUp();
    const file = path.join(root, "a.c");
    const ir = JSON.stringify(fakeLowerer().lowerFile(file, "fn writer"));
    new SummaryCache(cacheDirectory, FINGERPRINT).write(file, contentKey(FINGERPRINT, "fn writer"), ir);
    const other = "0".repeat(64);
    expect(new SummaryCache(cacheDirectory, other).read(file, contentKey(other, "fn writer")).status).toBe("miss");
  });

  const damages: [string, (entry: string) => void][] = [
    ["garbage bytes", (entry) => writeFileSync(entry, "\u0000\u00ff garbage, not an entry")],
    ["a truncated payload", (entry) => writeFileSync(entry, readFileSync(entry, "utf8").slice(0, -20))],
    ["an edited payload with the old hash", (entry) => writeFileSync(entry, readFileSync(entry, "utf8").replace("writer", "wrider"))],
    ["a well-hashed payload that is not a FileIR", (entry) => {
      const [header] = readFileSync(entry, "utf8").split("\n");
      const payload = JSON.stringify({ file: "elsewhere.c", functions: "none" });
      const fixed = { ...JSON.parse(header!), payloadHash: createHash("sha256").update(payload).digest("hex") };
      writeFileSync(entry, `${JSON.stringify(fixed)}\n${payload}`);
    }],
  ];
  for (const [damage, corrupt] of damages) {
    it(`rebuilds an entry holding ${damage} instead of trusting it`, () => {
      const { build, root, cacheDirectory } = setUp();
      build();
      const cache = new SummaryCache(cacheDirectory, FINGERPRINT);
      const entry = cache.entryPath(path.join(root, "a.c"));
      corrupt(entry);

      const second = build();
      expect(second.lowered).toEqual([path.join(root, "a.c")]);
      expect(second.index.stats).toMatchObject({ cacheHits: 1, cacheRejected: 1, parsed: 1 });
      expect(second.view.functionsNamed("writer")).toHaveLength(1);
      // The rebuilt entry is good again.
      expect(build().index.stats).toMatchObject({ cacheHits: 2, cacheRejected: 0 });
    });
  }
});

describe("atomic cache writes", () => {
  it("leaves neither a temp file nor a partial entry when the rename fails", () => {
    const { root, cacheDirectory } = setUp();
    const file = path.join(root, "a.c");
    const cache = new SummaryCache(cacheDirectory, FINGERPRINT);
    const entry = cache.entryPath(file);
    // A non-empty directory where the entry should go makes rename(2) fail.
    mkdirSync(path.join(entry, "blocker"), { recursive: true });

    const written = cache.write(file, contentKey(FINGERPRINT, "fn writer"), JSON.stringify(fakeLowerer().lowerFile(file, "fn writer")));
    expect(written).toBe(false);
    expect(listFiles(path.dirname(entry))).toEqual([]);
  });

  it("removes the temp file when writing it fails half-way, and keeps the old entry intact", () => {
    const { root, cacheDirectory } = setUp();
    const file = path.join(root, "a.c");
    const good = new SummaryCache(cacheDirectory, FINGERPRINT);
    const ir = JSON.stringify(fakeLowerer().lowerFile(file, "fn writer"));
    expect(good.write(file, contentKey(FINGERPRINT, "fn writer"), ir)).toBe(true);
    const before = readFileSync(good.entryPath(file), "utf8");

    const failingDisk = {
      ...nodeCacheFileSystem,
      writeNew(target: string, data: string) {
        writeFileSync(target, data.slice(0, data.length / 2), { flag: "wx" });
        throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
      },
    };
    const failing = new SummaryCache(cacheDirectory, FINGERPRINT, failingDisk);
    const newIR = JSON.stringify(fakeLowerer().lowerFile(file, "fn writer2"));
    expect(failing.write(file, contentKey(FINGERPRINT, "fn writer2"), newIR)).toBe(false);

    expect(listFiles(path.dirname(good.entryPath(file)))).toEqual([path.basename(good.entryPath(file))]);
    expect(readFileSync(good.entryPath(file), "utf8")).toBe(before);
    const lookup = good.read(file, contentKey(FINGERPRINT, "fn writer"));
    expect(lookup.status).toBe("hit");
  });

  it("counts a write failure and still serves the view from memory", () => {
    const project = makeProject({ "a.c": "fn writer" });
    projects.push(project);
    const unwritable = { ...nodeCacheFileSystem, makeDirectory() { throw Object.assign(new Error("read-only"), { code: "EROFS" }); } };
    const index = new IncrementalIndex({
      root: project.root, files: ["**/*.c"], ignores: [], lowerFile: fakeLowerer().lowerFile, fingerprint: FINGERPRINT,
      cache: new SummaryCache(path.join(project.root, "cache"), FINGERPRINT, unwritable),
    });
    expect(functionNames(index.view().files())).toEqual(["writer"]);
    expect(index.stats.cacheWriteFailures).toBe(1);
    expect(index.view().limitation).toBeUndefined();
  });
});
