import type { FileIR } from "../ir/function-ir.js";
import { textHash } from "../ir/text-hash.js";
import { isFileIRFor } from "./file-ir-shape.js";
import { describeError, type SourceFileSystem } from "./file-system.js";
import type { ProjectIndexStats } from "./index-stats.js";
import { contentKey, sha256 } from "./lowering-fingerprint.js";
import { recordPayloadHash } from "./payload-hash.js";
import { sharePathString } from "./share-path-string.js";
import type { SummaryCache } from "./summary-cache.js";

/** Lowers one file's text to its IR. The index never sees syntax trees, only what this returns. */
export type LowerFile = (file: string, text: string) => FileIR;

/** What the index remembers of one file: its stat when read, and its IR or why it has none. */
export interface IndexedFile {
  path: string;
  /** -1 when the file could not be stat'ed. */
  mtimeMs: number;
  size: number;
  ctimeMs?: number;
  /** The key of the text last read, whether it lowered or failed. */
  contentKey?: string;
  fileIR?: FileIR;
  /** Length of the FileIR's JSON (0 without IR), for the stats. */
  bytes: number;
  /** Why the file is not in the view ("EACCES", "could not be lowered: ..."). */
  failure?: string;
}

export interface FileLoader {
  fs: SourceFileSystem;
  cache: SummaryCache | undefined;
  fingerprint: string;
  lowerFile: LowerFile;
  maxFileBytes: number;
  stats: ProjectIndexStats;
  /**
   * Wall-clock ms: a file whose mtime is at or after this is read and hashed at every re-check even
   * when its stat did not move (see `mayHideEdits`).
   */
  hashModifiedSinceMs: number;
  /** How long to wait for an entry another writer is lowering (default `BUSY_WAIT_LIMIT_MS`). */
  busyWaitLimitMs?: number;
}

/**
 * Whether an unchanged stat may hide an edit. A file modified since the process started (less the
 * coarsest timestamp granularity, FAT's 2 s) may have been written again within one timestamp tick,
 * or by a tool that puts the mtime back, with the same size: its content is checked by hash. An older
 * file is trusted on its stat, as `git status` does: an edit that keeps mtime, ctime and size of a
 * file last modified before the process started is not seen until the process restarts.
 */
function mayHideEdits(previous: IndexedFile, loader: FileLoader): boolean {
  return previous.mtimeMs >= loader.hashModifiedSinceMs;
}

/**
 * Brings one file's record up to date. Cheap when nothing changed (one stat); the text is read only
 * when mtime, size or ctime moved or the file is young (`mayHideEdits`), and lowered only when its
 * content key is new to both memory and disk.
 * Never throws. `changed` says whether the view must be rebuilt; `file` is undefined when the file is
 * gone (deleted since the last scan), so that a deletion shows before the next rescan.
 */
export function refreshFile(
  path: string, previous: IndexedFile | undefined, loader: FileLoader, onBusy: OnBusy = "wait",
): { file: IndexedFile | undefined; changed: boolean; busy?: true } {
  let stat: { mtimeMs: number; size: number; ctimeMs?: number };
  try {
    stat = loader.fs.stat(path);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === "ENOENT") return { file: undefined, changed: previous?.fileIR !== undefined };
    return failed({ path, mtimeMs: -1, size: -1, bytes: 0 }, `cannot be read (${describeError(error)})`, previous);
  }
  const sameStat = previous && previous.mtimeMs === stat.mtimeMs && previous.size === stat.size && previous.ctimeMs === stat.ctimeMs;
  // A lowering that read other files (a TS/JS module's imports) is as stale as the newest of them.
  // They are read only when the file's own checks would keep its IR, and at most once.
  let staleInputs: boolean | undefined;
  const inputsMoved = (): boolean => (staleInputs ??= previous?.fileIR !== undefined && inputsChanged(previous.fileIR, loader.fs));
  if (sameStat && !mayHideEdits(previous, loader) && !inputsMoved()) return { file: previous, changed: false };
  const record: IndexedFile = { path, mtimeMs: stat.mtimeMs, size: stat.size, ...(stat.ctimeMs !== undefined ? { ctimeMs: stat.ctimeMs } : {}), bytes: 0 };
  if (stat.size > loader.maxFileBytes) return failed(record, `is larger than ${loader.maxFileBytes} bytes`, previous);

  let text: string;
  try {
    text = loader.fs.readText(path);
  } catch (error) {
    return failed(record, `cannot be read (${describeError(error)})`, previous);
  }
  const key = contentKey(loader.fingerprint, text);
  // Touched but not edited (a checkout, `touch`, an editor's save without changes), or a young file
  // re-read by `mayHideEdits`: whether it lowered or failed, the same text gives the same result.
  if (previous?.contentKey === key && (previous.fileIR !== undefined || previous.failure !== undefined) && !inputsMoved()) {
    return { file: { ...previous, mtimeMs: record.mtimeMs, size: record.size, ctimeMs: record.ctimeMs }, changed: false };
  }

  const keyed = { ...record, contentKey: key };
  const result = cachedOrLowered(path, text, key, loader, onBusy);
  if (result === BUSY) return { file: previous, changed: false, busy: true };
  if (typeof result === "string") return failed(keyed, result, previous);
  const rejected = rejectionOf(result.fileIR);
  if (rejected !== undefined) return failed(keyed, `could not be parsed (${rejected})`, previous);
  return { file: { ...keyed, ...result }, changed: true };
}

