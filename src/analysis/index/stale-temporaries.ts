import path from "node:path";
import type { CacheFileSystem } from "./file-system.js";

/**
 * A temp file older than this is left over whoever wrote it: a write takes milliseconds. This also
 * covers a writer on another machine sharing the cache directory, whose process id means nothing here.
 */
export const STALE_TEMPORARY_AGE_MS = 10 * 60_000;

/** `<entry>.json.<pid>-<thread id>-<counter>.tmp`, as `SummaryCache.write` names its temp files. */
const TEMPORARY_NAME = /\.json\.(\d+)-\d+-\d+\.tmp$/u;

export interface StaleTemporaryOptions {
  now?: number;
  /** Whether a process id is alive (default: `process.kill(pid, 0)`); injectable for tests. */
  isRunning?: (pid: number) => boolean;
}

/**
 * Removes the temp files a killed writer left in a cache directory (`kill -9` between the write and
 * the rename): those whose writer process is gone, and any older than `STALE_TEMPORARY_AGE_MS`. A temp
 * file of this very process is judged by age only, since another of its threads may be writing it.
 * Never throws; returns how many were removed.
 */
export function removeStaleTemporaries(directory: string, fs: CacheFileSystem, options: StaleTemporaryOptions = {}): number {
  return removeLeftovers(directory, fs, (file, name) => isStaleTemporary(file, name, fs, options));
}

/**
 * Whether `name` is a temp file of `SummaryCache.write` whose writer is gone or that is older than
 * `STALE_TEMPORARY_AGE_MS`. Never throws (a file renamed or removed meanwhile is not stale).
 */
export function isStaleTemporary(file: string, name: string, fs: CacheFileSystem, options: StaleTemporaryOptions = {}): boolean {
  const match = TEMPORARY_NAME.exec(name);
  if (!match) return false;
  const pid = Number(match[1]);
  try {
    const writerGone = pid !== process.pid && !(options.isRunning ?? processIsRunning)(pid);
    return writerGone || (options.now ?? Date.now()) - fs.modifiedMs(file) > STALE_TEMPORARY_AGE_MS;
  } catch {
    return false;
  }
}

/**
 * Lists a cache directory's shards once and removes every file `isStale` judges left over by a
 * killed writer. Never throws; returns how many were removed.
 */
export function removeLeftovers(directory: string, fs: CacheFileSystem, isStale: (file: string, name: string) => boolean): number {
  let removed = 0;
  for (const shard of listOrNothing(directory, fs)) {
    const shardDirectory = path.join(directory, shard);
    for (const name of listOrNothing(shardDirectory, fs)) {
      const file = path.join(shardDirectory, name);
      if (!isStale(file, name)) continue;
      try {
        fs.remove(file);
        removed++;
      } catch {
        // Renamed or removed by its writer or another process meanwhile.
      }
    }
  }
  return removed;
}

function listOrNothing(directory: string, fs: CacheFileSystem): string[] {
  try {
    return fs.list(directory);
  } catch {
    return [];
  }
}

/** Whether a process of this machine with that id is alive (the default of both kinds of leftover). */
export function processIsRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: unknown }).code === "EPERM";
  }
}
