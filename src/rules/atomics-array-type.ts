import { ATOMICS_ARRAY_TYPE_RULE } from "../analysis/js-checks/index.js";
import { createBarrierRule, JS_LANGUAGE } from "./kit/rule-kit.js";

/** Atomics and typed-array writes that throw a TypeError because of the array's element type. */
export const atomicsArrayType = createBarrierRule({
  name: ATOMICS_ARRAY_TYPE_RULE,
  description: "Disallow Atomics on arrays it rejects (float, clamped, DataView; wait on anything but Int32Array/BigInt64Array) and numbers written into BigInt arrays",
  recommended: true,
  languages: [JS_LANGUAGE],
  hasSuggestions: true,
  messages: {
    dataView: "{{method}}() does not accept a DataView ({{array}}) and throws a TypeError; use an integer typed array such as Int32Array over the same buffer.",
    nonIntegerArray: "{{method}}() on {{array}} ({{type}}) throws a TypeError: Atomics works only on integer typed arrays (Int8Array to Uint32Array, BigInt64Array, BigUint64Array).",
    waitArrayType: "{{method}}() on {{array}} ({{type}}) throws a TypeError: waiting works only on an Int32Array or a BigInt64Array.",
    waitOnUnsharedArray: "{{method}}() on {{array}} throws a TypeError: it is not over a SharedArrayBuffer (it was made from a length, an ArrayBuffer, or by copying another array), and waiting needs shared memory.",
    numberIntoBigIntArray: "Writing the number {{value}} into {{array}} ({{type}}) with {{method}} throws a TypeError; write a bigint.",
    bigintIntoNumberArray: "Writing the bigint {{value}} into {{array}} ({{type}}) with {{method}} throws a TypeError; write a number.",
    useBigInt: "Write {{replacement}}.",
    useNumber: "Write {{replacement}}.",
  },
});
