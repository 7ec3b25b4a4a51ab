import { hostname } from "node:os";
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { CacheFileSystem } from "./file-system.js";
import { processIsRunning, removeLeftovers } from "./stale-temporaries.js";

/** A claim older than this belongs to a writer that is gone, whatever its process id says. */
export const STALE_CLAIM_AGE_MS = 10 * 60_000;
/** A claim is filled in microseconds after it is created; an empty one older than this was abandoned. */
const EMPTY_CLAIM_AGE_MS = 2_000;

export interface ClaimOptions {
  now?: number;
  /** Whether a process id is alive (default: `process.kill(pid, 0)`); injectable for tests. */
  isRunning?: (pid: number) => boolean;
}

/** `<pid> <thread id> <host>`: the writer of a claim, so that another can tell whether it is still alive. */
function ownerOfThisThread(): string {
  return `${process.pid} ${threadId} ${hostname()}`;
}

/**
 * Claims the right to lower one file and write its entry, across threads and processes: a `.claim`
 * file created exclusively next to the entry. Returns the release, or undefined while a live writer
 * holds it. A claim whose process is gone (killed), or older than `STALE_CLAIM_AGE_MS` (a writer on
 * another machine sharing the directory, a worker thread terminated while lowering), is taken over. When claims cannot be made at all
 * (a read-only directory), the entry is built anyway: the cache's atomic rename keeps it whole.
 */
export function claimEntry(entry: string, fs: CacheFileSystem, options: ClaimOptions = {}): (() => void) | undefined {
  const claim = `${entry}.claim`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createClaim(claim, fs);
      return () => removeQuietly(claim, fs);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== "EEXIST") return () => {};
      if (!claimIsStale(claim, fs, options)) return undefined;
      removeQuietly(claim, fs);
    }
  }
  return undefined;
}

/** Creates the claim file, and its directory when it is the first entry of its shard. */
function createClaim(claim: string, fs: CacheFileSystem): void {
  try {
    fs.writeNew(claim, ownerOfThisThread());
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== "ENOENT") throw error;
    fs.makeDirectory(path.dirname(claim));
    fs.writeNew(claim, ownerOfThisThread());
  }
}

/**
 * Removes the claims writers left behind when killed after their entry was written (a claim is
 * otherwise taken over only when its entry is wanted again). Never throws; returns how many.
 */
export function removeStaleClaims(entriesDirectory: string, fs: CacheFileSystem, options: ClaimOptions = {}): number {
  return removeLeftovers(entriesDirectory, fs, (file, name) => isStaleClaim(file, name, fs, options));
}

/** Whether `name` is an entry's claim whose writer is gone (see `claimEntry`). */
export function isStaleClaim(file: string, name: string, fs: CacheFileSystem, options: ClaimOptions = {}): boolean {
  return name.endsWith(".claim") && claimIsStale(file, fs, options);
}

function claimIsStale(claim: string, fs: CacheFileSystem, options: ClaimOptions): boolean {
  try {
    const fields = fs.readText(claim).split(" ");
    const age = (options.now ?? Date.now()) - fs.modifiedMs(claim);
    if (age > STALE_CLAIM_AGE_MS) return true;
    // "pid thread host"; before threads were named, "pid host".
    const [pid, thread, host] = fields.length === 2 ? [fields[0], undefined, fields[1]] : fields;
    // Not a whole owner: its writer was killed between creating and filling it, or is filling it this instant.
    if (!pid || host === undefined || host === "") return age > EMPTY_CLAIM_AGE_MS;
    if (host !== hostname()) return false;
    // This very thread holds no claim outside `cachedOrLowered`: its own claim is a leftover. Another
    // thread of this process is alive while the process is (a claim it left when terminated ages out).
    if (Number(pid) === process.pid) return thread === undefined || Number(thread) === threadId;
    return !(options.isRunning ?? processIsRunning)(Number(pid));
  } catch {
    // Released meanwhile, or half written by a writer killed this instant: try again.
    return true;
  }
}

function removeQuietly(file: string, fs: CacheFileSystem): void {
  try {
    fs.remove(file);
  } catch {
    // Already gone.
  }
}
