import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { CLanguageOptions } from "../../languages/c/language-options.js";
import type { Primitive } from "../dialects/primitive.js";
import type { AnalysisOptions } from "../settings.js";
import { getOrCreate } from "../memo.js";
import { compareCodeUnits } from "./code-unit-order.js";

/** Bump when the layout of cache entries, the meaning of the fingerprint, or what the front-ends make of the same text changes. */
export const CACHE_FORMAT = 17;

/** The plugin's version: a new release may lower the same text differently, so it is part of every cache key. */
export const PLUGIN_VERSION: string = readPluginVersion();

function readPluginVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    return "unknown";
  }
}

const fingerprints = new WeakMap<AnalysisOptions, WeakMap<CLanguageOptions, string>>();
const NO_LANGUAGE_OPTIONS: CLanguageOptions = {};

/**
 * A hash of everything besides the text that decides what a file lowers to: the cache format, the plugin
 * version, the dialect ids and the resolved primitive table (the user's own primitives included), the host
 * pointer size, and the C language options that change parsing. `callDepth` is left out on purpose: it is
 * read by the checkers, not by the front-ends. Options objects are not mutated once made, so the hash is
 * remembered per pair of objects: every linted file of one configuration asks with the same two.
 */
export function loweringFingerprint(options: AnalysisOptions, languageOptions: CLanguageOptions = NO_LANGUAGE_OPTIONS, version = PLUGIN_VERSION): string {
  if (version !== PLUGIN_VERSION) return computeFingerprint(options, languageOptions, version);
  const byLanguageOptions = getOrCreate(fingerprints, options, () => new WeakMap<CLanguageOptions, string>());
  return getOrCreate(byLanguageOptions, languageOptions, () => computeFingerprint(options, languageOptions, version));
}

function computeFingerprint(options: AnalysisOptions, languageOptions: CLanguageOptions, version: string): string {
  const hash = createHash("sha256").update(canonicalJson({
    format: CACHE_FORMAT,
    version,
    dialects: options.dialect.ids,
    hostPointerSize: options.hostPointerSize,
    languageOptions,
    memoryOrders: Object.fromEntries(options.dialect.memoryOrders),
  }));
  const names = [...options.dialect.primitives.keys()].sort(compareCodeUnits);
  for (const name of names) hash.update(`\n${name}=${primitiveJson(options.dialect.primitives.get(name)!)}`);
  return hash.digest("hex");
}

/**
 * The primitive objects are the dialect tables' own (and the user's settings' own), shared by every
 * resolution, so their JSON is worth remembering: it makes the fingerprint ~20 times cheaper.
 */
const primitiveJsonCache = new WeakMap<Primitive, string>();

function primitiveJson(primitive: Primitive): string {
  let json = primitiveJsonCache.get(primitive);
  if (json === undefined) {
    json = canonicalJson(primitive);
    primitiveJsonCache.set(primitive, json);
  }
  return json;
}

/** The cache key of one text under one fingerprint. */
export function contentKey(fingerprint: string, text: string): string {
  return createHash("sha256").update(fingerprint).update("\0").update(text).digest("hex");
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** JSON with object keys sorted at every level, so that equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Set) return [...item].sort();
    if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).sort(([a], [b]) => compareCodeUnits(a, b)));
  });
}
