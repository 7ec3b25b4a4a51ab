import { load, store } from "./build-table.js";
import type { Primitive } from "./primitive.js";

/**
 * QEMU's queue macros (include/qemu/queue.h) that touch a list head given by address: the head is the
 * location a producer and a consumer share. `QSLIST_INSERT_HEAD_ATOMIC()` is a `cmpxchg` loop on the
 * head and `QSLIST_MOVE_ATOMIC()` an `xchg` of it, so they take the dialect's own record of those RMWs
 * (whether an RMW is a full barrier is the dialect's reading); the plain inserts are plain stores of
 * the head (and of the element's link), the emptiness tests and first-element reads plain loads of it.
 * Traversals (`QLIST_FOREACH`) and removals are not listed: they follow links the analysis does not key.
 */
export function qemuQueuePrimitives(cmpxchg: Primitive, xchg: Primitive): Record<string, Primitive> {
  const insert = { elementArg: 1, linkArg: 2 };
  const plainInsert = store("plain", "pointer", { queue: insert });
  const plainRead = load("plain", "pointer", { queue: {} });
  const table: Record<string, Primitive> = {};
  for (const list of ["QLIST", "QSLIST", "QSIMPLEQ", "QTAILQ"]) {
    table[`${list}_INSERT_HEAD`] = plainInsert;
    table[`${list}_EMPTY`] = plainRead;
    table[`${list}_FIRST`] = plainRead;
  }
  table["QSIMPLEQ_INSERT_TAIL"] = plainInsert;
  table["QTAILQ_INSERT_TAIL"] = plainInsert;
  if (cmpxchg.kind === "access") table["QSLIST_INSERT_HEAD_ATOMIC"] = { ...cmpxchg, returnsValue: false, queue: insert };
  if (xchg.kind === "access") table["QSLIST_MOVE_ATOMIC"] = { ...xchg, returnsValue: false, addressArg: 1, queue: {} };
  table["QSIMPLEQ_EMPTY_ATOMIC"] = load("once", "pointer", { queue: {} });
  return table;
}
