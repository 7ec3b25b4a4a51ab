import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import { PRESET_DIALECTS } from "../../src/analysis/dialects/registry.js";
import { lintCWithRule, lintFixtureFiles } from "../helpers/lint-rule.js";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const rule = plugin.rules["dependency-barrier"]!;

function testerFor(preset: string): RuleTester {
  return new RuleTester({
    plugins: { barriers: plugin },
    language: "barriers/c",
    settings: { barriers: { dialects: [...PRESET_DIALECTS[preset]!], project: { enabled: false } } },
  });
}

/** A writer that fills an entry before publishing it; readers follow with the code given. */
function table(publish: string, reader: string): string {
  return `struct entry { int key; int value; };
struct table { struct entry *cur; int hits; };

void table_publish(struct table *t, struct entry *e)
{
    e->value = 42;
    t->hits = 0;
    ${publish}
}

int table_lookup(struct table *t)
{
${reader}
}
`;
}

const QEMU2020_PUBLISH = "smp_wmb();\n    atomic_set(&t->cur, e);";

describe("qemu2020", () => {
  const throughPointer = "    struct entry *e = atomic_read(&t->cur);\n    smp_read_barrier_depends();\n    return e->value;";
  const underCondition = "    struct entry *e = atomic_read(&t->cur);\n    smp_read_barrier_depends();\n    if (e) {\n        return t->hits;\n    }\n    return 0;";
  testerFor("qemu2020").run("dependency-barrier", rule, {
    valid: [
      { name: "the load after the barrier goes through the pointer", code: table(QEMU2020_PUBLISH, throughPointer) },
      { name: "smp_rmb() orders a load under a condition", code: table(QEMU2020_PUBLISH, underCondition.replace("smp_read_barrier_depends", "smp_rmb")) },
    ],
    invalid: [
      {
        name: "the load after the barrier only runs under a test of the pointer",
        code: table(QEMU2020_PUBLISH, underCondition),
        errors: [{
          messageId: "controlDependency",
          line: 15,
          suggestions: [{ messageId: "useRmb", output: table(QEMU2020_PUBLISH, underCondition.replace("smp_read_barrier_depends", "smp_rmb")) }],
        }],
      },
      {
        name: "nothing after the barrier depends on the load before it",
        code: `int generation;\n${table(QEMU2020_PUBLISH, "    int h = atomic_read(&t->hits);\n    smp_read_barrier_depends();\n    return h + atomic_read(&generation);")}`,
        errors: [{
          message: /^smp_read_barrier_depends\(\) in table_lookup\(\) is not followed by any load whose address comes from the load of table\.hits \(line 15\)/u,
          suggestions: [{
            messageId: "useRmb",
            output: `int generation;\n${table(QEMU2020_PUBLISH, "    int h = atomic_read(&t->hits);\n    smp_rmb();\n    return h + atomic_read(&generation);")}`,
          }],
        }],
      },
    ],
  });
});

describe("qemu", () => {
  const publish = "smp_wmb();\n    qatomic_set(&t->cur, e);";
  testerFor("qemu").run("dependency-barrier", rule, {
    valid: [
      { name: "qatomic_rcu_read() followed through the pointer", code: table("qatomic_rcu_set(&t->cur, e);", "    struct entry *e = qatomic_rcu_read(&t->cur);\n    return e ? e->value : 0;") },
      { name: "a test of the pointer, but no writer publishes the other field through it", code: table("qatomic_rcu_set(&t->cur, e);", "    struct entry *e = qatomic_rcu_read(&t->cur);\n    return e ? e->key : 0;").replace("e->value = 42;", "") },
    ],
    invalid: [
      {
        name: "qatomic_rcu_read() tested, then another field of the writer read",
        code: table("qatomic_rcu_set(&t->cur, e);", "    struct entry *e = qatomic_rcu_read(&t->cur);\n    return e ? t->hits : 0;"),
        filename: "table.c",
        errors: [{
          line: 14,
          message: "The load of table.hits in table_lookup() runs only under a condition on the value of qatomic_rcu_read(table.cur) (line 13); its "
            + "address does not come from that value. A control dependency does not order loads, yet qatomic_rcu_set(table.cur) in "
            + "table_publish() (table.c:8) stores table.hits first and publishes it through table.cur: put smp_rmb() between the two loads, "
            + "or make the first an acquire load.",
        }],
      },
      {
        name: "a relaxed load followed through its address and also tested",
        code: table(publish, "    struct entry *e = qatomic_read(&t->cur);\n    int h = 0;\n    if (e) {\n        h = t->hits;\n    }\n    return e->value + h;"),
        errors: [{ messageId: "controlDependencyPair", line: 17 }],
      },
    ],
  });
});

