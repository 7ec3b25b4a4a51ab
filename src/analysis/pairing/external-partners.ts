import type { ResolvedDialect } from "../dialects/registry.js";
import { isExternalMemoryKey, ownerAndField } from "../ir/field-key.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";

/** A field a point orders whose other side runs outside the project, and who runs it. */
export interface ExternalPartner {
  key: string;
  holder: string;
}

/** Who holds the other side of `key`, when the dialects or the settings name its struct or field. */
export function externalHolderOf(key: string, dialect: ResolvedDialect): string | undefined {
  if (dialect.externalPartners.size === 0) return undefined;
  const exact = dialect.externalPartners.get(key);
  if (exact) return exact;
  const parts = ownerAndField(key);
  if (!parts) return undefined;
  const [owner, field] = parts;
  return dialect.externalPartners.get(`${owner}.${field}`) ?? dialect.externalPartners.get(owner);
}

/**
 * The external partner of a point, judged by its flag: the stores a writer publishes (or the store a
 * release store makes), the loads a reader waits on, and for a full barrier either. Only accesses the
 * point's function makes itself or through a callee count; a caller's accesses say nothing about it.
 */
export function externalPartnerOf(point: OrderingPoint, dialect: ResolvedDialect): ExternalPartner | undefined {
  if (dialect.externalPartners.size === 0) return undefined;
  const flags: (readonly SideAccess[] | undefined)[] = [point.write?.after, point.read?.before];
  if (point.storeBuffering?.strength === "full") flags.push(point.storeBuffering.stores, point.storeBuffering.loads);
  let viaMemory: ExternalPartner | undefined;
  for (const side of flags) {
    for (const entry of side ?? []) {
      if (entry.context === "caller") continue;
      const holder = externalHolderOf(entry.access.key.id, dialect);
      if (!holder) continue;
      // A named structure (`kvm_coalesced_mmio_ring`) says more about the partner than raw guest memory.
      if (!isExternalMemoryKey(entry.access.key.id)) return { key: entry.access.key.id, holder };
      viaMemory ??= { key: entry.access.key.id, holder };
    }
  }
  return viaMemory;
}
