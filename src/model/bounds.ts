/** Limits that keep every check small: beyond them the answer is "not checked", never a guess. */
export interface Bounds {
  readonly maxThreads: number;
  /** Memory accesses and fences over all threads, initial writes not counted. */
  readonly maxEvents: number;
  /** Paths through one thread (one per choice of read values). */
  readonly maxPathsPerThread: number;
  /** Candidate executions examined before giving up. */
  readonly maxCandidates: number;
  /** Wall-clock guard: give up after this many milliseconds, so a check never hangs a lint run. */
  readonly maxMillis: number;
}

export const DEFAULT_BOUNDS: Bounds = { maxThreads: 6, maxEvents: 48, maxPathsPerThread: 4096, maxCandidates: 20_000, maxMillis: 2_000 };

export type NotChecked = { readonly status: "not-checked"; readonly reason: string };
export type Unsupported = { readonly status: "unsupported"; readonly reason: string };

export function overBound(threads: number, events: number, bounds: Bounds): NotChecked | undefined {
  if (threads > bounds.maxThreads) return { status: "not-checked", reason: `not checked: ${threads - bounds.maxThreads} threads over the bound of ${bounds.maxThreads}` };
  if (events > bounds.maxEvents) return { status: "not-checked", reason: `not checked: ${events - bounds.maxEvents} events over the bound of ${bounds.maxEvents}` };
  return undefined;
}
