/** Counters of one project index, for the bench and for diagnosing a slow lint run. */
export interface ProjectIndexStats {
  root: string;
  /** Files whose FileIR is in the current view. */
  files: number;
  /** Files the globs matched at the last scan, before the file-count cap. */
  discovered: number;
  /** Calls of the front-end (cumulative): files lowered because the disk cache could not answer. */
  parsed: number;
  cacheHits: number;
  /** Lookups that found no entry for the current content (cumulative; only counted with the cache on). */
  cacheMisses: number;
  /** Entries that existed but failed validation and were rebuilt (cumulative). */
  cacheRejected: number;
  cacheWriteFailures: number;
  /** Files currently left out because they could not be read or lowered. */
  failed: number;
  /** Files matched by the globs that no front-end can lower outside ESLint. */
  unsupported: number;
  /** Files left out by the file-count cap. */
  overCap: number;
  /** Files not read at the last scan because the heap was nearly full (the limitation says so). */
  outOfMemory: number;
  /** Total length of the kept FileIRs' JSON. */
  bytes: number;
  /** Wall-clock milliseconds spent building and refreshing (cumulative). */
  ms: number;
  /** Milliseconds of the first build alone. */
  buildMs: number;
  /** Mtime re-checks and directory rescans done after the first build. */
  rechecks: number;
  rescans: number;
  /** How many distinct view objects were handed out: one more each time something changed. */
  views: number;
}

export function emptyStats(root: string): ProjectIndexStats {
  return {
    root, files: 0, discovered: 0, parsed: 0, cacheHits: 0, cacheMisses: 0, cacheRejected: 0,
    cacheWriteFailures: 0, failed: 0, unsupported: 0, overCap: 0, outOfMemory: 0, bytes: 0, ms: 0, buildMs: 0, rechecks: 0, rescans: 0, views: 0,
  };
}
