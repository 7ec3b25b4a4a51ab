import { load, rmw, store } from "./build-table.js";
import type { Dialect } from "./primitive.js";

/** JS `Atomics`: every operation is sequentially consistent; the location is `(typedArray, index)`. */
const onTypedArray = { addressForm: "typed-array" as const };

export const javascriptDialect: Dialect = {
  id: "js",
  description: "JavaScript Atomics on SharedArrayBuffer-backed typed arrays",
  primitives: {
    "Atomics.load": load("seqcst", "typed-array"),
    "Atomics.store": store("seqcst", "typed-array"),
    "Atomics.add": rmw("seqcst", { ...onTypedArray, returnsValue: true }),
    "Atomics.sub": rmw("seqcst", { ...onTypedArray, returnsValue: true }),
    "Atomics.and": rmw("seqcst", { ...onTypedArray, returnsValue: true }),
    "Atomics.or": rmw("seqcst", { ...onTypedArray, returnsValue: true }),
    "Atomics.xor": rmw("seqcst", { ...onTypedArray, returnsValue: true }),
    "Atomics.exchange": rmw("seqcst", { ...onTypedArray, returnsValue: true }),
    "Atomics.compareExchange": rmw("seqcst", { ...onTypedArray, returnsValue: true }),
    "Atomics.wait": load("seqcst", "typed-array"),
    "Atomics.waitAsync": load("seqcst", "typed-array"),
    "Atomics.notify": rmw("seqcst", { ...onTypedArray, returnsValue: true }),
  },
  commentedBarriers: [],
};
