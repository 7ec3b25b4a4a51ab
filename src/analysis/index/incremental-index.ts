import { threadId } from "node:worker_threads";
import { projectViewOf, type ProjectView } from "../project-view.js";
import { compareCodeUnits } from "./code-unit-order.js";
import { discoverFiles } from "./discover-files.js";
import { nodeSourceFileSystem, describeError, type SourceFileSystem } from "./file-system.js";
import { describeLimitation } from "./index-limitation.js";
import { HeapGuard, type HeapUsage } from "./heap-guard.js";
import { emptyStats, type ProjectIndexStats } from "./index-stats.js";
import { refreshFile, type FileLoader, type IndexedFile, type LowerFile, type OnBusy } from "./indexed-file.js";
import { loadOrder } from "./load-order.js";
import type { SummaryCache } from "./summary-cache.js";

export interface IncrementalIndexOptions {
  root: string;
  files: readonly string[];
  ignores: readonly string[];
  lowerFile: LowerFile;
  /** Files the front-ends can lower outside ESLint; the others are counted and left out. Default: all. */
  canLower?: (file: string) => boolean;
  /** Content-key fingerprint of the lowering options (see `loweringFingerprint`). */
  fingerprint: string;
  cache?: SummaryCache | undefined;
  fs?: SourceFileSystem;
  /** Milliseconds on a monotonic clock; injectable so tests can move time without sleeping. */
  now?: () => number;
  /** Decides where this thread starts lowering (see `loadOrder`). Default: the worker thread's id. */
  threadId?: number;
  maxFiles?: number;
  maxFileBytes?: number;
  /** The heap in use and its limit, in bytes (default: V8's); injectable so tests can run out of memory. */
  heapUsage?: () => HeapUsage;
  recheckIntervalMs?: number;
  rescanIntervalMs?: number;
  /** Wall-clock ms when the process started (default `performance.timeOrigin`); see `mayHideEdits`. */
  startedAtMs?: number;
  settingsProblems?: readonly string[];
  /** How long to wait for a file another writer is lowering before lowering it here (see `BUSY_WAIT_LIMIT_MS`). */
  busyWaitLimitMs?: number;
}

/** Beyond this many files the index reads the first ones in path order and says so. */
export const DEFAULT_MAX_FILES = 50_000;
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_RECHECK_INTERVAL_MS = 1_000;
/** The coarsest mtime granularity of a common file system (FAT: 2 s). */
const TIMESTAMP_GRANULARITY_MS = 2_000;
export const DEFAULT_RESCAN_INTERVAL_MS = 5_000;
/**
 * A re-check or rescan waits at least this many times as long as the last one took, so that on a tree
 * large enough to make stat'ing slow the checks stay under ~5% of the lint run.
 */
const INTERVAL_TO_COST_RATIO = 20;

/**
 * The project's FileIR, built on first use and then kept current cheaply: every `view()` call may
 * re-stat the known files (at most once per re-check interval) and rescan the directory (at most once
 * per rescan interval). The view object stays the same until something changes, so that checkers may
 * cache project-wide structures keyed by it. Holds FileIR only: no text, no syntax tree.
 */
export class IncrementalIndex {
  readonly stats: ProjectIndexStats;
  private readonly entries = new Map<string, IndexedFile>();
  private readonly loader: FileLoader;
  private readonly now: () => number;
  private readonly maxFiles: number;
  private readonly threadId: number;
  private readonly heap: HeapGuard;
  private indexBytes = 0;
  private current: ProjectView | undefined;
  private discoveryFailure: string | undefined;
  private lastRecheckAt = 0;
  private lastRescanAt = 0;
  private recheckCost = 0;
  private rescanCost = 0;

  constructor(private readonly options: IncrementalIndexOptions) {
    this.stats = emptyStats(options.root);
    this.now = options.now ?? (() => performance.now());
    this.maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
    this.threadId = options.threadId ?? threadId;
    this.heap = new HeapGuard(options.heapUsage);
    this.loader = {
      fs: options.fs ?? nodeSourceFileSystem,
      cache: options.cache,
      fingerprint: options.fingerprint,
      lowerFile: options.lowerFile,
      maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      stats: this.stats,
      hashModifiedSinceMs: (options.startedAtMs ?? performance.timeOrigin) - TIMESTAMP_GRANULARITY_MS,
      ...(options.busyWaitLimitMs !== undefined ? { busyWaitLimitMs: options.busyWaitLimitMs } : {}),
    };
  }

  /** The current view; never throws (a failure becomes the view's `limitation`). */
  view(): ProjectView {
    const started = performance.now();
    try {
      if (!this.current) {
        this.rescan();
        this.current = this.makeView();
        this.stats.buildMs = performance.now() - started;
      } else if (this.refreshIfDue() || this.heap.shouldShed()) {
        this.current = this.makeView();
      }
    } catch (error) {
      // Only a bug can land here (every file and disk error is handled below); keep the last good view.
      this.current ??= projectViewOf([], `the project index failed (${describeError(error)})`);
    } finally {
      this.stats.ms += performance.now() - started;
    }
    return this.current!;
  }