/**
 * What `refreshFile` does when another thread or process is lowering the same file right now (it holds
 * the entry's claim): wait for its entry, or answer `busy` at once so that the caller asks again later.
 */
export type OnBusy = "wait" | "defer";

const BUSY = Symbol("busy");
/** How often a waiting reader looks for the entry another writer is lowering. */
export const BUSY_POLL_MS = 50;
/**
 * A reader stops waiting for another writer's entry after this long and lowers the file itself (the
 * atomic rename keeps the entry whole whoever writes last): the other writer may be a worker thread
 * terminated mid-file, whose claim only ages out after `STALE_CLAIM_AGE_MS`.
 */
export const BUSY_WAIT_LIMIT_MS = 30_000;

/**
 * The FileIR from the disk cache, or from the front-end (then written to the cache); a string says why
 * neither worked. Either way the IR kept is parsed back from its JSON: plain data that holds on to
 * nothing else (a name sliced out of the source text would otherwise keep the whole text alive: on
 * QEMU a fifth of the index's memory), and the same in memory whether it came from disk or not.
 * Before lowering, the entry is claimed (`SummaryCache.claim`), so that two threads or processes
 * sharing the cache (ESLint's `--concurrency` workers, `eslint-barriers index`, another ESLint) never
 * lower the same file at once: the one that finds the claim waits for the entry, or says `BUSY`.
 */
function cachedOrLowered(path: string, text: string, key: string, loader: FileLoader, onBusy: OnBusy): { fileIR: FileIR; bytes: number } | string | typeof BUSY {
  const { cache, stats } = loader;
  if (!cache) return lowered(path, text, key, loader);
  const hit = cacheHit(path, key, loader);
  if (hit) return hit;
  stats.cacheMisses++;
  const waitUntil = Date.now() + (loader.busyWaitLimitMs ?? BUSY_WAIT_LIMIT_MS);
  for (let waited = false; ; waited = true) {
    const release = cache.claim(path);
    if (release) {
      try {
        // The writer waited for may have finished just before this claim.
        return (waited ? cacheHit(path, key, loader) : undefined) ?? lowered(path, text, key, loader);
      } finally {
        release();
      }
    }
    if (onBusy === "defer") return BUSY;
    if (Date.now() >= waitUntil) return lowered(path, text, key, loader);
    sleep(BUSY_POLL_MS);
    const written = cacheHit(path, key, loader);
    if (written) return written;
  }
}

/** The entry of `path` for this text when the cache holds a valid one, counted as a hit. */
function cacheHit(path: string, key: string, loader: FileLoader): { fileIR: FileIR; bytes: number } | undefined {
  const { cache, stats } = loader;
  const lookup = cache!.read(path, key);
  // The entry is keyed by the file's own text; the other files its lowering read are checked here.
  if (lookup.status === "hit" && !inputsChanged(lookup.fileIR, loader.fs)) {
    stats.cacheHits++;
    recordPayloadHash(lookup.fileIR, lookup.irHash);
    return { fileIR: lookup.fileIR, bytes: lookup.bytes };
  }
  if (lookup.status === "rejected") stats.cacheRejected++;
  return undefined;
}

/** Lowers the file with the front-end and writes its entry. */
function lowered(path: string, text: string, key: string, loader: FileLoader): { fileIR: FileIR; bytes: number } | string {
  const { cache, stats } = loader;
  let fileIR: FileIR;
  try {
    stats.parsed++;
    fileIR = loader.lowerFile(path, text);
  } catch (error) {
    return `could not be lowered (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isFileIRFor(fileIR, path)) return "could not be lowered (the front-end returned a malformed FileIR)";
  let payload: string;
  try {
    payload = JSON.stringify(fileIR);
  } catch (error) {
    return `could not be lowered (its IR is not plain data: ${error instanceof Error ? error.message : String(error)})`;
  }
  const payloadHash = sha256(payload);
  const kept = sharePathString(JSON.parse(payload) as FileIR, path);
  if (cache && !cache.write(path, key, payload, payloadHash, kept)) stats.cacheWriteFailures++;
  recordPayloadHash(kept, payloadHash);
  return { fileIR: kept, bytes: payload.length };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread (the index is synchronous: ESLint's rules are). */
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Whether a file the lowering read (`FileIR.inputs`) now has other text, or cannot be read. */
function inputsChanged(fileIR: FileIR, fs: SourceFileSystem): boolean {
  for (const input of fileIR.inputs ?? []) {
    try {
      if (textHash(fs.readText(input.path)) !== input.hash) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * A front-end that refuses a file (binary, too large) returns an empty FileIR whose diagnostics say why;
 * it is cached like any other result, but the file counts as unreadable, not as a file without functions.
 */
function rejectionOf(fileIR: FileIR): string | undefined {
  const { rejected } = fileIR.diagnostics as { rejected?: unknown };
  return typeof rejected === "string" ? rejected : undefined;
}

function failed(record: IndexedFile, failure: string, previous: IndexedFile | undefined): { file: IndexedFile; changed: boolean } {
  const changed = previous === undefined || previous.fileIR !== undefined || previous.failure !== failure;
  return { file: { ...record, failure }, changed };
}
