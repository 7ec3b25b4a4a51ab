import type { Primitive } from "./dialects/primitive.js";
import { PRESET_DIALECTS, resolveDialect, type ResolvedDialect } from "./dialects/registry.js";
import { getOrCreate } from "./memo.js";

/** `settings.barriers` in eslint.config.js. */
export interface BarrierSettings {
  /** Dialect ids, merged in order (see `DIALECTS`). Default: the `recommended` set. */
  dialects?: string[];
  /** The user's own primitives, e.g. `{ my_wmb: { kind: "fence", fence: "wmb" } }`. */
  primitives?: Record<string, Primitive>;
  /**
   * Shared structures whose other side is outside the project, added to the dialects' own:
   * `{ "fw_mailbox": "the device firmware", "my_ring.head": "the kernel" }`.
   */
  externalPartners?: Record<string, string>;
  /** Pointer size of the host in bytes (QEMU's ATOMIC_REG_SIZE): 8 (default) or 4. */
  hostPointerSize?: 4 | 8;
  /** How many call levels the index follows into callees. Default 2. */
  callDepth?: number;
  project?: ProjectSettings;
}

export interface ProjectSettings {
  /** Directory the index searches. Default: ESLint's cwd. */
  root?: string;
  /** Globs, relative to `root`, of the files the index reads. Default: `**\/*.{c,h}` (and TS/JS for the js preset). */
  files?: string[];
  /** Globs to leave out. Default: node_modules, build and .git directories. */
  ignores?: string[];
  /** Where summaries are cached. Default: node_modules/.cache/eslint-plugin-barriers under root; `false` turns it off. */
  cacheDirectory?: string | false;
  /** Whether to read other files at all; `false` analyses each file alone. Default true. */
  enabled?: boolean;
}

export interface AnalysisOptions {
  dialect: ResolvedDialect;
  hostPointerSize: 4 | 8;
  callDepth: number;
}

const optionsBySettings = new WeakMap<BarrierSettings, AnalysisOptions>();
let defaultOptions: AnalysisOptions | undefined;

/**
 * The options a settings object means. ESLint hands every file of one configuration the same settings
 * object, so the dialect tables (and the index's fingerprint of them) are built once per configuration,
 * not once per linted file.
 */
export function analysisOptionsFromSettings(settings: BarrierSettings | undefined): AnalysisOptions {
  if (!settings) return (defaultOptions ??= optionsOf(undefined));
  return getOrCreate(optionsBySettings, settings, () => optionsOf(settings));
}

function optionsOf(settings: BarrierSettings | undefined): AnalysisOptions {
  return {
    dialect: resolveDialect(settings?.dialects ?? PRESET_DIALECTS.recommended!, settings?.primitives ?? {}, settings?.externalPartners ?? {}),
    hostPointerSize: settings?.hostPointerSize ?? 8,
    callDepth: settings?.callDepth ?? 2,
  };
}
