import { discoverFiles } from "../analysis/index/discover-files.js";
import { nodeSourceFileSystem } from "../analysis/index/file-system.js";
import { emptyStats } from "../analysis/index/index-stats.js";
import { refreshFile, type FileLoader } from "../analysis/index/indexed-file.js";
import { resolveIndexSettings } from "../analysis/index/index-settings.js";
import { DEFAULT_MAX_FILES } from "../analysis/index/incremental-index.js";
import { loweringFingerprint } from "../analysis/index/lowering-fingerprint.js";
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
    if (!this.loader) return { kind: "failed", reason: "the disk cache is off" };
    const stats = this.loader.stats;
    const parsedBefore = stats.parsed;
    const { file: record, busy } = refreshFile(file, undefined, this.loader, "defer");
    if (busy) return { kind: "busy" };
    if (!record) return { kind: "failed", reason: "vanished" };
    if (record.failure !== undefined) return { kind: "failed", reason: record.failure };
    return stats.parsed > parsedBefore ? { kind: "lowered" } : { kind: "cached" };
  }
}
