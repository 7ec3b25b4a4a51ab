import type { Access } from "../ir/events.js";

/** An access seen as (array, index): `flags[HEAD]` -> `flags`, `HEAD`; `data[]` -> index undefined. */
export interface Element {
  access: Access;
  array: string;
  confidence: Access["key"]["confidence"];
  index: string | undefined;
}

export function elementOf(access: Access): Element {
  const { id, confidence } = access.key;
  const open = id.lastIndexOf("[");
  const index = open >= 0 && id.endsWith("]") ? id.slice(open + 1, -1) : "";
  return { access, array: open >= 0 ? id.slice(0, open) : id, confidence, index: index === "" ? undefined : index };
}

export const isWait = (access: Access): boolean => access.api === "Atomics.wait" || access.api === "Atomics.waitAsync";

export const isNotify = (access: Access): boolean => access.api === "Atomics.notify";

/** An Atomics operation that changes the element: what a waiter on it waits for. */
export const isAtomicsWrite = (access: Access): boolean =>
  access.api.startsWith("Atomics.") && access.op !== "load" && !isNotify(access);

/** An Atomics operation that reads the element (a wait's loop re-checks the awaited value this way). */
export const isAtomicsRead = (access: Access): boolean =>
  access.api.startsWith("Atomics.") && access.op !== "store" && !isNotify(access) && !isWait(access);
