import { barrierNames, fieldList, type BarrierNames } from "./describe.js";
import { isStore, type OrderingPoint, type SideAccess } from "./ordering-point.js";
import type { ResolvedDialect } from "../dialects/registry.js";

/** One way a point can pair, described for messages: what it orders, and what its partner would do. */
export interface PointRole {
  role: "write" | "read" | "store-buffering";
  /** `stores to VirtQueue.desc[] before VirtQueue.idx` */
  ordered: string;
  /** `no read barrier (smp_rmb(), an acquire load or a full barrier) loads VirtQueue.idx before VirtQueue.desc[]` */
  wanted: string;
}

/** Accesses of the point's own iteration: only these pair (see `matchAccesses`). */
export function pairable(sides: readonly SideAccess[] | undefined): SideAccess[] {
  return (sides ?? []).filter((side) => !side.crossesIteration);
}

/** The data of a side, without the flag's own field (a writer often reads its index before publishing it). */
function withoutFieldsOf(sides: readonly SideAccess[], flags: readonly SideAccess[]): readonly SideAccess[] {
  const flagKeys = new Set(flags.map((side) => side.access.key.id));
  const rest = sides.filter((side) => !flagKeys.has(side.access.key.id));
  return rest.length > 0 ? rest : sides;
}

/** The roles of a point that have shared accesses on both sides, so a partner can be looked for. */
export function lookableRoles(point: OrderingPoint, dialect: ResolvedDialect): PointRole[] {
  const names = barrierNames(dialect);
  const roles: PointRole[] = [];
  const [writeBefore, writeAfter] = [pairable(point.write?.before), pairable(point.write?.after)];
  if (writeBefore.length > 0 && writeAfter.length > 0) {
    const dataSides = withoutFieldsOf(writeBefore, writeAfter);
    const data = fieldList(dataSides);
    const flag = fieldList(writeAfter);
    roles.push(dataSides.every(isStore)
      ? {
        role: "write",
        ordered: `stores to ${data} before ${flag}`,
        wanted: `no read barrier (${readPartners(names)}) loads ${flag} before ${data}`,
      }
      : {
        role: "write",
        ordered: `accesses to ${data} before stores to ${flag}`,
        wanted: `no acquire (an acquire load or fence, or a full barrier) orders a load of ${flag} before accesses to ${data}`,
      });
  }
  const [readBefore, readAfter] = [pairable(point.read?.before), pairable(point.read?.after)];
  if (readBefore.length > 0 && readAfter.length > 0) {
    const flag = fieldList(readBefore);
    const dataSides = withoutFieldsOf(readAfter, readBefore);
    const data = fieldList(dataSides);
    roles.push(dataSides.every((side) => side.access.op === "load")
      ? {
        role: "read",
        ordered: `loads of ${flag} before ${data}`,
        wanted: `no write barrier (${writePartners(names)}) stores ${data} before ${flag}`,
      }
      : {
        role: "read",
        ordered: `loads of ${flag} before accesses to ${data}`,
        wanted: `no release (a release store or fence, or a full barrier) orders accesses to ${data} before a store to ${flag}`,
      });
  }
  const [stores, loads] = [pairable(point.storeBuffering?.stores), pairable(point.storeBuffering?.loads)];
  if (point.storeBuffering?.strength === "full" && stores.length > 0 && loads.length > 0) {
    roles.push({
      role: "store-buffering",
      ordered: `stores to ${fieldList(stores)} before loads of ${fieldList(loads)}`,
      wanted: `no full barrier (${names.mb}) stores ${fieldList(loads)} before loading ${fieldList(stores)}`,
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
  const before = [...pairable(write?.before), ...pairable(read?.before)];
  const after = [...pairable(write?.after), ...pairable(read?.after)];
  if (before.length === 0 && after.length === 0) return `no shared ${noun} on either side`;
  if (before.length === 0) return `no shared ${noun} before it`;
  if (after.length === 0) return `no shared ${noun} after it`;
  return "only loads before it and stores after it (load-to-store ordering is not paired by this analysis)";
}
