import path from "node:path";
import { escapePath } from "tinyglobby";
import type { ProjectSettings } from "../settings.js";

/** Which files the index reads, with every default filled in. */
export interface ResolvedIndexSettings {
  enabled: boolean;
  /** Absolute directory the globs are relative to. */
  root: string;
  files: readonly string[];
  /** The user's ignores (or the defaults) plus the directories that are never source. */
  ignores: readonly string[];
  /** Absolute cache directory, or false when the disk cache is off. */
  cacheDirectory: string | false;
}

export const DEFAULT_C_FILES: readonly string[] = ["**/*.{c,h}"];
export const DEFAULT_JS_FILES: readonly string[] = ["**/*.{ts,tsx,mts,cts,js,mjs,cjs}"];
/** Never project source, whatever `ignores` says: dependencies, history, and this cache itself. */
export const ALWAYS_IGNORED: readonly string[] = ["**/node_modules/**", "**/.git/**"];
/** Out-of-tree build output and bundles repeat the sources' function names; `ignores` replaces these. */
export const DEFAULT_IGNORES: readonly string[] = ["**/build*/**", "**/dist/**"];
export const DEFAULT_CACHE_SUBDIRECTORY = path.join("node_modules", ".cache", "eslint-plugin-barriers");

export interface SettingsResolution {
  settings: ResolvedIndexSettings;
  /** Settings that were malformed and replaced by their default, described for the view's limitation. */
  problems: string[];
}

/** Fills in defaults; a malformed value falls back to its default and is reported, never thrown. */
export function resolveIndexSettings(cwd: string, project: ProjectSettings | undefined, language: "c" | "js"): SettingsResolution {
  const problems: string[] = [];
  const given: ProjectSettings = isPlainObject(project) ? project : {};
  if (project !== undefined && !isPlainObject(project)) problems.push("settings.barriers.project must be an object");

  const root = path.resolve(cwd, stringSetting(given.root, "root", problems) ?? ".");
  const files = globList(given.files, "files", problems) ?? (language === "c" ? DEFAULT_C_FILES : DEFAULT_JS_FILES);
  const ignores = [...ALWAYS_IGNORED, ...(globList(given.ignores, "ignores", problems) ?? DEFAULT_IGNORES)];

  let cacheDirectory: string | false = path.join(root, DEFAULT_CACHE_SUBDIRECTORY);
  if (given.cacheDirectory === false) cacheDirectory = false;
  else {
    const configured = stringSetting(given.cacheDirectory, "cacheDirectory", problems);
    if (configured !== undefined) cacheDirectory = path.resolve(root, configured);
  }

  // A cache inside the root must never be read back as source, whatever `files` says.
  const cacheInsideRoot = cacheDirectory === false ? undefined : path.relative(root, cacheDirectory);
  if (cacheInsideRoot && !cacheInsideRoot.startsWith("..") && !path.isAbsolute(cacheInsideRoot)) {
    ignores.push(`${escapePath(cacheInsideRoot.split(path.sep).join("/"))}/**`);
  }

  let enabled = true;
  if (given.enabled === false) enabled = false;
  else if (given.enabled !== undefined && given.enabled !== true) problems.push("settings.barriers.project.enabled must be a boolean");

  return { settings: { enabled, root, files, ignores, cacheDirectory }, problems };
}

function isPlainObject(value: unknown): value is ProjectSettings {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringSetting(value: unknown, name: string, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && value.length > 0) return value;
  problems.push(`settings.barriers.project.${name} must be a non-empty string`);
  return undefined;
}

function globList(value: unknown, name: string, problems: string[]): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((entry) => typeof entry === "string" && entry.length > 0)) return value as string[];
  problems.push(`settings.barriers.project.${name} must be an array of glob strings`);
  return undefined;
}
