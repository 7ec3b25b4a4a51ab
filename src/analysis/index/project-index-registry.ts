import type { CLanguageOptions } from "../../languages/c/language-options.js";
import { projectViewOf, type ProjectView } from "../project-view.js";
import type { AnalysisOptions, BarrierSettings } from "../settings.js";
import { describeError, type CacheFileSystem, type SourceFileSystem } from "./file-system.js";
import { IncrementalIndex } from "./incremental-index.js";
import type { ProjectIndexStats } from "./index-stats.js";
import type { LowerFile } from "./indexed-file.js";
import { resolveIndexSettings } from "./index-settings.js";
import { canonicalJson, loweringFingerprint } from "./lowering-fingerprint.js";
import { SummaryCache } from "./summary-cache.js";

/** What a rule's analysis asks the index for. */
export interface ProjectIndexRequest {
  cwd: string;
  settings: BarrierSettings | undefined;
  options: AnalysisOptions;
  language: "c" | "js";
  languageOptions?: CLanguageOptions | undefined;
}

/** How an index reads and lowers files; production code lowers with the real front-ends. */
export interface IndexDependencies {
  lowerFile: LowerFile;
  canLower?: (file: string) => boolean;
  now?: () => number;
  fs?: SourceFileSystem;
  cacheFs?: CacheFileSystem;
  maxFiles?: number;
  maxFileBytes?: number;
}

export const DISABLED_LIMITATION =
  "the project index is disabled (settings.barriers.project.enabled is false): each file is analysed alone, without facts from other files";

/** Distinct configurations kept at once; an editor that switches settings back and forth stays bounded. */
const DEFAULT_CAPACITY = 8;

/**
 * The indexes of one process, one per (root, globs, cache directory, lowering fingerprint), built on
 * first use and kept for the life of the process: ESLint's worker threads each load this module and so
 * each hold their own. Least recently used indexes beyond the capacity are dropped.
 */
export class ProjectIndexRegistry {
  private readonly indexes = new Map<string, IncrementalIndex>();
  private readonly disabledView = projectViewOf([], DISABLED_LIMITATION, true);
  private readonly failureViews = new Map<string, ProjectView>();

  constructor(
    private readonly dependenciesFor: (request: ProjectIndexRequest) => IndexDependencies,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Never throws: whatever goes wrong becomes the view's `limitation`. */
  view(request: ProjectIndexRequest): ProjectView {
    try {
      return this.indexFor(request)?.view() ?? this.disabledView;
    } catch (error) {
      return this.failureView(`the project index could not be set up (${describeError(error)})`);
    }
  }

  stats(): ProjectIndexStats[] {
    return [...this.indexes.values()].map((index) => ({ ...index.stats }));
  }

  clear(): void {
    this.indexes.clear();
    this.failureViews.clear();
  }

  private indexFor(request: ProjectIndexRequest): IncrementalIndex | undefined {
    const { settings, problems } = resolveIndexSettings(request.cwd, request.settings?.project, request.language);
    if (!settings.enabled) return undefined;
    const fingerprint = loweringFingerprint(request.options, request.languageOptions);
    const key = canonicalJson([settings, request.language, fingerprint]);
    let index = this.indexes.get(key);
    if (index) {
      this.indexes.delete(key);
    } else {
      const { cacheFs, ...dependencies } = this.dependenciesFor(request);
      index = new IncrementalIndex({
        root: settings.root,
        files: settings.files,
        ignores: settings.ignores,
        fingerprint,
        cache: settings.cacheDirectory === false ? undefined : new SummaryCache(settings.cacheDirectory, fingerprint, cacheFs),
        settingsProblems: problems,
        ...dependencies,
      });
      if (this.indexes.size >= this.capacity) this.indexes.delete(this.indexes.keys().next().value!);
    }
    this.indexes.set(key, index);
    return index;
  }

  /** One object per message, so that a persistent failure still yields a stable view identity. */
  private failureView(message: string): ProjectView {
    let view = this.failureViews.get(message);
    if (!view) {
      view = projectViewOf([], message);
      if (this.failureViews.size < DEFAULT_CAPACITY) this.failureViews.set(message, view);
    }
    return view;
  }
}
