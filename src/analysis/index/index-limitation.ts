import path from "node:path";
import { ANALYSIS_HEAP_PER_INDEX_BYTE, type HeapWhenFull } from "./heap-guard.js";
import type { IndexedFile } from "./indexed-file.js";

export interface IndexCondition {
  root: string;
  settingsProblems: readonly string[];
  /** Why the root could not be searched, if it could not. */
  discoveryFailure: string | undefined;
  discovered: number;
  unsupported: number;
  overCap: number;
  maxFiles: number;
  /** Files left unread because the heap was nearly full, and the heap then. */
  outOfMemory: number;
  heapWhenFull: HeapWhenFull | undefined;
  failedFiles: readonly IndexedFile[];
}

const FAILURES_NAMED = 3;

/** Says what limits cross-file facts, or undefined when the index holds the whole project. */
export function describeLimitation(condition: IndexCondition): string | undefined {
  const parts: string[] = [];
  for (const problem of condition.settingsProblems) parts.push(`${problem}; the default was used`);
  if (condition.discoveryFailure !== undefined) {
    parts.push(`the project root ${condition.root} could not be searched (${condition.discoveryFailure}), so no other file was read`);
  } else if (condition.discovered === 0) {
    parts.push(`no file under ${condition.root} matches settings.barriers.project.files, so no other file was read`);
  }
  if (condition.unsupported > 0) {
    parts.push(`${condition.unsupported} ${plural(condition.unsupported, "file")} matched but no front-end reads ${condition.unsupported === 1 ? "its" : "their"} kind of file`);
  }
  if (condition.overCap > 0) {
    parts.push(`only the first ${condition.maxFiles} of ${condition.maxFiles + condition.overCap} files (in path order) were indexed`);
  }
  if (condition.outOfMemory > 0) {
    const heap = condition.heapWhenFull;
    const mebibytes = (bytes: number) => Math.round(bytes / (1024 * 1024));
    const measured = !heap ? "" : heap.projected
      ? ` (${mebibytes(heap.indexBytes)} MiB of IR read, and the analysis over it needs about ${ANALYSIS_HEAP_PER_INDEX_BYTE} times as much of the ${mebibytes(heap.limit)} MiB heap)`
      : ` (${mebibytes(heap.used)} of ${mebibytes(heap.limit)} MiB of heap in use)`;
    parts.push(`the project does not fit in memory${measured}: ${condition.outOfMemory} ${plural(condition.outOfMemory, "file")} could not be read; list fewer files in settings.barriers.project.files, or give Node.js a larger heap (NODE_OPTIONS=--max-old-space-size=<MiB>)`);
  }
  const failed = condition.failedFiles;
  if (failed.length > 0) {
    const named = failed.slice(0, FAILURES_NAMED).map((file) => `${path.relative(condition.root, file.path)} ${file.failure}`);
    const more = failed.length > FAILURES_NAMED ? `, and ${failed.length - FAILURES_NAMED} more` : "";
    parts.push(`${failed.length} ${plural(failed.length, "file")} could not be read or parsed: ${named.join("; ")}${more}`);
  }
  return parts.length > 0 ? parts.join("; ") : undefined;
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}
