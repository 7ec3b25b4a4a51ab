import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const filename = "loop.c";
const tester = new RuleTester({
  plugins: { barriers: plugin }, language: "barriers/c", settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { enabled: false } } },
});

/** A poller and a notifier in store buffering; `claim` is the poller's comment, `notify` the notifier's body. */
function loop(claim: string, notify: string): string {
  return `
typedef struct Loop { int polling; int posted; } Loop;

int loop_poll(Loop *l)
{
    qatomic_set(&l->polling, 1);
    /* ${claim} */
    smp_mb();
    return qatomic_read(&l->posted);
}

void loop_notify(Loop *l)
{
${notify}
}`;
}

const WITH_MB = "    qatomic_set(&l->posted, 1);\n    /* Pairs with smp_mb() in loop_poll(). */\n    smp_mb();\n    if (qatomic_read(&l->polling)) {\n        kick(l);\n    }";
const WITH_WMB = WITH_MB.replace("smp_mb();", "smp_wmb();");
const WITH_RMW = "    qatomic_xchg(&l->posted, 1);\n    /* Pairs with smp_mb() in loop_poll(). */\n    smp_mb__after_rmw();\n    if (qatomic_read(&l->polling)) {\n        kick(l);\n    }";

tester.run("barrier-comment: the partner's barrier named by the comment", plugin.rules["barrier-comment"]!, {
  valid: [
    { name: "the named barrier is there", filename, code: loop("Pairs with smp_mb() in loop_notify().", WITH_MB) },
    { name: "named without parentheses", filename, code: loop("Pairs with smp_mb in loop_notify().", WITH_MB) },
    { name: "a full barrier in words", filename, code: loop("Pairs with the memory barrier in loop_notify().", WITH_MB) },
    {
      name: "another spelling of the same kind of point",
      filename,
      code: loop("Pairs with qatomic_mb_set in loop_notify().", "    qatomic_set_mb(&l->posted, 1);\n    if (qatomic_read(&l->polling)) {\n        kick(l);\n    }"),
    },
  ],
  invalid: [
    {
      name: "the named full barrier is a write barrier",
      filename,
      code: loop("Pairs with smp_mb in loop_notify().", WITH_WMB),
      errors: [{
        message: "The comment on smp_mb() in loop_poll() says it pairs with smp_mb in loop_notify(), but loop_notify() (loop.c:12) "
          + "holds no smp_mb(), only smp_wmb() (line 16); its partner is smp_wmb() in loop_notify() (loop.c:16).",
        line: 8,
      }],
    },
    {
      name: "a full barrier in words, where an RMW with only a barrier after it stands",
      filename,
      code: loop("Pairs with the first memory barrier in loop_notify().", WITH_RMW),
      errors: [{ messageId: "partnerDoesNotMatch", line: 8 }],
    },
  ],
});
