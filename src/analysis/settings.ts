import type { CMemoryOrderName } from "./dialects/c11.js";
import type { AccessPrimitive, FencePrimitive, Primitive } from "./dialects/primitive.js";
import { PRESET_DIALECTS, resolveDialect, type ResolvedDialect } from "./dialects/registry.js";
import { getOrCreate } from "./memo.js";
import { describeSettingsProblems, settingsProblems, type SettingsProblem } from "./settings-validation.js";

/** A primitive in the user's settings: an access may leave out its location argument (default: argument 0, a pointer). */
export type UserPrimitive =
  | (Omit<AccessPrimitive, "addressArg" | "addressForm"> & Partial<Pick<AccessPrimitive, "addressArg" | "addressForm">>)
  | FencePrimitive;

/** `settings.barriers` in eslint.config.js; `settings-schema.ts` says the same for the validator. */
export interface BarrierSettings {
  /** Dialect ids, merged in order (see `DIALECTS`). Default: the `recommended` set. */
  dialects?: string[];
  /** The user's own primitives, e.g. `{ my_wmb: { kind: "fence", fence: "wmb" } }`. */
  primitives?: Record<string, UserPrimitive>;
  /**
   * Shared structures whose other side is outside the project, added to the dialects' own:
   * `{ "fw_mailbox": "the device firmware", "my_ring.head": "the kernel" }`.
   */
  externalPartners?: Record<string, string>;
  /**
   * The project's own names of memory orders, for the `orderArg` of primitives:
   * `{ rte_memory_order_acquire: "acquire" }`. Values are C's names without `memory_order_`.
   */
  memoryOrders?: Record<string, CMemoryOrderName>;
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

/** What a `settings.barriers` value means: the options, or why it means nothing. */
export type SettingsReading =
  | { options: AnalysisOptions; error?: undefined }
  | { options?: undefined; error: string; problems: readonly SettingsProblem[] };

/** Thrown by `analysisOptionsFromSettings` for settings that fail the schema; its message is one line. */
export class BarrierSettingsError extends Error {
  constructor(readonly problems: readonly SettingsProblem[]) {
    super(`Invalid ${describeSettingsProblems(problems)}.`);
    this.name = "BarrierSettingsError";
  }
}

const readingsByObject = new WeakMap<object, SettingsReading>();
const readingsByValue = new Map<unknown, SettingsReading>();

/**
 * Reads `settings.barriers` once per settings object: ESLint hands every file of one configuration the
 * same object, so the schema check, the dialect tables and the index's fingerprint of them are built
 * once per configuration, not once per linted file. Settings that fail the schema mean nothing: no
 * value of them is guessed at or replaced by a default.
 */
export function readBarrierSettings(settings: unknown): SettingsReading {
  if (typeof settings === "object" && settings !== null) return getOrCreate(readingsByObject, settings, () => readingOf(settings));
  // Not an object (undefined, or a mistake such as a string): few distinct values, so a Map is bounded in practice.
  let reading = readingsByValue.get(settings);
  if (!reading) {
    reading = readingOf(settings);
    if (readingsByValue.size < MAX_REMEMBERED_VALUES) readingsByValue.set(settings, reading);
  }
  return reading;
}

const MAX_REMEMBERED_VALUES = 16;

/** The options of valid settings; throws a `BarrierSettingsError` naming the bad setting otherwise. */
export function analysisOptionsFromSettings(settings: BarrierSettings | undefined): AnalysisOptions {
  const reading = readBarrierSettings(settings);
  if (reading.error !== undefined) throw new BarrierSettingsError(reading.problems);
  return reading.options;
}

function readingOf(settings: unknown): SettingsReading {
  if (settings === undefined) return { options: optionsOf(undefined) };
  const problems = settingsProblems(settings);
  if (problems.length > 0) return { error: `Invalid ${describeSettingsProblems(problems)}.`, problems };
  return { options: optionsOf(settings as BarrierSettings) };
}

function optionsOf(settings: BarrierSettings | undefined): AnalysisOptions {
  return {
    dialect: resolveDialect(
      settings?.dialects ?? PRESET_DIALECTS.recommended!, withPrimitiveDefaults(settings?.primitives ?? {}), settings?.externalPartners ?? {},
      settings?.memoryOrders ?? {},
    ),
    hostPointerSize: settings?.hostPointerSize ?? 8,
    callDepth: settings?.callDepth ?? 2,
  };
}

/** A user's access primitive may leave out where its location is: argument 0, as a pointer, like the built-in tables. */
function withPrimitiveDefaults(primitives: Readonly<Record<string, UserPrimitive>>): Record<string, Primitive> {
  return Object.fromEntries(Object.entries(primitives).map(([name, primitive]) => [
    name,
    primitive.kind === "access" ? { ...primitive, addressArg: primitive.addressArg ?? 0, addressForm: primitive.addressForm ?? "pointer" } : primitive,
  ]));
}
