import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ESLint } from "eslint";
import { barrierProjects } from "./barrier-projects.js";
import { CliError } from "./cli-error.js";
import { IndexJobBuilder, type FileOutcome, type IndexJob } from "./index-build.js";
import type { WorkerBatch, WorkerResults } from "./index-worker.js";

/** `--concurrency`, as ESLint reads it: a number of threads, `auto` (half the cores at most) or `off`. */
export type Concurrency = number | "auto" | "off";

export interface IndexProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

export interface IndexRequest {
  root: string;
  /** How the user named the directory, for messages. */
  name: string;
  concurrency: Concurrency;
  /** Called after every file (and once before the first); the caller decides how often to show it. */
  onProgress?: (progress: IndexProgress) => void;
}

export interface IndexSummary {
  /** Files whose entry is now in the disk cache (read back valid, or lowered and written). */
  files: number;
  lowered: number;
  cached: number;
  failed: { file: string; reason: string }[];
  /** The entries' directories, one per configuration. */
  cacheDirectories: string[];
  /** Configurations with the index or its disk cache turned off: nothing to build for them. */
  withoutCache: number;
  /** Worker threads used (0: the files were built in this thread). */
  workers: number;
  ms: number;
}

/** `auto`: as ESLint's, one worker per 50 files, at most half the cores, and none for one. */
const FILES_PER_AUTO_WORKER = 50;
/** Files handed to a worker at a time: few, so that the threads finish together. */
const BATCH = 4;
/** How long to wait before asking again for an entry another process is writing. */
const BUSY_RETRY_MS = 50;

/**
 * Builds the project index's disk cache for every configuration the project's ESLint config applies
 * under `root`, as the rules will read it: the same files, settings and lowering. Files are built once
 * each, in this thread or in worker threads; an entry another process is writing at the same time is
 * waited for, not built twice.
 */
export async function indexCommand(eslint: ESLint, request: IndexRequest): Promise<IndexSummary> {
  const started = performance.now();
  const projects = await barrierProjects(eslint, request.root);
  if (projects.length === 0) {
    throw new CliError(`no file under ${request.name} is linted by a barriers rule (check the config's files and rules)`);
  }
  const jobs: IndexJob[] = [];
  const builders: IndexJobBuilder[] = [];
  const tasks: Task[] = [];
  const seen = new Set<string>();
  let withoutCache = 0;
  for (const project of projects) {
    const job: IndexJob = { cwd: request.root, settings: project.settings, language: project.language, languageOptions: project.languageOptions };
    const builder = new IndexJobBuilder(job);
    if (!builder.entriesDirectory) {
      withoutCache++;
      continue;
    }
    jobs.push(job);
    builders.push(builder);
    for (const file of builder.discover()) {
      // Two blocks that lower alike share their entries: build each one once.
      const key = `${builder.entriesDirectory}\0${file}`;
      if (seen.has(key)) continue;
      seen.add(key);
      tasks.push([jobs.length - 1, file]);
    }
  }
  const tally = new Tally(tasks.length, started, request.onProgress);
  const workers = workerCount(request.concurrency, tasks.length);
  if (workers === 0) await buildHere(builders, tasks, tally);
  else await buildInWorkers(jobs, tasks, workers, tally);
  return {
    files: tally.lowered + tally.cached,
    lowered: tally.lowered,
    cached: tally.cached,
    failed: tally.failed,
    cacheDirectories: [...new Set(builders.map((builder) => builder.entriesDirectory!))],
    withoutCache,
    workers,
    ms: performance.now() - started,
  };
}

type Task = [job: number, file: string];

class Tally {
  lowered = 0;
  cached = 0;
  readonly failed: { file: string; reason: string }[] = [];

  constructor(readonly total: number, private readonly started: number, private readonly onProgress: ((progress: IndexProgress) => void) | undefined) {
    this.report();
  }

  get done(): number {
    return this.lowered + this.cached + this.failed.length;
  }

  /** Counts one outcome; false for `busy` (the file must be asked for again). */
  add(file: string, outcome: FileOutcome): boolean {
    if (outcome.kind === "busy") return false;
    if (outcome.kind === "lowered") this.lowered++;
    else if (outcome.kind === "cached") this.cached++;
    else this.failed.push({ file, reason: outcome.reason });
    this.report();
    return true;
  }

  private report(): void {
    this.onProgress?.({ done: this.done, total: this.total, elapsedMs: performance.now() - this.started });
  }
}

export function workerCount(concurrency: Concurrency, files: number): number {
  if (concurrency === "off") return 0;
  const wanted = concurrency === "auto"
    ? Math.min(availableParallelism() >> 1, Math.ceil(files / FILES_PER_AUTO_WORKER))
    : Math.min(concurrency, files);
  return wanted > 1 ? wanted : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function buildHere(builders: readonly IndexJobBuilder[], tasks: readonly Task[], tally: Tally): Promise<void> {
  let queue = [...tasks];
  while (queue.length > 0) {
    const busy: Task[] = [];
    for (const task of queue) {
      if (!tally.add(task[1], builders[task[0]]!.build(task[1]))) busy.push(task);
    }
    queue = busy;
    if (queue.length > 0) await sleep(BUSY_RETRY_MS);
  }
}

async function buildInWorkers(jobs: readonly IndexJob[], tasks: readonly Task[], count: number, tally: Tally): Promise<void> {
  const script = fileURLToPath(new URL("./index-worker.js", import.meta.url));
  if (!existsSync(script)) throw new CliError(`--concurrency needs the built command (${script} is missing); run it without --concurrency`);
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: { jobs } }));
  const queue = [...tasks];
  let busy: Task[] = [];
  const idle = new Set<Worker>();
  let outstanding = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker): void => {
        if (queue.length === 0) {
          idle.add(worker);
          if (busy.length > 0) retryTimer ??= setTimeout(retryBusy, BUSY_RETRY_MS);
          else if (outstanding === 0) resolve();
          return;
        }
        idle.delete(worker);
        const batch: WorkerBatch = { tasks: queue.splice(0, BATCH) };
        outstanding++;
        worker.postMessage(batch);
      };
      const retryBusy = (): void => {
        retryTimer = undefined;
        queue.push(...busy);
        busy = [];
        for (const worker of [...idle]) feed(worker);
      };
      for (const worker of workers) {
        worker.on("message", (results: WorkerResults) => {
          outstanding--;
          for (const [job, file, outcome] of results) if (!tally.add(file, outcome)) busy.push([job, file]);
          feed(worker);
        });
        worker.on("error", (error) => reject(new CliError(`a worker thread failed: ${error.message}`)));
        worker.on("exit", (code) => {
          if (code !== 0) reject(new CliError(`a worker thread exited with code ${code}`));
        });
        feed(worker);
      }
    });
  } finally {
    if (retryTimer) clearTimeout(retryTimer);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
