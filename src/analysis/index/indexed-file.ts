import type { FileIR } from "../ir/function-ir.js";
import { isFileIRFor } from "./file-ir-shape.js";
import { describeError, type SourceFileSystem } from "./file-system.js";
import type { ProjectIndexStats } from "./index-stats.js";
import { contentKey } from "./lowering-fingerprint.js";
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
  contentKey?: string;
  fileIR?: FileIR;
  /** Length of the FileIR's JSON: what the memory budget counts (0 without IR). */
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
}

/**
 * Brings one file's record up to date. Cheap when nothing changed (one stat); the text is read only
 * when mtime or size moved, and lowered only when its content key is new to both memory and disk.
 * Never throws. `changed` says whether the view must be rebuilt; `file` is undefined when the file is
 * gone (deleted since the last scan), so that a deletion shows before the next rescan.
 */
export function refreshFile(path: string, previous: IndexedFile | undefined, loader: FileLoader): { file: IndexedFile | undefined; changed: boolean } {
  let stat: { mtimeMs: number; size: number };
  try {
    stat = loader.fs.stat(path);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === "ENOENT") return { file: undefined, changed: previous?.fileIR !== undefined };
    return failed({ path, mtimeMs: -1, size: -1, bytes: 0 }, `cannot be read (${describeError(error)})`, previous);
  }
  if (previous && previous.mtimeMs === stat.mtimeMs && previous.size === stat.size) return { file: previous, changed: false };
  const record = { path, mtimeMs: stat.mtimeMs, size: stat.size, bytes: 0 };
  if (stat.size > loader.maxFileBytes) return failed(record, `is larger than ${loader.maxFileBytes} bytes`, previous);

  let text: string;
  try {
    text = loader.fs.readText(path);
  } catch (error) {
    return failed(record, `cannot be read (${describeError(error)})`, previous);
  }
  const key = contentKey(loader.fingerprint, text);
  // Touched but not edited (a checkout, `touch`, an editor's save without changes).
  if (previous?.fileIR && previous.contentKey === key) {
    return { file: { ...previous, mtimeMs: stat.mtimeMs, size: stat.size }, changed: false };
  }

  const result = cachedOrLowered(path, text, key, loader);
  if (typeof result === "string") return failed(record, result, previous);
  const rejected = rejectionOf(result.fileIR);
  if (rejected !== undefined) return failed(record, `could not be parsed (${rejected})`, previous);
  return { file: { ...record, contentKey: key, ...result }, changed: true };
}

/**
 * The FileIR from the disk cache, or from the front-end (then written to the cache); a string says why
 * neither worked. Either way the IR kept is parsed back from its JSON: plain data that holds on to
 * nothing else (a name sliced out of the source text would otherwise keep the whole text alive: on
 * QEMU a fifth of the index's memory), and the same in memory whether it came from disk or not.
 */
function cachedOrLowered(path: string, text: string, key: string, loader: FileLoader): { fileIR: FileIR; bytes: number } | string {
  const { cache, stats } = loader;
  if (cache) {
    const lookup = cache.read(path, key);
    if (lookup.status === "hit") {
      stats.cacheHits++;
      return { fileIR: lookup.fileIR, bytes: lookup.bytes };
    }
    stats.cacheMisses++;
    if (lookup.status === "rejected") stats.cacheRejected++;
  }
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
  if (cache && !cache.write(path, key, payload)) stats.cacheWriteFailures++;
  return { fileIR: sharePathString(JSON.parse(payload) as FileIR, path), bytes: payload.length };
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
