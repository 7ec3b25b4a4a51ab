import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";

/** What the index reads of a source file. Tests replace it to simulate unreadable files. */
export interface SourceFileSystem {
  /**
   * Throws when the file cannot be stat'ed. `ctimeMs` (when the file system gives one) moves on every
   * write, even one that puts the mtime back.
   */
  stat(file: string): { mtimeMs: number; size: number; ctimeMs?: number };
  /** Throws when the file cannot be read. */
  readText(file: string): string;
}

/** What the disk cache does to its directory. Tests replace it to simulate a failing disk. */
export interface CacheFileSystem {
  readText(file: string): string;
  /** Creates the file; fails if it exists (temp names are unique, so an existing one is someone else's). */
  writeNew(file: string, data: string): void;
  rename(from: string, to: string): void;
  remove(file: string): void;
  makeDirectory(directory: string): void;
  /** The names in a directory; throws when it cannot be listed. */
  list(directory: string): string[];
  /** Wall-clock ms of the file's last modification; throws when it cannot be stat'ed. */
  modifiedMs(file: string): number;
}

export const nodeSourceFileSystem: SourceFileSystem = {
  stat(file) {
    const stats = statSync(file);
    if (!stats.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: "ENOTFILE" });
    return { mtimeMs: stats.mtimeMs, size: stats.size, ctimeMs: stats.ctimeMs };
  },
  readText: (file) => readFileSync(file, "utf8"),
};

export const nodeCacheFileSystem: CacheFileSystem = {
  readText: (file) => readFileSync(file, "utf8"),
  writeNew: (file, data) => writeFileSync(file, data, { flag: "wx" }),
  rename: (from, to) => renameSync(from, to),
  remove: (file) => unlinkSync(file),
  makeDirectory: (directory) => {
    mkdirSync(directory, { recursive: true });
  },
  list: (directory) => readdirSync(directory),
  modifiedMs: (file) => statSync(file).mtimeMs,
};

/** A short reason for a file-system error: its code when it has one ("EACCES"), else its message. */
export function describeError(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === "string") return code;
    if (typeof message === "string") return message;
  }
  return String(error);
}
