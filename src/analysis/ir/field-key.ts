/**
 * The identity of a shared memory location across functions and files.
 * - `T.f` for a field `f` of a struct/typedef `T` (`AioContext.notify_me`);
 * - `?.f` when the owner type could not be resolved (matches any `X.f`, with lower confidence);
 * - `name` for a global, `file.c::name` for a file-static one;
 * - `<key>[]` for an element of an array;
 * - `*x` for a pointer parameter dereferenced litmus-style;
 * - for JS, `binding[index]` or `binding[]`.
 */
export interface FieldKey {
  id: string;
  confidence: "exact" | "owner-unknown";
}

/** A key resolved to its owner with certainty: one location, not any field of that name (`?.f`). */
export function isKnownLocation(key: FieldKey): boolean {
  return key.confidence === "exact" && !key.id.startsWith("?.");
}

export function fieldKeysMatch(a: FieldKey, b: FieldKey): boolean {
  if (a.id === b.id) return true;
  return fieldName(a.id) === fieldName(b.id) && (a.id.startsWith("?.") || b.id.startsWith("?."));
}

/** `AioContext.notify_me` -> `notify_me`; `?.x[]` -> `x[]`; names without an owner are returned whole. */
export function fieldName(id: string): string {
  const dot = id.lastIndexOf(".");
  return dot >= 0 && !id.includes("::") ? id.slice(dot + 1) : id;
}

/**
 * The struct a key belongs to and the field, looking through dereferences and element brackets:
 * `*io_uring_sq.ktail` -> `["io_uring_sq", "ktail"]`. Undefined for globals, statics and `?.f`.
 */
export function ownerAndField(id: string): [string, string] | undefined {
  if (id.includes("::")) return undefined;
  const bare = id.replace(/^\*+/, "").replace(/(\[\])+$/, "");
  const dot = bare.indexOf(".");
  if (dot <= 0) return undefined;
  const owner = bare.slice(0, dot);
  if (owner === "?") return undefined;
  return [owner, bare.slice(dot + 1).replace(/(\[\])+$/, "")];
}

/** `<guest memory>`: memory outside the program, reached through an API; it never pairs inside the project. */
export function isExternalMemoryKey(id: string): boolean {
  return id.startsWith("<");
}
