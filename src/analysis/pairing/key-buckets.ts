import { fieldName, type FieldKey } from "../ir/field-key.js";

/** Field names of key objects (each access holds its own key object, looked up many times). */
const fieldNames = new WeakMap<FieldKey, string>();

export function fieldNameOf(key: FieldKey): string {
  let name = fieldNames.get(key);
  if (name === undefined) {
    name = fieldName(key.id);
    fieldNames.set(key, name);
  }
  return name;
}

function isOwnerUnknown(key: FieldKey): boolean {
  return key.id.startsWith("?.");
}

const NONE: never[] = [];

function push<T>(map: Map<string, T[]>, name: string, item: T): void {
  const bucket = map.get(name);
  if (bucket) bucket.push(item);
  else map.set(name, [item]);
}

/**
 * Items filed under their shared-field keys, so that the items whose key may match a given key
 * (`fieldKeysMatch`: the same id, or the same field name when one owner is unknown) are found without
 * looking at the others. Field names alone would not do: `next`, `flags` or `state` belong to many
 * structs.
 */
export class KeyBuckets<T> {
  private readonly byId = new Map<string, T[]>();
  /** Every item, by field name: what an owner-unknown key may match. */
  private readonly byName = new Map<string, T[]>();
  /** Items of owner-unknown keys, by field name: what an exact key may also match. */
  private readonly unknownByName = new Map<string, T[]>();

  /** Files `item` under `key`; an item filed twice under one key is found twice. */
  add(key: FieldKey, item: T): void {
    const name = fieldNameOf(key);
    push(this.byId, key.id, item);
    push(this.byName, name, item);
    if (isOwnerUnknown(key)) push(this.unknownByName, name, item);
  }

  /** Buckets holding every item whose key may match `key` (and maybe a few that do not). */
  bucketsFor(key: FieldKey): T[][] {
    if (isOwnerUnknown(key)) return [this.byName.get(fieldNameOf(key)) ?? NONE];
    const exact = this.byId.get(key.id) ?? NONE;
    if (this.unknownByName.size === 0) return [exact];
    const unknown = this.unknownByName.get(fieldNameOf(key));
    return unknown ? [exact, unknown] : [exact];
  }
}
