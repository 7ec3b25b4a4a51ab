import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { nodeCacheFileSystem } from "../../../src/analysis/index/file-system.js";
import { SummaryCache } from "../../../src/analysis/index/summary-cache.js";

const FINGERPRINT = "e".repeat(64);
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** The id of a process that has just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

/** A cache directory holding one finished entry and the temp files a writer of `pid` left next to it. */
function cacheWithTemporaries(temporaries: Record<string, { pid: number; ageMs: number }>) {
  const cacheDirectory = mkdtempSync(path.join(tmpdir(), "barriers-cache-"));
  directories.push(cacheDirectory);
  const probe = new SummaryCache(cacheDirectory, FINGERPRINT);
  const entry = probe.entryPath("/project/a.c");
  mkdirSync(path.dirname(entry), { recursive: true });
  writeFileSync(entry, "{}\n{}");
  const paths: Record<string, string> = {};
  for (const [label, { pid, ageMs }] of Object.entries(temporaries)) {
    const file = `${probe.entryPath(`/project/${label}.c`)}.${pid}-0-1.tmp`;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "half an entry");
    const at = (Date.now() - ageMs) / 1000;
    utimesSync(file, at, at);
    paths[label] = file;
  }
  return { cacheDirectory, entry, paths };
}

describe("temp files left by a killed writer", () => {
  it("are removed when the cache opens if their writer is gone or they are old; others stay", () => {
    const { cacheDirectory, entry, paths } = cacheWithTemporaries({
      dead: { pid: deadPid(), ageMs: 1_000 },
      oldAlive: { pid: process.ppid, ageMs: 60 * 60_000 },
      freshAlive: { pid: process.ppid, ageMs: 1_000 },
      freshOwn: { pid: process.pid, ageMs: 1_000 },
    });
    const cache = new SummaryCache(cacheDirectory, FINGERPRINT);
    expect(cache.removedTemporaries).toBe(2);
    expect(existsSync(paths.dead!)).toBe(false);
    expect(existsSync(paths.oldAlive!)).toBe(false);
    expect(existsSync(paths.freshAlive!)).toBe(true);
    expect(existsSync(paths.freshOwn!)).toBe(true);
    expect(existsSync(entry)).toBe(true);
  });

  it("leaves alone files that only look like temp files and directories of other formats", () => {
    const { cacheDirectory, paths } = cacheWithTemporaries({ dead: { pid: deadPid(), ageMs: 1_000 } });
    const other = path.join(cacheDirectory, "v1-0000000000000000", "ab", "x.json.1-0-1.tmp");
    mkdirSync(path.dirname(other), { recursive: true });
    writeFileSync(other, "");
    const notOurs = path.join(path.dirname(paths.dead!), "notes.tmp");
    writeFileSync(notOurs, "");
    new SummaryCache(cacheDirectory, FINGERPRINT);
    expect(existsSync(paths.dead!)).toBe(false);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(notOurs)).toBe(true);
  });

  it("opens a cache that does not exist yet, or cannot be listed, without throwing", () => {
    const cacheDirectory = path.join(tmpdir(), "barriers-cache-absent", String(process.pid));
    expect(new SummaryCache(cacheDirectory, FINGERPRINT).removedTemporaries).toBe(0);
    const unlistable = { ...nodeCacheFileSystem, list: () => { throw Object.assign(new Error("denied"), { code: "EACCES" }); } };
    expect(new SummaryCache(cacheDirectory, FINGERPRINT, unlistable).removedTemporaries).toBe(0);
    expect(readdirSync(tmpdir()).includes("barriers-cache-absent")).toBe(false);
  });
});
