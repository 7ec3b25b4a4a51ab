import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Message passing whose flag and data are both plain, between a write and a read barrier. */
const PLAIN_FLAG = `
struct msg { int data; int ready; };
void send(struct msg *m)
{
    m->data = 1;
    smp_wmb();
    m->ready = 1;
}

int receive(struct msg *m)
{
    int seen = m->ready;
    smp_rmb();
    return seen + m->data;
}`;

const tester = (dialects: string[]) => new RuleTester({
  plugins: { barriers: plugin }, language: "barriers/c", settings: { barriers: { dialects, project: { enabled: false } } },
});

describe("a plain flag between barriers, per dialect", () => {
  // LKMM: the plain flag is a data race, and the model judges the pair with it.
  tester(["linux", "gcc"]).run("linux: plainFlagRaces", plugin.rules["unpaired-barrier"]!, {
    valid: [],
    invalid: [{ name: "the pair is broken", filename: "msg.c", code: PLAIN_FLAG, errors: [{ messageId: "pairBroken", line: 6 }] }],
  });
  // QEMU writes such flags throughout; mixed-atomic-access is the rule for them.
  tester(["qemu", "c11", "gcc"]).run("qemu: no pairing report", plugin.rules["unpaired-barrier"]!, {
    valid: [{ name: "left to mixed-atomic-access", filename: "msg.c", code: PLAIN_FLAG }],
    invalid: [],
  });
});