describe("linux", () => {
  const publish = "smp_wmb();\n    WRITE_ONCE(t->cur, e);";
  testerFor("linux").run("dependency-barrier", rule, {
    valid: [
      { name: "rcu_dereference() followed through the pointer", code: table("rcu_assign_pointer(t->cur, e);", "    struct entry *e = rcu_dereference(t->cur);\n    return e ? e->value : 0;") },
      { name: "READ_ONCE() of the pointer then the field through it", code: table(publish, "    struct entry *e = READ_ONCE(t->cur);\n    smp_read_barrier_depends();\n    return e->value;") },
    ],
    invalid: [
      {
        name: "rcu_dereference() tested, then another field read",
        code: table("rcu_assign_pointer(t->cur, e);", "    if (rcu_dereference(t->cur))\n        return t->hits;\n    return 0;"),
        errors: [{ messageId: "controlDependencyPair", line: 14 }],
      },
      {
        name: "read_barrier_depends() before a load under a condition: rmb() is suggested",
        code: table(publish, "    struct entry *e = READ_ONCE(t->cur);\n    read_barrier_depends();\n    return e ? t->hits : 0;"),
        errors: [{
          messageId: "controlDependency",
          suggestions: [{ messageId: "useRmb", output: table(publish, "    struct entry *e = READ_ONCE(t->cur);\n    rmb();\n    return e ? t->hits : 0;") }],
        }],
      },
    ],
  });
});

describe("robustness", () => {
  const garbage = [
    "int f(struct t *t) { smp_read_barrier_depends(; return t->",
    "smp_read_barrier_depends(); } } { if (rcu_dereference(x)) return y->z;",
    "void g(void) { for (;;) { p = atomic_rcu_read(&p->next); if (p) continue; smp_read_barrier_depends(); } }",
    "#define smp_read_barrier_depends() barrier()\nvoid h(void) { smp_read_barrier_depends(); }",
  ];
  it.each(garbage)("does not crash on %j", (code) => {
    const messages = lintCWithRule(code, "dependency-barrier", {}, "garbage.c");
    expect(messages.filter((message) => message.messageId === "analysisFailed")).toEqual([]);
  });
});

describe("through the project index", () => {
  it("finds the writer of the published field in another file", async () => {
    const [reader, writer] = await lintFixtureFiles(
      "rcu-publish-broken", ["reader.c", "writer.c"], "dependency-barrier", { dialects: PRESET_DIALECTS.linux! },
    );
    expect(reader!.messages.map((message) => [message.line, message.messageId])).toEqual([[11, "controlDependencyPair"]]);
    expect(reader!.messages[0]!.message).toContain("rcu_assign_pointer(cfg_holder.active) in cfg_publish() (writer.c:8)");
    expect(writer!.messages).toEqual([]);
  });
});

describe("same field, other object; one report per line", () => {
  const LIST = `struct node { int key; struct node *next; };
struct list { struct node *head; int count; };

void list_push(struct list *l, struct node *n)
{
    n->key = 1;
    l->count = 1;
    qatomic_rcu_set(&l->head, n);
}

int list_find(struct list *l, struct node *mine)
{
    struct node *first = qatomic_rcu_read(&l->head);
READER
}
`;
  testerFor("qemu").run("dependency-barrier", rule, {
    valid: [{
      name: "the caller's own node read beside the published one: the field is ordered through the pointer",
      code: LIST.replace("READER", "    if (!first) {\n        return 0;\n    }\n    return first->key == mine->key;"),
    }],
    invalid: [{
      name: "a field loaded twice on one line under the condition is reported once",
      code: LIST.replace("READER", "    if (!first) {\n        return 0;\n    }\n    return l->count > 0 && l->count < 8;"),
      errors: [{ messageId: "controlDependencyPair", line: 17 }],
    }],
  });
});
