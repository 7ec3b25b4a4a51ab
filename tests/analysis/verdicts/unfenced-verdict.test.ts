import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../../src/index.js";

/**
 * Store buffering between a notifier with no barrier and a poller with a full barrier, whose
 * poller calls a helper that clears the flag after reading it (as `aio_notify_accept()` does).
 */
const CODE = `
typedef struct Loop { int polling; int posted; } Loop;

static void accept_work(Loop *l)
{
    qatomic_set(&l->posted, 0);
}

int loop_poll(Loop *l)
{
    qatomic_set(&l->polling, 1);
    smp_mb();
    int r = qatomic_read(&l->posted);
    accept_work(l);
    return r;
}

void loop_notify(Loop *l)
{
    qatomic_set(&l->posted, 1);
    if (qatomic_read(&l->polling)) {
        kick(l);
    }
}
`;

function noBarrierMessages(code: string): string[] {
  const linter = new Linter({ configType: "flat" });
  const messages = linter.verify(code, [{
    files: ["**/*.c"], plugins: { barriers: plugin }, language: "barriers/c",
    settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { enabled: false } } },
    rules: { "barriers/full-barrier-pairing": "error" },
  }], { filename: "loop.c" });
  return messages.filter((message) => message.messageId === "noBarrier").map((message) => message.message);
}

describe("noBarrier through the model", () => {
  it("the unfenced side against the full barrier: LKMM's witness, with the callee's store where it is called", () => {
    const [message, ...rest] = noBarrierMessages(CODE);
    expect(rest).toEqual([]);
    // The helper's store comes after the poller's load, so the load still reads the initial value.
    expect(message).toContain("LKMM allows it: loop_notify()'s qatomic_read(Loop.polling) reads 0 (the initial value), "
      + "and loop_poll()'s qatomic_read(Loop.posted) reads 0 (the initial value).");
  });
});
