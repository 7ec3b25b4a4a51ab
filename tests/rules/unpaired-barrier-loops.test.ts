import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  plugins: { barriers: plugin },
  language: "barriers/c",
  settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { enabled: false } } },
});

const BUFFER = `
typedef struct Buffer {
    int data[8];
    int ready;
} Buffer;
`;

/*
 * A loop the barrier is not inside of lies wholly on one side of it: every iteration of a fill loop
 * before smp_wmb() is before it, and every iteration of a read loop after smp_rmb() is after it.
 */
tester.run("unpaired-barrier", plugin.rules["unpaired-barrier"]!, {
  valid: [
    {
      name: "stores in a loop before the write barrier and loads in a loop after the read barrier pair",
      filename: "buffer.c",
      code: `${BUFFER}
void fill(Buffer *b, int v)
{
    for (int i = 0; i < 8; i++) {
        b->data[i] = v;
    }
    /* Pairs with smp_rmb() in drain(). */
    smp_wmb();
    qatomic_set(&b->ready, 1);
}

int drain(Buffer *b)
{
    int sum = 0;

    if (!qatomic_read(&b->ready)) {
        return 0;
    }
    /* Pairs with smp_wmb() in fill(). */
    smp_rmb();
    for (int i = 0; i < 8; i++) {
        sum += b->data[i];
    }
    return sum;
}
`,
    },
  ],
  invalid: [
    {
      name: "the same reader with its barrier inside the loop, before the flag load of each iteration",
      filename: "buffer.c",
      code: `${BUFFER}
void fill(Buffer *b, int v)
{
    for (int i = 0; i < 8; i++) {
        b->data[i] = v;
    }
    /* Pairs with smp_rmb() in drain(). */
    smp_wmb();
    qatomic_set(&b->ready, 1);
}

int drain(Buffer *b)
{
    int sum = 0;

    for (int i = 0; i < 8; i++) {
        smp_rmb();
        sum += b->data[i];
    }
    if (!qatomic_read(&b->ready)) {
        return 0;
    }
    return sum;
}
`,
      errors: [{ line: 13, messageId: "partnerLateFlag" }, { line: 22, messageId: "lateFlag" }],
    },
  ],
});

const BUFFER_WITH_LENGTH = `
typedef struct Buffer {
    int data[8];
    int len;
    int ready;
} Buffer;
`;

/*
 * A load a callee makes before the barrier is not taken as proof of a misplaced data load: on QEMU such
 * loads were mostly a helper's own bookkeeping matched to an unrelated barrier. The price is that a
 * real early read hidden in a helper, as below, goes unreported.
 */
tester.run("unpaired-barrier", plugin.rules["unpaired-barrier"]!, {
  valid: [
    {
      name: "a load inside a callee before the reader's barrier is not reported as misplaced",
      filename: "buffer.c",
      code: `${BUFFER_WITH_LENGTH}
void fill(Buffer *b, int v)
{
    b->data[0] = v;
    b->len = 1;
    /* Pairs with smp_rmb() in drain(). */
    smp_wmb();
    qatomic_set(&b->ready, 1);
}

static int peek(Buffer *b)
{
    return b->len;
}

int drain(Buffer *b)
{
    int early = peek(b);

    if (!qatomic_read(&b->ready)) {
        return early;
    }
    /* Pairs with smp_wmb() in fill(). */
    smp_rmb();
    return b->data[0];
}
`,
    },
  ],
  invalid: [],
});
