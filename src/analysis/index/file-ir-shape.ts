import type { FileIR } from "../ir/function-ir.js";

/**
 * Whether a value read back from the disk cache has the shape of `file`'s FileIR. The entry's payload
 * hash already rules out truncation and bit rot; this catches an entry that is well-formed JSON of the
 * wrong kind (written by a different version or by hand). Events are not walked one by one: that would
 * cost as much as lowering the file again.
 */
export function isFileIRFor(value: unknown, file: string): value is FileIR {
  if (!isRecord(value) || value.file !== file) return false;
  if (!Array.isArray(value.functions) || !value.functions.every(isFunctionShape)) return false;
  if (!Array.isArray(value.definedMacros) || !value.definedMacros.every((name) => typeof name === "string")) return false;
  const { diagnostics, types, inputs } = value;
  if (inputs !== undefined && !(Array.isArray(inputs) && inputs.every((input) => isRecord(input) && typeof input.path === "string" && typeof input.hash === "string"))) {
    return false;
  }
  if (!isRecord(diagnostics) || typeof diagnostics.errorNodes !== "number" || typeof diagnostics.functionsWithErrors !== "number") return false;
  return isRecord(types) && isRecord(types.structs) && isRecord(types.typedefs);
}

function isFunctionShape(value: unknown): boolean {
  return isRecord(value)
    && typeof value.name === "string"
    && typeof value.qualifiedName === "string"
    && typeof value.isStatic === "boolean"
    && typeof value.isPrimitiveWrapper === "boolean"
    && typeof value.hasParseErrors === "boolean"
    && Array.isArray(value.body)
    && isRecord(value.site)
    && typeof value.site.file === "string";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
