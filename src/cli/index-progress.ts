import type { IndexProgress, IndexSummary } from "./index-command.js";

/** How often the progress line is rewritten at most: often enough to look alive, rarely enough to cost nothing. */
const REDRAW_MS = 100;
/** Back to the start of the line, and erase it. */
const REWRITE = "\r\x1b[K";

/**
 * A progress callback that rewrites one terminal line: files done, files total, elapsed time. The
 * first and the last call always draw; the others at most every `REDRAW_MS`.
 */
export function progressLine(write: (text: string) => void, name: string): (progress: IndexProgress) => void {
  // Until the files are listed (every file's config is asked for), say what is going on.
  write(`${REWRITE}indexing ${name}: listing files`);
  let drawnAt = Number.NEGATIVE_INFINITY;
  return ({ done, total, elapsedMs }) => {
    if (done !== 0 && done !== total && elapsedMs - drawnAt < REDRAW_MS) return;
    drawnAt = elapsedMs;
    const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
    write(`${REWRITE}indexing ${name}: ${count(done)}/${count(total)} files (${percent}%), ${seconds(elapsedMs)}`);
  };
}

/** The line that replaces the progress line when the build ends. */
export function summaryLine(summary: IndexSummary, name: string): string {
  const failed = summary.failed.length > 0 ? `, ${count(summary.failed.length)} not indexed` : "";
  const threads = summary.workers > 0 ? ` with ${summary.workers} worker threads` : "";
  return `${REWRITE}indexed ${name}: ${count(summary.files)} files in ${seconds(summary.ms)}${threads}`
    + ` (${count(summary.lowered)} lowered, ${count(summary.cached)} already in the cache${failed})\n`;
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
