// One worker thread of `eslint-barriers index`: builds the disk-cache entries of the files it is handed,
// a few at a time, and answers with what became of each. The dispatcher hands out every file once.
import { parentPort, workerData } from "node:worker_threads";
import { IndexJobBuilder, type FileOutcome, type IndexJob } from "./index-build.js";

export interface WorkerBatch {
  tasks: [job: number, file: string][];
}

export type WorkerResults = [job: number, file: string, outcome: FileOutcome][];

const jobs = (workerData as { jobs: IndexJob[] }).jobs;
const builders = new Map<number, IndexJobBuilder>();

parentPort!.on("message", ({ tasks }: WorkerBatch) => {
  const results: WorkerResults = tasks.map(([job, file]) => {
    let builder = builders.get(job);
    if (!builder) {
      builder = new IndexJobBuilder(jobs[job]!);
      builders.set(job, builder);
    }
    return [job, file, builder.build(file)];
  });
  parentPort!.postMessage(results);
});
