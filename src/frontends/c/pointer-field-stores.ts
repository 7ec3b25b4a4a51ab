import type { FieldKey } from "../../analysis/ir/field-key.js";
import type { FunctionIR } from "../../analysis/ir/function-ir.js";
import { leafEvents } from "../../analysis/ir/walk.js";
import { getOrCreate } from "../../analysis/memo.js";
import type { Value } from "./values.js";

/** A value stored whose target is unknown: the location then points to more than one field. */
const UNKNOWN = "?";

/**
 * What the pointers stored in shared locations point to, per location. A lock-free queue keeps
 * `tail` pointing at the last node's `next` (`old = qatomic_xchg(&tail, &node->next);
 * qatomic_store_release(old, node)`): when every address the file stores into a location is one
 * field's, `*tail` is that field, and the release pairs with the reader's acquire of `->next`.
 */
export class PointerFieldStores {
  private readonly stored = new Map<string, Set<string>>();

  record(location: FieldKey, value: Value): void {
    const fields = getOrCreate(this.stored, location.id, () => new Set<string>());
    const deref = value.target?.deref;
    fields.add(deref && deref.confidence === "exact" && !deref.id.startsWith("*") ? deref.id : UNKNOWN);
  }

  /** `*K` -> the one field every store into K points to. */
  private aliases(): Map<string, string> {
    const aliases = new Map<string, string>();
    for (const [location, fields] of this.stored) {
      const [field] = fields;
      if (fields.size === 1 && field !== UNKNOWN) aliases.set(`*${location}`, field!);
    }
    return aliases;
  }

  /** Renames the accesses through such pointers to the field they reach. */
  rewrite(functions: readonly FunctionIR[]): void {
    const aliases = this.aliases();
    if (aliases.size === 0) return;
    for (const event of functions.flatMap((fn) => leafEvents(fn.body))) {
      const field = event.kind === "access" ? aliases.get(event.key.id) : undefined;
      if (field && event.kind === "access") event.key = { id: field, confidence: "exact" };
    }
  }
}