  private refreshIfDue(): boolean {
    const now = this.now();
    const rescanInterval = Math.max(this.options.rescanIntervalMs ?? DEFAULT_RESCAN_INTERVAL_MS, INTERVAL_TO_COST_RATIO * this.rescanCost);
    const recheckInterval = Math.max(this.options.recheckIntervalMs ?? DEFAULT_RECHECK_INTERVAL_MS, INTERVAL_TO_COST_RATIO * this.recheckCost);
    if (now - this.lastRescanAt >= rescanInterval) {
      this.stats.rescans++;
      return this.rescan();
    }
    if (now - this.lastRecheckAt >= recheckInterval) {
      this.stats.rechecks++;
      return this.recheck();
    }
    return false;
  }

  /** Lists the directory again, drops removed files, loads new ones and re-stats the rest. */
  private rescan(): boolean {
    const started = performance.now();
    const { paths, conditionChanged } = this.discover();
    this.rescanCost = performance.now() - started;
    const wanted = new Set(paths);
    let changed = conditionChanged;
    for (const path of [...this.entries.keys()]) {
      if (!wanted.has(path)) changed = this.forget(path) || changed;
    }
    // Files already held are stat'ed again whatever the heap; a file not yet held is read only while the
    // heap has room, and those left unread are counted and named in the limitation.
    let unread = 0;
    this.heap.reset();
    // A file another thread or process is lowering right now is asked for again after the others: by
    // then its entry is usually written, and this thread has not waited for it.
    const busy: string[] = [];
    for (const path of loadOrder(paths, this.threadId)) {
      if (!this.entries.has(path) && this.heapIsFull()) {
        unread++;
        continue;
      }
      changed = this.refresh(path, "defer", busy) || changed;
    }
    for (const path of busy) {
      if (!this.entries.has(path) && this.heapIsFull()) {
        unread++;
        continue;
      }
      changed = this.refresh(path, "wait") || changed;
    }
    if (unread !== this.stats.outOfMemory) changed = true;
    this.stats.outOfMemory = unread;
    this.lastRescanAt = this.lastRecheckAt = this.now();
    return changed;
  }

  /** Whether the heap has no room for another file (see `HeapGuard`). */
  private heapIsFull(): boolean {
    return this.heap.isFull(this.indexBytes);
  }

  /** Re-stats every known file; reads and lowers only those whose mtime or size moved. */
  private recheck(): boolean {
    const started = performance.now();
    let changed = false;
    for (const path of this.entries.keys()) changed = this.refresh(path) || changed;
    this.recheckCost = performance.now() - started;
    this.lastRecheckAt = this.now();
    return changed;
  }

  private refresh(path: string, onBusy: OnBusy = "wait", busy?: string[]): boolean {
    const previous = this.entries.get(path);
    const result = refreshFile(path, previous, this.loader, onBusy);
    if (result.busy) {
      busy?.push(path);
      return false;
    }
    const { file, changed } = result;
    if (!file) return this.forget(path) || changed;
    this.entries.set(path, file);
    this.indexBytes += file.bytes - (previous?.bytes ?? 0);
    return changed;
  }

  /** Drops a file from the index; true when it was there (its IR or its failure leaves the view). */
  private forget(path: string): boolean {
    const previous = this.entries.get(path);
    if (!previous) return false;
    this.entries.delete(path);
    this.indexBytes -= previous.bytes;
    return true;
  }

  /**
   * The files to index, capped; updates the counters the limitation reports, and says whether they
   * moved (a new limitation is a new view even when no file changed). Never throws.
   */
  private discover(): { paths: string[]; conditionChanged: boolean } {
    const before = [this.discoveryFailure, this.stats.discovered, this.stats.unsupported, this.stats.overCap].join("|");
    let all: string[];
    try {
      all = discoverFiles(this.options.root, this.options.files, this.options.ignores);
      this.discoveryFailure = undefined;
    } catch (error) {
      all = [];
      this.discoveryFailure = describeError(error);
    }
    const { canLower } = this.options;
    const lowerable = canLower ? all.filter((file) => canLower(file)) : all;
    this.stats.discovered = all.length;
    this.stats.unsupported = all.length - lowerable.length;
    this.stats.overCap = Math.max(0, lowerable.length - this.maxFiles);
    const after = [this.discoveryFailure, this.stats.discovered, this.stats.unsupported, this.stats.overCap].join("|");
    return { paths: lowerable.slice(0, this.maxFiles), conditionChanged: before !== after };
  }

  private makeView(): ProjectView {
    const records = [...this.entries.values()].sort((a, b) => compareCodeUnits(a.path, b.path));
    const fileIRs = records.flatMap((record) => (record.fileIR ? [record.fileIR] : []));
    const failedFiles = records.filter((record) => record.failure !== undefined);
    this.stats.files = fileIRs.length;
    this.stats.failed = failedFiles.length;
    this.stats.bytes = this.indexBytes;
    this.stats.views++;
    return projectViewOf(fileIRs, describeLimitation({
      root: this.options.root,
      settingsProblems: this.options.settingsProblems ?? [],
      discoveryFailure: this.discoveryFailure,
      discovered: this.stats.discovered,
      unsupported: this.stats.unsupported,
      overCap: this.stats.overCap,
      maxFiles: this.maxFiles,
      outOfMemory: this.stats.outOfMemory,
      heapWhenFull: this.heap.whenFull,
      failedFiles,
    }));
  }
}
