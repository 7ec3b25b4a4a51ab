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

/**
 * A poller that announces itself and then looks for work, against a notifier that posts work and
 * then looks for the poller: store buffering, with `notify` as the notifier's side.
 */
function loop(notify: string, poll = "    qatomic_set(&l->polling, 1);\n    smp_mb();\n    return qatomic_read(&l->posted);"): string {
  return `
typedef struct Loop { int polling; int posted; } Loop;

int loop_poll(Loop *l)
{
${poll}
}

void loop_notify(Loop *l)
{
${notify}
}`;
}

const UNFENCED = "    qatomic_set(&l->posted, 1);\n    if (qatomic_read(&l->polling)) {\n        kick(l);\n    }";

tester.run("full-barrier-pairing: a side with no barrier at all", plugin.rules["full-barrier-pairing"]!, {
  valid: [
    { name: "a full barrier on both sides", filename, code: loop(UNFENCED.replace("\n    if", "\n    smp_mb();\n    if")) },
    { name: "plain accesses are not taken for a protocol", filename, code: loop("    l->posted = 1;\n    if (l->polling) {\n        kick(l);\n    }") },
    {
      name: "no full barrier on the other side either: nothing says the two are meant as a pair",
      filename, code: loop(UNFENCED, "    qatomic_set(&l->polling, 1);\n    return qatomic_read(&l->posted);"),
    },
    {
      name: "the load before the store is no store buffering",
      filename, code: loop("    if (qatomic_read(&l->polling)) {\n        kick(l);\n    }\n    qatomic_set(&l->posted, 1);"),
    },
    {
      name: "a function that reads back the field it stored",
      filename, code: loop("    qatomic_set(&l->posted, 1);\n    if (qatomic_read(&l->posted)) {\n        kick(l);\n    }"),
    },
  ],
  invalid: [
    {
      name: "the notifier lost its barrier",
      filename,
      code: loop(UNFENCED),
      errors: [{
        message: "loop_notify() stores Loop.posted and then loads Loop.polling with nothing ordering them. Store "
          + "buffering with smp_mb() in loop_poll() (loop.c:7), which orders the store to Loop.polling before the load of "
          + "Loop.posted with a full barrier, needs one on this side too: add smp_mb() between them. LKMM allows it: "
          + "loop_notify()'s qatomic_read(Loop.polling) reads 0 (the initial value), and loop_poll()'s qatomic_read(Loop.posted) "
          + "reads 0 (the initial value).",
        line: 13,
      }],
    },
    {
      name: "the load in a function the notifier calls",
      filename,
      code: `${loop("    qatomic_set(&l->posted, 1);\n    if (is_polling(l)) {\n        kick(l);\n    }")}

static int is_polling(Loop *l)
{
    return qatomic_read(&l->polling);
}`,
      errors: [{ messageId: "noBarrier", line: 13 }],
    },
  ],
});
