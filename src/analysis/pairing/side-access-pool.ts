import type { Access } from "../ir/events.js";
import type { SideAccess } from "./ordering-point.js";

/**
 * One object per distinct side access. The points of a long function see the same accesses on
 * their sides again and again, and each walk makes its own copies: kept by every point, those
 * copies were most of a large file's memory. Side accesses are never changed once made, so equal
 * ones can be one object.
 */
const pool = new WeakMap<Access, SideAccess[]>();

export function pooledSideAccess(entry: SideAccess): SideAccess {
  let known = pool.get(entry.access);
  if (!known) {
    known = [];
    pool.set(entry.access, known);
  }
  for (const candidate of known) if (sameSideAccess(candidate, entry)) return candidate;
  known.push(entry);
  return entry;
}

function sameSideAccess(a: SideAccess, b: SideAccess): boolean {
  return a.fn === b.fn && a.position === b.position && a.context === b.context && a.crossesIteration === b.crossesIteration
    && a.via.length === b.via.length && a.via.every((name, index) => name === b.via[index]);
}
