import { Ajv, type ErrorObject } from "ajv";
import { BARRIER_SETTINGS_SCHEMA } from "./settings-schema.js";

/** One thing wrong in `settings.barriers`: where, what was given, and what is allowed there. */
export interface SettingsProblem {
  /** `settings.barriers.primitives.my_wmb.fence` */
  path: string;
  value: unknown;
  allowed: string;
  /** The key itself is unknown, whatever its value. */
  unknownKey?: true;
  /** The key is not a name the setting accepts (`allowed` says which), whatever its value. */
  badName?: true;
}

const ROOT = "settings.barriers";

const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true, strict: true });
const validateSettings = ajv.compile(BARRIER_SETTINGS_SCHEMA);

/** Every problem of a `settings.barriers` value, one per place, in a stable order; empty when it is valid. */
export function settingsProblems(settings: unknown): SettingsProblem[] {
  if (validateSettings(settings)) return [];
  const byPath = new Map<string, SettingsProblem>();
  for (const error of validateSettings.errors ?? []) {
    const problem = problemOf(error, settings);
    const previous = byPath.get(problem.path);
    // anyOf/oneOf report each branch's error at the same place; the combinator's own says it best.
    if (!previous || isCombinator(error) || problem.badName) byPath.set(problem.path, problem);
  }
  return [...byPath.values()];
}

/** One line: the first problem in full, and how many more there are. */
export function describeSettingsProblems(problems: readonly SettingsProblem[]): string {
  const [first, ...rest] = problems;
  if (!first) return "";
  const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((problem) => problem.path).join(", ")})` : "";
  const sentence = first.unknownKey
    ? `${first.path} is not a setting (the known ones are ${first.allowed.replace(/^a known setting: /u, "")})`
    : first.badName
      ? `${first.path} is not ${first.allowed}`
      : `${first.path} is ${showValue(first.value)}, but it must be ${first.allowed}`;
  return `${sentence}${more}`;
}

function isCombinator(error: ErrorObject): boolean {
  return error.keyword === "anyOf" || error.keyword === "oneOf";
}

function problemOf(error: ErrorObject, settings: unknown): SettingsProblem {
  const segments = error.instancePath.split("/").slice(1).map(unescapePointer);
  if (error.keyword === "additionalProperties") {
    const name = (error.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
    return {
      path: pathOf([...segments, name]),
      value: valueAt(settings, [...segments, name]),
      allowed: `a known setting: ${known.join(", ")}`,
      unknownKey: true,
    };
  }
  if (error.propertyName !== undefined) {
    // propertyNames: the schema's own description says what a name must be.
    const name = error.propertyName;
    const description = (error.parentSchema as { description?: string }).description;
    return { path: pathOf([...segments, name]), value: valueAt(settings, [...segments, name]), allowed: description ?? "an allowed name", badName: true };
  }
  if (error.keyword === "required") {
    const name = (error.params as { missingProperty: string }).missingProperty;
    return { path: pathOf([...segments, name]), value: undefined, allowed: `given (${describeSchema(propertySchema(error.parentSchema, name))})` };
  }
  if (error.keyword === "discriminator") {
    const tag = (error.params as { tag: string }).tag;
    return {
      path: pathOf([...segments, tag]),
      value: valueAt(settings, [...segments, tag]),
      allowed: describeSchema({ enum: discriminatorValues(error.parentSchema) }),
    };
  }
  return { path: pathOf(segments), value: valueAt(settings, segments), allowed: describeSchema(error.parentSchema) };
}

/** What a schema admits, in words: `one of 4, 8`, `an integer from 0 to 16`, `a non-empty string or false`. */
function describeSchema(schema: unknown): string {
  if (!schema || typeof schema !== "object") return "valid";
  const node = schema as Record<string, unknown>;
  if (Array.isArray(node.enum)) return `one of ${node.enum.map((value) => JSON.stringify(value)).join(", ")}`;
  if ("const" in node) return JSON.stringify(node.const);
  if (Array.isArray(node.anyOf)) return node.anyOf.map(describeSchema).join(" or ");
  if (Array.isArray(node.oneOf)) {
    return `an object, either ${node.oneOf.map((branch) => `{ ${requiredShape(branch)} }`).join(" or ")}`;
  }
  switch (node.type) {
    case "integer": {
      const range = typeof node.minimum === "number" && typeof node.maximum === "number" ? ` from ${node.minimum} to ${node.maximum}` : "";
      return `an integer${range}`;
    }
    case "string":
      return node.minLength ? "a non-empty string" : "a string";
    case "boolean":
      return "true or false";
    case "array": {
      const items = node.items ? describeSchema(node.items) : "values";
      return `${node.minItems ? "a non-empty array" : "an array"} whose items are each ${items}`;
    }
    case "object":
      return "an object";
    default:
      return "valid";
  }
}

/** `kind: "fence", fence: …` for a primitive's branch. */
function requiredShape(branch: unknown): string {
  const { properties = {}, required = [] } = branch as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return required.map((name) => {
    const property = properties[name] ?? {};
    return "const" in property ? `${name}: ${JSON.stringify(property.const)}` : `${name}: ${describeSchema(property)}`;
  }).join(", ");
}

function propertySchema(parent: unknown, name: string): unknown {
  return (parent as { properties?: Record<string, unknown> }).properties?.[name];
}

function discriminatorValues(parent: unknown): unknown[] {
  const branches = (parent as { oneOf?: { properties?: { kind?: { const?: unknown } } }[] }).oneOf ?? [];
  return branches.map((branch) => branch.properties?.kind?.const);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/gu, "/").replace(/~0/gu, "~");
}

function pathOf(segments: readonly string[]): string {
  let path = ROOT;
  for (const segment of segments) {
    if (/^\d+$/u.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/u.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

const SHOWN_LENGTH = 60;

function showValue(value: unknown): string {
  if (value === undefined) return "missing";
  let shown: string;
  try {
    shown = typeof value === "function" ? "a function" : JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return shown.length > SHOWN_LENGTH ? `${shown.slice(0, SHOWN_LENGTH - 1)}…` : shown;
}
