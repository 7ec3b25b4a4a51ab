import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const filename = "ring.c";
const tester = (dialects: string[]) => new RuleTester({
  plugins: { barriers: plugin }, language: "barriers/c", settings: { barriers: { dialects, project: { enabled: false } } },
});

const RING = `
typedef struct Ring { int ready; int data; int tail; } Ring;

void publish(Ring *r)
{
    qatomic_set(&r->data, 1);
    qatomic_set(&r->tail, 2);
    smp_wmb();
    qatomic_set(&r->ready, 1);
}
`;

/**
 * The reader loads the flag first, then part of its data before its barrier: a read barrier before that
 * load fixes it. The data is marked: with plain data, the loads the early return skips would race in the
 * skeleton (which has no branches, only dependencies), and the model would clear no fix.
 */
const reader = (beforeTail: string) => `${RING}
int consume(Ring *r)
{
    if (!qatomic_read(&r->ready)) {
        return -1;
    }
${beforeTail}    int early = qatomic_read(&r->tail);
    smp_rmb();
    return qatomic_read(&r->data) + early;
}`;

tester(["qemu", "c11", "gcc"]).run("unpaired-barrier: the memory model's verdict", plugin.rules["unpaired-barrier"]!, {
  valid: [],
  invalid: [{
    name: "a data load between the flag and the barrier: the suggestion is checked by the model",
    filename,
    code: reader(""),
    errors: [{
      messageId: "misplacedLoad",
      line: 17,
      suggestions: [{ messageId: "insertFence", data: { fence: "smp_rmb()", where: "before", line: "17" }, output: reader("    smp_rmb();\n") }],
    }],
  }],
});

tester(["linux", "gcc"]).run("unpaired-barrier: a partner that orders by a dependency", plugin.rules["unpaired-barrier"]!, {
  valid: [{
    name: "smp_mb() against a reader whose store depends on its load by control (load buffering, forbidden)",
    filename: "lb.c",
    code: `
void first(int *x, int *y)
{
    int r = READ_ONCE(*x);
    smp_mb();
    WRITE_ONCE(*y, 1);
}

void second(int *x, int *y)
{
    if (READ_ONCE(*y))
        WRITE_ONCE(*x, 1);
}`,
  }],
  invalid: [{
    name: "the same barrier against a reader whose store does not depend on its load: the witness shows both reads",
    filename: "lb.c",
    code: `
void first(int *x, int *y)
{
    int r = READ_ONCE(*x);
    smp_mb();
    WRITE_ONCE(*y, 1);
}

void second(int *x, int *y)
{
    int r = READ_ONCE(*y);
    WRITE_ONCE(*x, 1);
}`,
    errors: [{
      line: 5,
      message: "smp_mb() in first() orders accesses to *x before stores to *y, and loads of *x before accesses to *y, but the project "
        + "has no partner for it: no acquire (an acquire load or fence, or a full barrier) orders a load of *y before accesses to *x, "
        + "and no release (a release store or fence, or a full barrier) orders accesses to *y before a store to *x. "
        + "LKMM allows it: first()'s READ_ONCE(*x) reads 1 "
        + "(written at lb.c:12 by second()), and second()'s READ_ONCE(*y) reads 1 (written at lb.c:6 by first()).",
    }],
  }],
});
