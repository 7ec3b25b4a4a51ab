import path from "node:path";
import { threadId } from "node:worker_threads";
import type { FileIR } from "../ir/function-ir.js";
import { compactPayload, expandPayload } from "./compact-payload.js";
import { isFileIRFor } from "./file-ir-shape.js";
import { nodeCacheFileSystem, type CacheFileSystem } from "./file-system.js";
import { claimEntry, isStaleClaim } from "./entry-claims.js";
import { CACHE_FORMAT, sha256 } from "./lowering-fingerprint.js";
import { isStaleTemporary, removeLeftovers } from "./stale-temporaries.js";

/** The first line of an entry; the FileIR, as `compactPayload` writes it, follows on the next line. */
interface EntryHeader {
  format: number;
  fingerprint: string;
  file: string;
  contentKey: string;
  /** sha256 of the payload text: a truncated or damaged entry fails this check and is rebuilt. */
  payloadHash: string;
  /** sha256 and length of the FileIR's plain JSON (`JSON.stringify`), which the payload is a compact form of. */
  irHash: string;
  irBytes: number;
}

export type CacheLookup =
  /**
   * `bytes`: the length of the IR's plain JSON, the index's measure of its memory; `irHash`: its sha256
   * (see `indexedCopyIfSame`).
   */
  | { status: "hit"; fileIR: FileIR; bytes: number; irHash: string }
  | { status: "miss" }
  /** An entry was there but failed validation; it will be overwritten. */
  | { status: "rejected"; reason: string };

let temporaryCounter = 0;

/**
 * FileIR on disk, one entry per source file (named by a hash of its path), valid only for the content
 * key it records. Keying the entry by path rather than content keeps the directory's size bounded by
 * the project's file count: an edited file overwrites its entry instead of adding one. Every entry is
 * checked before use; a bad one is reported as `rejected`, never trusted.
 */
export class SummaryCache {
  readonly directory: string;

  constructor(
    cacheDirectory: string,
    private readonly fingerprint: string,
    private readonly fs: CacheFileSystem = nodeCacheFileSystem,
  ) {
    // One subdirectory per fingerprint: another plugin version or dialect set never reads these
    // entries, and removing a stale subdirectory is the whole of cleaning up.
    this.directory = path.join(cacheDirectory, `v${CACHE_FORMAT}-${fingerprint.slice(0, 16)}`);
    // What killed writers left (temp files, claims), in one listing of the directory.
    let temporaries = 0;
    let claims = 0;
    removeLeftovers(this.directory, fs, (file, name) => {
      if (isStaleTemporary(file, name, fs)) return ++temporaries > 0;
      return isStaleClaim(file, name, fs) && ++claims > 0;
    });
    this.removedTemporaries = temporaries;
    this.removedClaims = claims;
  }

  /** Temp files of killed writers removed when the cache was opened. */
  readonly removedTemporaries: number;
  /** Claims of killed writers removed when the cache was opened (see `claim`). */
  readonly removedClaims: number;

  /**
   * Claims the right to lower `file` and write its entry (see `claimEntry`): the release, or undefined
   * while another thread or process is lowering it.
   */
  claim(file: string): (() => void) | undefined {
    return claimEntry(this.entryPath(file), this.fs);
  }

  entryPath(file: string): string {
    const name = sha256(file);
    return path.join(this.directory, name.slice(0, 2), `${name}.json`);
  }

  read(file: string, contentKey: string): CacheLookup {
    let text: string;
    try {
      text = this.fs.readText(this.entryPath(file));
    } catch {
      return { status: "miss" };
    }
    return parseEntry(text, { fingerprint: this.fingerprint, file, contentKey });
  }

  /**
   * Writes the entry atomically: to a temp file of a unique name, then renamed over the entry, so a
   * reader (another worker thread, another process) sees the old entry or the new one, never half of
   * one. On failure the temp file is removed and false is returned; the index works without the cache.
   * `json` is the FileIR's JSON (`JSON.stringify(fileIR)`) and `fileIR` the FileIR itself (parsed from
   * `json` when not given), which the index has at hand anyway; the entry stores `compactPayload`'s form.
   */
  write(file: string, contentKey: string, json: string, irHash = sha256(json), fileIR?: FileIR): boolean {
    const entry = this.entryPath(file);
    const temporary = `${entry}.${process.pid}-${threadId}-${++temporaryCounter}.tmp`;
    try {
      const payload = compactPayload(fileIR ?? JSON.parse(json) as FileIR);
      const header: EntryHeader = {
        format: CACHE_FORMAT, fingerprint: this.fingerprint, file, contentKey, payloadHash: sha256(payload), irHash, irBytes: json.length,
      };
      this.fs.makeDirectory(path.dirname(entry));
      this.fs.writeNew(temporary, `${JSON.stringify(header)}\n${payload}`);
      this.fs.rename(temporary, entry);
      return true;
    } catch {
      try {
        this.fs.remove(temporary);
      } catch {
        // Nothing was created, or it is already gone.
      }
      return false;
    }
  }
}

function parseEntry(text: string, expected: Pick<EntryHeader, "fingerprint" | "file" | "contentKey">): CacheLookup {
  const newline = text.indexOf("\n");
  if (newline < 0) return { status: "rejected", reason: "no header line" };
  let header: Partial<EntryHeader>;
  try {
    header = JSON.parse(text.slice(0, newline)) as Partial<EntryHeader>;
  } catch {
    return { status: "rejected", reason: "header is not JSON" };
  }
  if (typeof header !== "object" || header === null) return { status: "rejected", reason: "header is not an object" };
  if (header.format !== CACHE_FORMAT || header.fingerprint !== expected.fingerprint || header.file !== expected.file) {
    return { status: "rejected", reason: "entry belongs to another format, configuration or file" };
  }
  // The source changed since the entry was written: an ordinary miss, not damage.
  if (header.contentKey !== expected.contentKey) return { status: "miss" };
  const payload = text.slice(newline + 1);
  if (header.payloadHash !== sha256(payload)) return { status: "rejected", reason: "payload hash mismatch" };
  if (typeof header.irHash !== "string" || typeof header.irBytes !== "number") return { status: "rejected", reason: "header lacks the IR's hash" };
  let fileIR: unknown;
  try {
    fileIR = expandPayload(JSON.parse(payload) as unknown, expected.file);
  } catch {
    return { status: "rejected", reason: "payload is not JSON" };
  }
  if (!isFileIRFor(fileIR, expected.file)) return { status: "rejected", reason: "payload is not a FileIR" };
  return { status: "hit", fileIR, bytes: header.irBytes, irHash: header.irHash };
}
