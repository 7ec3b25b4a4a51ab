import { WAIT_NOTIFY_INDEX_RULE } from "../analysis/js-checks/index.js";
import { createBarrierRule, JS_LANGUAGE } from "./rule-kit.js";

/** `Atomics.wait` and `Atomics.notify` on different indexes of the same array, across the project. */
export const waitNotifyIndex = createBarrierRule({
  name: WAIT_NOTIFY_INDEX_RULE,
  description: "Require Atomics.wait and Atomics.notify on the same array to use the same index",
  languages: [JS_LANGUAGE],
  messages: {
    waitNeverNotified: "{{method}}() waits on {{array}}[{{index}}], but every Atomics.notify() on {{array}} wakes index {{otherIndexes}}: this wait sleeps until its timeout, or forever.",
    notifyWakesNoWaiter: "Atomics.notify() on {{array}}[{{index}}] wakes no one: every wait on {{array}} is on index {{otherIndexes}}.",
  },
});
