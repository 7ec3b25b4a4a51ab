import { existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { claimEntry, removeStaleClaims } from "../../../src/analysis/index/entry-claims.js";
import { nodeCacheFileSystem, nodeSourceFileSystem } from "../../../src/analysis/index/file-system.js";
import { IncrementalIndex } from "../../../src/analysis/index/incremental-index.js";
import { emptyStats } from "../../../src/analysis/index/index-stats.js";
import { refreshFile, type FileLoader } from "../../../src/analysis/index/indexed-file.js";
import { contentKey } from "../../../src/analysis/index/lowering-fingerprint.js";
import { SummaryCache } from "../../../src/analysis/index/summary-cache.js";
import { fakeLowerer, functionNames, makeProject } from "./index-fixtures.js";

const projects: { remove(): void }[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

const FINGERPRINT = "c".repeat(64);

function setUp() {
  const project = makeProject({ "a.c": "fn writer", "b.c": "fn reader" });
  projects.push(project);
  const cache = new SummaryCache(path.join(project.root, "cache"), FINGERPRINT);
  const lowerer = fakeLowerer();
  const loader = (busyWaitLimitMs?: number): FileLoader => ({
    fs: nodeSourceFileSystem, cache, fingerprint: FINGERPRINT, lowerFile: lowerer.lowerFile, maxFileBytes: 1 << 20,
    stats: emptyStats(project.root), hashModifiedSinceMs: Number.POSITIVE_INFINITY,
    ...(busyWaitLimitMs !== undefined ? { busyWaitLimitMs } : {}),
  });
  const file = (name: string) => path.join(project.root, name);
  /** A claim on `name`'s entry as another live writer on this machine would leave it. */
  const foreignClaim = (name: string, owner = `${process.ppid} 0 ${hostname()}`) => {
    const claim = `${cache.entryPath(file(name))}.claim`;
    nodeCacheFileSystem.makeDirectory(path.dirname(claim));
    writeFileSync(claim, owner);
    return claim;
  };
  return { ...project, cache, lowerer, loader, file, foreignClaim };
}

describe("entry claims", () => {
  it("lets one writer at a time claim an entry, and releases it", () => {
    const { cache, file } = setUp();
    const release = cache.claim(file("a.c"));
    expect(release).toBeDefined();
    const claim = `${cache.entryPath(file("a.c"))}.claim`;
    expect(readFileSync(claim, "utf8")).toMatch(/^\d+ \d+ \S+$/u);
    // The same thread's own claim is a leftover (it holds none outside a lowering): taken over.
    const again = cache.claim(file("a.c"));
    expect(again).toBeDefined();
    again!();
    expect(existsSync(claim)).toBe(false);
    release!();
  });

  it("respects a live writer's claim and takes over a dead one's", () => {
    const { cache, file, foreignClaim } = setUp();
    foreignClaim("a.c");
    expect(claimEntry(cache.entryPath(file("a.c")), nodeCacheFileSystem)).toBeUndefined();
    const takenOver = claimEntry(cache.entryPath(file("a.c")), nodeCacheFileSystem, { isRunning: () => false });
    expect(takenOver).toBeDefined();
    takenOver!();
    // Another thread of this process: alive while the process is.
    const otherThread = foreignClaim("b.c", `${process.pid} ${1_000_000} ${hostname()}`);
    expect(cache.claim(file("b.c"))).toBeUndefined();
    expect(removeStaleClaims(cache.directory, nodeCacheFileSystem)).toBe(0);
    unlinkSync(otherThread);
    // A writer killed after writing its entry: its claim is removed when the cache is opened again.
    const dead = foreignClaim("b.c", `${process.ppid} 0 ${hostname()}`);
    expect(removeStaleClaims(cache.directory, nodeCacheFileSystem, { isRunning: () => false })).toBe(1);
    expect(existsSync(dead)).toBe(false);
  });

  it("answers busy for a file another writer is lowering, or waits a bounded time and lowers it", () => {
    const { loader, file, foreignClaim, lowerer } = setUp();
    foreignClaim("a.c");
    const deferred = refreshFile(file("a.c"), undefined, loader(), "defer");
    expect(deferred.busy).toBe(true);
    expect(lowerer.lowered).toEqual([]);
    const started = Date.now();
    const waited = refreshFile(file("a.c"), undefined, loader(150), "wait");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(waited.busy).toBeUndefined();
    expect(functionNames([waited.file!.fileIR!])).toEqual(["writer"]);
    expect(lowerer.lowered).toEqual([file("a.c")]);
  });

  it("waits for the entry another thread is writing instead of lowering the file too", async () => {
    const { cache, loader, file, lowerer } = setUp();
    // The entry the other writer will put in place, made here and moved aside.
    const text = readFileSync(file("a.c"), "utf8");
    const other = loader();
    refreshFile(file("a.c"), undefined, other);
    const entry = cache.entryPath(file("a.c"));
    const entryText = readFileSync(entry, "utf8");
    unlinkSync(entry);
    lowerer.lowered.length = 0;
    expect(cache.read(file("a.c"), contentKey(FINGERPRINT, text)).status).toBe("miss");

    const worker = new Worker(`
      const { parentPort, workerData, threadId } = require("node:worker_threads");
      const fs = require("node:fs");
      const os = require("node:os");
      fs.writeFileSync(workerData.entry + ".claim", process.pid + " " + threadId + " " + os.hostname(), { flag: "wx" });
      parentPort.postMessage("claimed");
      setTimeout(() => {
        fs.writeFileSync(workerData.entry + ".tmp", workerData.entryText);
        fs.renameSync(workerData.entry + ".tmp", workerData.entry);
        fs.unlinkSync(workerData.entry + ".claim");
        parentPort.postMessage("written");
      }, 300);
    `, { eval: true, workerData: { entry, entryText } });
    try {
      await new Promise((resolve) => worker.once("message", resolve));
      const mine = loader();
      const result = refreshFile(file("a.c"), undefined, mine, "wait");
      expect(functionNames([result.file!.fileIR!])).toEqual(["writer"]);
      expect(lowerer.lowered).toEqual([]);
      expect(mine.stats.cacheHits).toBe(1);
    } finally {
      await worker.terminate();
    }
  });

  it("lowers the other files first and comes back to a busy one", () => {
    const { root, cache, lowerer, foreignClaim } = setUp();
    foreignClaim("a.c");
    const index = new IncrementalIndex({
      root, files: ["**/*.c"], ignores: ["cache/**"], lowerFile: lowerer.lowerFile, fingerprint: FINGERPRINT, cache,
      threadId: 1, busyWaitLimitMs: 100,
    });
    expect(functionNames(index.view().files())).toEqual(["writer", "reader"]);
    expect(lowerer.lowered.map((lowered) => path.basename(lowered))).toEqual(["b.c", "a.c"]);
  });
});
