import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const filename = "ring.c";
const qemu = new RuleTester({
  plugins: { barriers: plugin }, language: "barriers/c",
  settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { enabled: false } } },
});

const HEADER = `
typedef struct Ring { int ready; int data; } Ring;
`;

/** A message-passing pair; `writerComment` goes on the line above the writer's smp_wmb(). */
function pair(writerComment: string, readerBarrier = "smp_rmb();", extra = ""): string {
  return `${HEADER}${extra}
void publish(Ring *r, int v)
{
    r->data = v;
${writerComment}
    smp_wmb();
    qatomic_set(&r->ready, 1);
}

int consume(Ring *r)
{
    if (!qatomic_read(&r->ready)) {
        return -1;
    }
    ${readerBarrier} /* Pairs with smp_wmb() in publish(). */
    return r->data;
}`;
}

/** A reader whose barrier sits in `body`, between the flag read (line 6) and the data read. */
function reader(body: string): string {
  return `${HEADER}
int consume(Ring *r)
{
    int ready = qatomic_read(&r->ready);
${body}
    return r->data;
}`;
}

/** A writer with its own comment, and a reader whose smp_rmb() is the only statement of an `if` that `comment` is above. */
function pairWithGuardedReader(comment: string): string {
  return `${HEADER}
void publish(Ring *r, int v)
{
    r->data = v;
    smp_wmb(); /* Pairs with smp_rmb() in consume(). */
    qatomic_set(&r->ready, 1);
}

int consume(Ring *r)
{
    int ready = qatomic_read(&r->ready);
${comment}
    if (ready) {
        smp_rmb();
    }
    return r->data;
}`;
}

