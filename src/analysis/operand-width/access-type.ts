import { elementType, formatCType, parseCType } from "../keys/c-type.js";
import type { Access } from "../ir/events.js";
import type { TypeInfo } from "../ir/type-info.js";
import type { TypeTables } from "./type-tables.js";

/** An access's type and where it was learnt, for messages. */
export interface AccessType {
  type: TypeInfo;
  /** ` (field of struct Worker in worker.h)`, or empty when the access's own declaration gave it. */
  source: string;
  /** The file whose declaration gave the type, when it is not the access's own. */
  file?: string;
}

/**
 * The type of the object an access touches: the front-end's when it knew it, otherwise the field's
 * declaration in the struct named by the key (`Worker.has_request`, `Ring.slots[]`), looked up in the
 * linted file and every project file. Owner-unknown keys (`?.f`) and globals declared elsewhere have
 * no type here: their width is unknown and not reported.
 */
export function accessType(access: Access, tables: TypeTables): AccessType | undefined {
  if (access.type) return { type: access.type, source: "" };
  if (access.key.confidence !== "exact") return undefined;
  const match = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)((?:\[\])*)$/u.exec(access.key.id);
  if (!match) return undefined;
  const [, owner, field, elements] = match as unknown as [string, string, string, string];
  const definitions = tables.fieldDefinitions(owner, field);
  const first = definitions[0];
  if (!first || definitions.some((definition) => definition.value.name !== first.value.name)) return undefined;
  let type = parseCType(first.value.name);
  for (let level = 0; level < elements.length / 2; level++) {
    const element = elementType(type);
    if (!element) return undefined;
    type = element;
  }
  return {
    // An element's category is worked out again from its spelling.
    type: elements.length > 0 ? { name: formatCType(type), category: "unknown" } : first.value,
    source: ` (field of ${owner} in ${baseName(first.file)})`,
    file: first.file,
  };
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}
