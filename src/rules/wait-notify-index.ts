import { WAIT_NOTIFY_INDEX_RULE } from "../analysis/js-checks/index.js";
import { createBarrierRule, JS_LANGUAGE } from "./kit/rule-kit.js";

/** `Atomics.wait` and `Atomics.notify` on different indexes of the same array, across the project. */
export const waitNotifyIndex = createBarrierRule({
  name: WAIT_NOTIFY_INDEX_RULE,
  description: "Require Atomics.wait and Atomics.notify to use the index whose value they wait on and change",
  recommended: true,
  languages: [JS_LANGUAGE],
  messages: {
    notifyOtherIndex: "Atomics.notify() wakes the waiters on {{array}}[{{index}}], but {{function}}() changed {{array}}[{{written}}] and never {{array}}[{{index}}]: "
      + "the threads waiting for that change sleep on.",
    waitOtherIndex: "{{method}}() sleeps on {{array}}[{{index}}], but its loop re-checks {{array}}[{{read}}]: "
      + "a notify for the value it checks wakes a different index, and this wait sleeps until its timeout, or forever.",
    waitNeverNotified: "{{method}}() waits on {{array}}[{{index}}], but every Atomics.notify() on {{array}} wakes index {{otherIndexes}}: this wait sleeps until its timeout, or forever.",
    notifyWakesNoWaiter: "Atomics.notify() on {{array}}[{{index}}] wakes no one: every wait on {{array}} is on index {{otherIndexes}}.",
  },
});
