import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { discoverFiles } from "../analysis/index/discover-files.js";
import { nodeSourceFileSystem } from "../analysis/index/file-system.js";
import { emptyStats } from "../analysis/index/index-stats.js";
import { refreshFile, type FileLoader } from "../analysis/index/indexed-file.js";
import { resolveIndexSettings } from "../analysis/index/index-settings.js";
import { DEFAULT_MAX_FILES } from "../analysis/index/incremental-index.js";
import { contentKey, loweringFingerprint } from "../analysis/index/lowering-fingerprint.js";
import { productionDependencies } from "../analysis/index/production-lowerer.js";
import { SummaryCache } from "../analysis/index/summary-cache.js";
import { analysisOptionsFromSettings, type BarrierSettings } from "../analysis/settings.js";
import type { CLanguageOptions } from "../languages/c/language-options.js";

/**
 * One index as the rules would ask for it: ESLint's cwd, the barrier settings and parsing options of a
 * config block. Plain data, so that it can be handed to a worker thread.
 */
export interface IndexJob {
  cwd: string;
  settings: BarrierSettings | undefined;
  language: "c" | "js";
  languageOptions?: CLanguageOptions | undefined;
}

/** What became of one file: read back from the disk cache, lowered and written, or left out. */
export type FileOutcome =
  | { kind: "cached" }
  | { kind: "lowered" }
  | { kind: "failed"; reason: string }
  /** Another process is lowering this very entry now; ask again later. */
  | { kind: "busy" };

/** A claim older than this belongs to a writer that is gone, whatever its process id says. */
export const STALE_CLAIM_AGE_MS = 10 * 60_000;
/** A claim is filled in microseconds after it is created; an empty one older than this was abandoned. */
const EMPTY_CLAIM_AGE_MS = 2_000;

/**
 * The files of one index and how to bring each one's disk-cache entry up to date, with the index's own
 * pieces (discovery, content keys, `refreshFile`): what the `index` command writes is exactly what the
 * rules' index reads back.
 */
export class IndexJobBuilder {
  readonly root: string;
  /** False when the settings turn the index or its disk cache off: there is nothing to build. */
  readonly cacheDirectory: string | false;
  readonly enabled: boolean;
  private readonly cache: SummaryCache | undefined;
  private readonly loader: FileLoader | undefined;
  private readonly canLower: (file: string) => boolean;
  private readonly fingerprint: string;

  constructor(readonly job: IndexJob) {
    const { settings } = resolveIndexSettings(job.cwd, job.settings?.project, job.language);
    const options = analysisOptionsFromSettings(job.settings);
    this.root = settings.root;
    this.enabled = settings.enabled;
    this.cacheDirectory = settings.enabled ? settings.cacheDirectory : false;
    this.fingerprint = loweringFingerprint(options, job.languageOptions);
    const dependencies = productionDependencies({ ...job, options });
    this.canLower = dependencies.canLower ?? (() => true);
    this.files = settings.files;
    this.ignores = settings.ignores;
    if (this.cacheDirectory !== false) {
      this.cache = new SummaryCache(this.cacheDirectory, this.fingerprint);
      this.loader = {
        fs: nodeSourceFileSystem,
        cache: this.cache,
        fingerprint: this.fingerprint,
        lowerFile: dependencies.lowerFile,
        maxFileBytes: dependencies.maxFileBytes ?? Number.POSITIVE_INFINITY,
        stats: emptyStats(this.root),
        // No file is "young" here: every file is read once anyway.
        hashModifiedSinceMs: Number.POSITIVE_INFINITY,
      };
    }
  }

  private readonly files: readonly string[];
  private readonly ignores: readonly string[];

  /** The entries' directory (one per fingerprint), or undefined with the disk cache off. */
  get entriesDirectory(): string | undefined {
    return this.cache?.directory;
  }

  /** The files the index reads, in path order, as the index lists them (same globs, same cap). */
  discover(): string[] {
    return discoverFiles(this.root, this.files, this.ignores).filter((file) => this.canLower(file)).slice(0, DEFAULT_MAX_FILES);
  }

  /**
   * Brings one file's entry up to date. A valid entry for the file's text is left alone; otherwise the
   * file is lowered and its entry written (atomically, by the cache), unless another process claimed
   * that entry first: then the answer is `busy`. Never throws.
   */
  build(file: string): FileOutcome {
    const { cache, loader } = this;
    if (!cache || !loader) return { kind: "failed", reason: "the disk cache is off" };
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      // refreshFile says why, in the index's own words.
      return this.refresh(file);
    }
    const lookup = cache.read(file, contentKey(this.fingerprint, text));
    // An entry whose lowering read other files (TS/JS imports) is checked by the index's own rules.
    if (lookup.status === "hit" && (lookup.fileIR.inputs ?? []).length === 0) return { kind: "cached" };
    const claim = claimEntry(cache.entryPath(file));
    if (claim === undefined) return { kind: "busy" };
    try {
      return this.refresh(file);
    } finally {
      claim();
    }
  }

  private refresh(file: string): FileOutcome {
    const stats = this.loader!.stats;
    const parsedBefore = stats.parsed;
    const { file: record } = refreshFile(file, undefined, this.loader!);
    if (!record) return { kind: "failed", reason: "vanished" };
    if (record.failure !== undefined) return { kind: "failed", reason: record.failure };
    return stats.parsed > parsedBefore ? { kind: "lowered" } : { kind: "cached" };
  }
}

/**
 * Claims the right to write one entry, across threads and processes: a `.claim` file created
 * exclusively next to the entry. Returns the release, or undefined while a live writer holds it. A
 * claim whose process is gone (killed), or older than `STALE_CLAIM_AGE_MS` (a writer on another
 * machine sharing the directory), is taken over. When claims cannot be made at all (a read-only
 * directory), the entry is built anyway: the cache's atomic rename keeps it whole.
 */
export function claimEntry(entry: string): (() => void) | undefined {
  const claim = `${entry}.claim`;
  const owner = `${process.pid} ${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(path.dirname(claim), { recursive: true });
      writeFileSync(claim, owner, { flag: "wx" });
      return () => removeQuietly(claim);
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") return () => {};
      if (!claimIsStale(claim)) return undefined;
      removeQuietly(claim);
    }
  }
  return undefined;
}

/**
 * Removes the claims writers left behind when killed after their entry was written (a claim is
 * otherwise taken over only when its entry is wanted again). Never throws; returns how many.
 */
export function removeStaleClaims(entriesDirectory: string): number {
  let removed = 0;
  for (const shard of listOrNothing(entriesDirectory)) {
    for (const name of listOrNothing(path.join(entriesDirectory, shard))) {
      if (!name.endsWith(".claim")) continue;
      const claim = path.join(entriesDirectory, shard, name);
      if (claimIsStale(claim)) {
        removeQuietly(claim);
        removed++;
      }
    }
  }
  return removed;
}

function listOrNothing(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function claimIsStale(claim: string): boolean {
  try {
    const [pid, host] = readFileSync(claim, "utf8").split(" ");
    const age = Date.now() - statSync(claim).mtimeMs;
    if (age > STALE_CLAIM_AGE_MS) return true;
    // Not "pid host": its writer was killed between creating and filling it, or is filling it this instant.
    if (!pid || host === undefined) return age > EMPTY_CLAIM_AGE_MS;
    if (host !== hostname()) return false;
    // This process's own threads never share an entry (one dispatcher hands each file out once).
    return Number(pid) === process.pid || !processIsRunning(Number(pid));
  } catch {
    // Released meanwhile, or half written by a writer killed this instant: try again.
    return true;
  }
}

function processIsRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
