import path from "node:path";
import type { ESLint } from "eslint";
import { glob } from "tinyglobby";
import type { BarrierSettings } from "../analysis/settings.js";
import type { CLanguageOptions } from "../languages/c/language-options.js";

/** One project the barrier rules analyse: the files of one config (language, settings) under the root. */
export interface BarrierProject {
  language: "c" | "js";
  settings: BarrierSettings | undefined;
  languageOptions?: CLanguageOptions;
  /** The linted files this config applies to, in path order. */
  files: string[];
}

/** Every extension either front-end reads; the index ignores the rest, so they cannot hold a point. */
const SOURCE_FILES = ["**/*.{c,h}", "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];

interface ResolvedConfig {
  language?: { visitorKeys?: Record<string, unknown> };
  languageOptions?: CLanguageOptions;
  settings?: { barriers?: BarrierSettings };
  rules?: Record<string, unknown>;
}

/**
 * Groups the files ESLint would lint under `root` by the barrier config that applies to each: a
 * config block with its own dialect or project globs is its own project, as it is when linting. Files
 * no barrier rule is turned on for are left out.
 */
export async function barrierProjects(eslint: ESLint, root: string): Promise<BarrierProject[]> {
  const candidates = await glob(SOURCE_FILES, { cwd: root, absolute: true, ignore: ["**/node_modules/**", "**/.git/**"] });
  const projects = new Map<string, BarrierProject>();
  for (const file of candidates.map((name) => path.resolve(name)).sort()) {
    if (await eslint.isPathIgnored(file)) continue;
    const config = await eslint.calculateConfigForFile(file) as ResolvedConfig | undefined;
    if (!config || !turnsOnBarrierRule(config)) continue;
    const language = isCLanguage(config) ? "c" : "js";
    const settings = config.settings?.barriers;
    const languageOptions = language === "c" ? parsingOptions(config.languageOptions) : undefined;
    const key = JSON.stringify([language, settings ?? null, languageOptions ?? null]);
    const project = projects.get(key) ?? { language, settings, ...(languageOptions ? { languageOptions } : {}), files: [] };
    project.files.push(file);
    projects.set(key, project);
  }
  return [...projects.values()];
}

function turnsOnBarrierRule(config: ResolvedConfig): boolean {
  return Object.entries(config.rules ?? {}).some(([id, entry]) => {
    const severity = Array.isArray(entry) ? entry[0] : entry;
    return id.startsWith("barriers/") && severity !== 0 && severity !== "off";
  });
}

/** The C language is the one whose syntax tree has tree-sitter's root node type. */
function isCLanguage(config: ResolvedConfig): boolean {
  return config.language?.visitorKeys?.translation_unit !== undefined;
}

/** The C language options that change what the front-end sees, as the index keys them. */
function parsingOptions(options: CLanguageOptions | undefined): CLanguageOptions | undefined {
  if (!options) return undefined;
  const { annotationMacros, annotationMacrosWithArguments, foreachMacros, typeWrapperMacros, maxFileSize } = options;
  const picked = { annotationMacros, annotationMacrosWithArguments, foreachMacros, typeWrapperMacros, maxFileSize };
  const given = Object.entries(picked).filter(([, value]) => value !== undefined);
  return given.length > 0 ? Object.fromEntries(given) as CLanguageOptions : undefined;
}
