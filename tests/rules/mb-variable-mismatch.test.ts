import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import { PRESET_DIALECTS } from "../../src/analysis/dialects/registry.js";
import { lintCWithRule, lintFixtureFiles } from "../helpers/lint-rule.js";
import { tailQueue } from "../helpers/tail-queue.js";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const rule = plugin.rules["mb-variable-mismatch"]!;

function testerFor(preset: string): RuleTester {
  return new RuleTester({
    plugins: { barriers: plugin },
    language: "barriers/c",
    settings: { barriers: { dialects: [...PRESET_DIALECTS[preset]!], project: { enabled: false } } },
  });
}

/** A request slot: the submitter publishes a request, the worker waits for it and reads it. */
function requestSlot(publish: string, wait: string): string {
  return `typedef struct Slot {
    int request;
    bool pending;
} Slot;

void slot_submit(Slot *s, int request)
{
    s->request = request;
    ${publish};
}

int slot_take(Slot *s)
{
    if (!${wait}) {
        return -1;
    }
    return s->request;
}
`;
}

describe("qemu2020", () => {
  testerFor("qemu2020").run("mb-variable-mismatch", rule, {
    valid: [
      { name: "atomic_mb_set() and atomic_mb_read() of the same flag", code: requestSlot("atomic_mb_set(&s->pending, true)", "atomic_mb_read(&s->pending)") },
      { name: "atomic_mb_set() read by an acquire load", code: requestSlot("atomic_mb_set(&s->pending, true)", "atomic_load_acquire(&s->pending)") },
      { name: "an mb set whose reader is not in the file", code: requestSlot("atomic_mb_set(&s->pending, true)", "s->pending") },
    ],
    invalid: [
      {
        name: "the set is on the request, the read on the flag",
        code: requestSlot("atomic_mb_set(&s->request, request);\n    s->pending = true", "atomic_mb_read(&s->pending)"),
        filename: "slot.c",
        errors: [
          {
            line: 9,
            message: "atomic_mb_set(Slot.request) in slot_submit() publishes Slot.request, but nothing in the project reads Slot.request with an mb "
              + "read, an acquire load or a load before a read barrier. atomic_mb_read(Slot.pending) in slot_take() (slot.c:15) waits for "
              + "Slot.pending instead, which nothing publishes; slot_take() reads Slot.request itself at line 18, after waiting for "
              + "Slot.pending. The store and the load have to be on the same variable.",
          },
          { line: 15, messageId: "readNeverSet" },
        ],
      },
    ],
  });
});

describe("qemu", () => {
  testerFor("qemu").run("mb-variable-mismatch", rule, {
    valid: [
      { name: "qatomic_set_mb() read by qatomic_load_acquire()", code: requestSlot("qatomic_set_mb(&s->pending, true)", "qatomic_load_acquire(&s->pending)") },
      { name: "qatomic_store_release() read relaxed then smp_rmb()", code: requestSlot("qatomic_store_release(&s->pending, true)", "qatomic_read(&s->pending)").replace("        return -1;\n    }", "        return -1;\n    }\n    smp_rmb();") },
    ],
    invalid: [
      {
        name: "qatomic_store_release() of the flag, qatomic_load_acquire() of the request",
        code: requestSlot("qatomic_store_release(&s->pending, true)", "qatomic_load_acquire(&s->request)"),
        errors: [
          { line: 9, message: /^qatomic_store_release\(Slot\.pending\) in slot_submit\(\) publishes Slot\.pending, .* qatomic_load_acquire\(Slot\.request\) in slot_take\(\) \(<input>:14\) waits for Slot\.request instead/u },
          { line: 14, message: /^qatomic_load_acquire\(Slot\.request\) in slot_take\(\) waits for Slot\.request, .* qatomic_store_release\(Slot\.pending\) in slot_submit\(\) \(<input>:9\) publishes Slot\.pending instead/u },
        ],
      },
    ],
  });
});

describe("linux", () => {
  testerFor("linux").run("mb-variable-mismatch", rule, {
    valid: [
      { name: "smp_store_release() and smp_load_acquire() of the same flag", code: requestSlot("smp_store_release(&s->pending, true)", "smp_load_acquire(&s->pending)") },
      { name: "a release store read with READ_ONCE() and smp_rmb()", code: requestSlot("smp_store_release(&s->pending, true)", "READ_ONCE(s->pending)").replace("        return -1;\n    }", "        return -1;\n    }\n    smp_rmb();") },
    ],
    invalid: [
      {
        name: "the release and the acquire are on different fields",
        code: requestSlot("smp_store_release(&s->request, request);\n    WRITE_ONCE(s->pending, true)", "smp_load_acquire(&s->pending)"),
        errors: [{ line: 9, messageId: "setNeverRead" }, { line: 15, messageId: "readNeverSet" }],
      },
    ],
  });
});

describe("robustness", () => {
  const garbage = [
    "void f(Slot *s) { atomic_mb_set(&s->, ); } int g(Slot *s) { return atomic_mb_read(&s->",
    "atomic_mb_set(&x, 1); atomic_mb_read(&y);",
    "struct { int a; } *p; void h(void) { atomic_mb_set(&p->a, atomic_mb_read(&p->b)); for (;;) atomic_mb_read(&p->a[]); }",
  ];
  it.each(garbage)("does not crash on %j", (code) => {
    const messages = lintCWithRule(code, "mb-variable-mismatch", { dialects: PRESET_DIALECTS.qemu2020! }, "garbage.c");
    expect(messages.filter((message) => message.messageId === "analysisFailed")).toEqual([]);
  });
});

describe("through the project index", () => {
  it("reports each half in its own file, naming the other file", async () => {
    const results = await lintFixtureFiles(
      "mb-read-set-broken", ["reader.c", "writer.c"], "mb-variable-mismatch", { dialects: PRESET_DIALECTS.qemu2020! },
    );
    const messages = results.map((result) => result.messages.map((message) => `${result.filePath.split("/").pop()}:${message.line} ${message.message.slice(0, 80)}`));
    expect(messages).toEqual([
      ["reader.c:7 atomic_mb_read(Worker.has_request) in worker_poll() waits for Worker.has_request"],
      ["writer.c:7 atomic_mb_set(Worker.request) in worker_submit() publishes Worker.request, but n"],
    ]);
    expect(results[0]!.messages[0]!.message).toContain("atomic_mb_set(Worker.request) in worker_submit() (writer.c:7) publishes Worker.request instead");
  });
});

describe("a tail pointer that always points at a next field", () => {
  const QUEUE = tailQueue(`
static struct rcu_head *try_dequeue(void)
{
    struct rcu_head *node = head;
    struct rcu_head *next = qatomic_load_acquire(&node->next);
    if (!next) {
        return NULL;
    }
    head = next;
    return node;
}
`);
  testerFor("qemu").run("mb-variable-mismatch", rule, {
    valid: [{ name: "the release through *tail is the acquire of ->next: one variable", filename: "rcu.c", code: QUEUE }],
    invalid: [],
  });
});