qemu.run("barrier-comment", plugin.rules["barrier-comment"]!, {
  valid: [
    { name: "comments on the line above and on the same line, naming the real partners", filename, code: pair("    /* Data before ready; pairs with smp_rmb() in consume(). */") },
    { name: "a multi-line comment block ending just above", filename, code: pair("    /*\n     * Write the data before the flag.\n     * Paired with consume().\n     */") },
    { name: "line comments", filename, code: pair("    // The data must be visible before the flag.\n    // See consume().") },
    {
      name: "the named function holds the partner in a callee",
      filename,
      code: pair("    /* Pairs with consume_wrapper(). */", "smp_rmb();", "\nint consume(Ring *r);\nint consume_wrapper(Ring *r) { return consume(r) + 1; }\n"),
    },
    {
      name: "a comment naming a macro is not checked",
      filename,
      code: pair("    /* See RING_CONSUME(). */", "smp_rmb();", "\n#define RING_CONSUME(r) consume(r)\n"),
    },
    { name: "barriers inside primitive wrappers and #define bodies need no comment", filename, code: "static inline void ring_wmb(void) { smp_wmb(); }\n#define RING_MB() do { smp_mb(); } while (0)\n" },
    { name: "compiler barriers need no comment", filename, code: "void spin(int *p) { while (!qatomic_read(p)) { barrier(); } }" },
    {
      name: "a comment above the if whose block the barrier opens (QEMU's virtqueue_num_heads())",
      filename,
      code: reader([
        "    /*",
        "     * On success, callers read the data.",
        "     * Make sure the data read does not bypass the flag read.",
        "     */",
        "    if (ready) {",
        "        smp_rmb();",
        "    }",
      ].join("\n")),
    },
    {
      name: "a comment above an if without braces",
      filename,
      code: reader("    /* The data read must not bypass the flag read. */\n    if (ready)\n        smp_rmb();"),
    },
    {
      name: "a comment above a loop whose first statement is the if holding the barrier",
      filename,
      code: reader([
        "    /* Each round reads the data only after seeing the flag. */",
        "    while (qatomic_read(&r->ready)) {",
        "        if (r->data) {",
        "            smp_rmb();",
        "        }",
        "        r->data--;",
        "    }",
      ].join("\n")),
    },
    {
      name: "a comment directly above an else that begins its line",
      filename,
      code: reader([
        "    if (!ready) {",
        "        return -1;",
        "    }",
        "    /* Once the flag is seen, the data read must not bypass it. */",
        "    else {",
        "        smp_rmb();",
        "    }",
      ].join("\n")),
    },
    {
      name: "a comment above the case label whose statements the barrier opens",
      filename,
      code: reader([
        "    switch (ready) {",
        "    /* The flag says the data is there: the data read must not bypass it. */",
        "    case 1:",
        "        smp_rmb();",
        "        break;",
        "    default:",
        "        return -1;",
        "    }",
      ].join("\n")),
    },
    {
      name: "a disable directive's reason after -- explains the barrier",
      filename,
      code: pair("    // eslint-disable-next-line barriers/unpaired-barrier -- data before ready; pairs with smp_rmb() in consume()"),
    },
    {
      name: "a bare directive below the barrier's own comment leaves that comment attached",
      filename,
      code: pair("    /* Data before ready; pairs with smp_rmb() in consume(). */\n    // eslint-disable-next-line barriers/unpaired-barrier"),
    },
    {
      name: "a line comment that only starts with a block directive's word is prose",
      filename,
      code: pair("    // global ring state: the data must be visible before the flag; see consume()."),
    },
    {
      name: "a partner named above the enclosing if is checked and found",
      filename,
      code: pairWithGuardedReader("    /* Pairs with smp_wmb() in publish(). */"),
    },
  ],
  invalid: [
    {
      name: "no comment: the message says where the partner is",
      filename,
      code: pair(""),
      errors: [{
        message: "smp_wmb() in publish() has no comment saying what it orders and what it pairs with; its partner is smp_rmb() in "
          + "consume() (ring.c:17).",
        line: 8,
        column: 5,
      }],
    },
    {
      name: "a comment separated by a blank line does not count",
      filename,
      code: pair("    /* Pairs with smp_rmb() in consume(). */\n"),
      errors: [{ messageId: "missingComment", line: 9 }],
    },
    {
      name: "the comment names a function that does not exist",
      filename,
      code: pair("    /* Pairs with smp_rmb() in ring_consume(). */"),
      errors: [{
        message: "The comment on smp_wmb() in publish() names ring_consume() as its partner, but the project has no function "
          + "ring_consume(); its partner is smp_rmb() in consume() (ring.c:17).",
        line: 8,
      }],
    },
    {
      name: "the named function holds no barrier that can pair",
      filename,
      code: pair("    /* Pairs with smp_rmb() in reset(). */", "smp_rmb();", "\nvoid reset(Ring *r) { r->data = 0; smp_wmb(); r->ready = 0; }\n"),
      errors: [
        { messageId: "missingComment", line: 4 },
        {
          message: "The comment on smp_wmb() in publish() says it pairs with smp_rmb() in reset(), but reset() (ring.c:4) holds only "
            + "smp_wmb() (line 4), which cannot pair with smp_wmb(); its partner is smp_rmb() in consume() (ring.c:19).",
          line: 10,
        },
      ],
    },
    {
      name: "the named function holds no ordering point at all",
      filename,
      code: pair("    /* Pairs with smp_rmb() in reset(). */", "smp_rmb();", "\nvoid reset(Ring *r) { r->data = 0; r->ready = 0; }\n"),
      errors: [{
        message: "The comment on smp_wmb() in publish() says it pairs with smp_rmb() in reset(), but reset() (ring.c:4) holds no "
          + "ordering point; its partner is smp_rmb() in consume() (ring.c:19).",
        line: 10,
      }],
    },
    {
      name: "a comment above the if does not count for a barrier that is not first in its block",
      filename,
      code: reader("    /* The data read must not bypass the flag read. */\n    if (ready) {\n        r->data++;\n        smp_rmb();\n    }"),
      errors: [{ messageId: "missingComment", line: 10 }],
    },
    {
      name: "a comment separated from the enclosing if by a blank line does not count",
      filename,
      code: reader("    /* The data read must not bypass the flag read. */\n\n    if (ready) {\n        smp_rmb();\n    }"),
      errors: [{ messageId: "missingComment", line: 10 }],
    },
    {
      name: "a comment above the function does not count for the barrier opening its body",
      filename,
      code: `${HEADER}\n/* Reads the data after the flag. */\nint consume(Ring *r)\n{\n    smp_rmb();\n    return r->data;\n}`,
      errors: [{ messageId: "missingComment", line: 7 }],
    },
    {
      name: "a comment above the if does not count for the barrier opening its else arm",
      filename,
      code: reader([
        "    /* Last word */",
        "    if (ready > 1) {",
        "        r->data &= ready;",
        "    } else {",
        "        smp_rmb();",
        "    }",
      ].join("\n")),
      errors: [{ messageId: "missingComment", line: 11 }],
    },
    {
      name: "a comment ending the other arm does not count for the barrier opening an else-if arm",
      filename,
      code: reader([
        "    if (!ready) {",
        "        r->data = 0;",
        "        /* Nothing to read yet. */",
        "    } else if (r->data) {",
        "        smp_rmb();",
        "    }",
      ].join("\n")),
      errors: [{ messageId: "missingComment", line: 11 }],
    },
    {
      name: "a bare eslint-disable-next-line directive is not the barrier's comment",
      filename,
      code: pair("    // eslint-disable-next-line barriers/unpaired-barrier"),
      errors: [{ messageId: "missingComment", line: 8 }],
    },
    {
      name: "a bare block eslint-disable directive is not the barrier's comment",
      filename,
      code: pair("    /* eslint-disable barriers/unpaired-barrier */"),
      errors: [{ messageId: "missingComment", line: 8 }],
    },
    {
      name: "a directive whose -- separator has no reason after it is bare",
      filename,
      code: pair("    // eslint-disable-next-line barriers/unpaired-barrier -- "),
      errors: [{ messageId: "missingComment", line: 8 }],
    },
    {
      name: "a bare directive above the enclosing if is not its comment",
      filename,
      code: reader("    /* eslint-disable-next-line barriers/unpaired-barrier */\n    if (ready) {\n        smp_rmb();\n    }"),
      errors: [{ messageId: "missingComment", line: 9 }],
    },
    {
      name: "a partner named in a directive's reason is checked",
      filename,
      code: pair("    // eslint-disable-next-line barriers/unpaired-barrier -- pairs with smp_rmb() in ring_consume()"),
      errors: [{ messageId: "partnerNotFound", line: 8 }],
    },
    {
      name: "a partner named above the enclosing if must exist",
      filename,
      code: pairWithGuardedReader("    /* Pairs with smp_wmb() in ring_publish(). */"),
      errors: [{
        message: "The comment on smp_rmb() in consume() names ring_publish() as its partner, but the project has no function "
          + "ring_publish(); its partner is smp_wmb() in publish() (ring.c:7).",
        line: 16,
      }],
    },
  ],
});
