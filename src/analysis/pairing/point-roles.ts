import { barrierNames, fieldList, type BarrierNames } from "./describe.js";
import type { OrderingPoint } from "./ordering-point.js";
import type { ResolvedDialect } from "../dialects/registry.js";

/** One way a point can pair, described for messages: what it orders, and what its partner would do. */
export interface PointRole {
  role: "write" | "read" | "store-buffering";
  /** `stores to VirtQueue.desc[] before VirtQueue.idx` */
  ordered: string;
  /** `no read barrier (smp_rmb(), an acquire load or a full barrier) loads VirtQueue.idx before VirtQueue.desc[]` */
  wanted: string;
}

/** The roles of a point that have shared accesses on both sides, so a partner can be looked for. */
export function lookableRoles(point: OrderingPoint, dialect: ResolvedDialect): PointRole[] {
  const names = barrierNames(dialect);
  const roles: PointRole[] = [];
  const { write, read, storeBuffering } = point;
  if (write && write.before.length > 0 && write.after.length > 0) {
    const before = fieldList(write.before);
    const after = fieldList(write.after);
    roles.push({
      role: "write",
      ordered: `stores to ${before} before ${after}`,
      wanted: `no read barrier (${readPartners(names)}) loads ${after} before ${before}`,
    });
  }
  if (read && read.before.length > 0 && read.after.length > 0) {
    const before = fieldList(read.before);
    const after = fieldList(read.after);
    roles.push({
      role: "read",
      ordered: `loads of ${before} before ${after}`,
      wanted: `no write barrier (${writePartners(names)}) stores ${after} before ${before}`,
    });
  }
  if (storeBuffering?.strength === "full" && storeBuffering.stores.length > 0 && storeBuffering.loads.length > 0) {
    const stores = fieldList(storeBuffering.stores);
    const loads = fieldList(storeBuffering.loads);
    roles.push({
      role: "store-buffering",
      ordered: `stores to ${stores} before loads of ${loads}`,
      wanted: `no full barrier (${names.mb}) stores ${loads} before loading ${stores}`,
    });
  }
  return roles;
}

function readPartners(names: BarrierNames): string {
  return `${names.rmb}, an acquire load or a full barrier`;
}

function writePartners(names: BarrierNames): string {
  return `${names.wmb}, a release store or a full barrier`;
}

/** Why a point has nothing a partner could observe: which of its sides hold no shared access. */
export function missingSides(point: OrderingPoint): string {
  const { write, read } = point;
  const noun = write && !read ? "store" : read && !write ? "load" : "access";
  const before = [...(write?.before ?? []), ...(read?.before ?? [])];
  const after = [...(write?.after ?? []), ...(read?.after ?? [])];
  if (before.length === 0 && after.length === 0) return `no shared ${noun} on either side`;
  if (before.length === 0) return `no shared ${noun} before it`;
  if (after.length === 0) return `no shared ${noun} after it`;
  return "only loads before it and stores after it (load-to-store ordering is not paired by this analysis)";
}
