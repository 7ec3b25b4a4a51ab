export { ATOMICS_ARRAY_TYPE_RULE, atomicsArrayTypeChecker } from "./atomics-array-type-check.js";
export { WAIT_NOTIFY_INDEX_RULE, waitNotifyIndexChecker } from "./wait-notify-index-check.js";
