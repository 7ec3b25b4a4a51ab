import { fieldKeysMatch, fieldName } from "../ir/field-key.js";

/**
 * Counts of shared-field keys, bucketed by field name so that a lookup sees only the keys that can
 * match: `T.f` matches itself and `?.f`; `?.f` matches every `X.f` (see `fieldKeysMatch`).
 */
export class KeyCounter {
  private readonly buckets = new Map<string, Map<string, number>>();

  add(keyId: string, count = 1): void {
    const name = fieldName(keyId);
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(name, bucket);
    }
    bucket.set(keyId, (bucket.get(keyId) ?? 0) + count);
  }

  addAll(other: KeyCounter): void {
    for (const bucket of other.buckets.values()) for (const [keyId, count] of bucket) this.add(keyId, count);
  }

  /** How many counted keys match `keyId`. */
  matching(keyId: string): number {
    let total = 0;
    for (const [candidate, count] of this.buckets.get(fieldName(keyId)) ?? []) {
      if (fieldKeysMatch({ id: keyId, confidence: "exact" }, { id: candidate, confidence: "exact" })) total += count;
    }
    return total;
  }
}
