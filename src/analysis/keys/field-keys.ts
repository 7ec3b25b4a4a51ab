import type { FieldKey } from "../ir/field-key.js";

/** `/src/util/aio.c` -> `aio.c`: file-static names are qualified by the file's base name. */
export function fileBaseName(file: string): string {
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  return file.slice(slash + 1);
}

/** `T.f`, or `?.f` with lower confidence when the owner type could not be resolved. */
export function fieldKey(owner: string | undefined, field: string): FieldKey {
  return owner ? { id: `${owner}.${field}`, confidence: "exact" } : { id: `?.${field}`, confidence: "owner-unknown" };
}

/** `name` for a global, `file.c::name` for a file-static one. */
export function globalKey(name: string, file: string, isStatic: boolean): FieldKey {
  return { id: isStatic ? `${fileBaseName(file)}::${name}` : name, confidence: "exact" };
}

/** A `static` variable inside a function: `file.c::function::name`. */
export function staticLocalKey(name: string, functionName: string, file: string): FieldKey {
  return { id: `${fileBaseName(file)}::${functionName}::${name}`, confidence: "exact" };
}

/** An element of the array (or of the memory a pointer points to) that `key` names. */
export function elementKey(key: FieldKey): FieldKey {
  return { id: `${key.id}[]`, confidence: key.confidence };
}

/** What a pointer stored at `key` points to: `*S.ring`; for a pointer parameter `p`, `*p`. */
export function pointeeKey(key: FieldKey): FieldKey {
  return { id: `*${key.id}`, confidence: key.confidence };
}

/** A name that stands for itself: a pointer parameter or a local whose address is taken. */
export function nameKey(name: string): FieldKey {
  return { id: name, confidence: "exact" };
}

/** Last resort for a location the front-end could not name: the expression text, without spaces. */
export function textualKey(text: string): FieldKey {
  return { id: text.replace(/\s+/gu, ""), confidence: "exact" };
}
