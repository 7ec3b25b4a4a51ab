import type { FileIR } from "../ir/function-ir.js";
import type { Site } from "../ir/site.js";
import { forEachRecord } from "./share-path-string.js";

/**
 * The FileIR as the disk cache stores it: its JSON, except that every `site` in the file itself is six
 * numbers, `[start, end, line, column, endLine, endColumn]`, instead of an object that repeats the
 * file's path and five property names. Sites are 45% of a QEMU file's IR JSON and the path alone 14%;
 * stored this way an entry is about a third smaller, and so is what the index reads, hashes and parses
 * to bring a project back from the cache. `expandPayload` restores the objects exactly.
 */
export function compactPayload(fileIR: FileIR): string {
  const file = fileIR.file;
  return JSON.stringify(fileIR, (key, value: unknown) => (key === "site" && isOwnSite(value, file) ? compactSite(value) : value));
}

const SITE_KEYS = ["file", "range", "line", "column", "endLine", "endColumn"] as const;

/** A site of `file` with exactly the properties of `Site`, in their order, and numbers where numbers go. */
function isOwnSite(value: unknown, file: string): value is Site {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== SITE_KEYS.length || keys.some((key, position) => key !== SITE_KEYS[position])) return false;
  const site = value as Site;
  return site.file === file && Array.isArray(site.range) && site.range.length === 2
    && [site.range[0], site.range[1], site.line, site.column, site.endLine, site.endColumn].every(Number.isFinite);
}

function compactSite(site: Site): number[] {
  return [site.range[0], site.range[1], site.line, site.column, site.endLine, site.endColumn];
}

/**
 * Undoes `compactPayload` on the value its JSON parses to: each `site` of six numbers becomes a `Site`
 * of `file` again. Every `file` property equal to `file` is made to point at one string, as
 * `sharePathString` does (JSON.parse gives each its own copy), in the same walk.
 */
export function expandPayload<T>(root: T, file: string): T {
  forEachRecord(root, (record) => {
    const site = record.site;
    if (Array.isArray(site) && site.length === 6) record.site = expandSite(site as number[], file);
    if (record.file === file) record.file = file;
  });
  return root;
}

function expandSite(numbers: readonly number[], file: string): Site {
  const [start, end, line, column, endLine, endColumn] = numbers as [number, number, number, number, number, number];
  return { file, range: [start, end], line, column, endLine, endColumn };
}
