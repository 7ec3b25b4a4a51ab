import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import { PRESET_DIALECTS } from "../../src/analysis/dialects/registry.js";
import { lintCWithRule, lintFixtureFiles } from "../helpers/lint-rule.js";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const rule = plugin.rules["atomic-operand-width"]!;

function testerFor(preset: string, hostPointerSize?: 4 | 8): RuleTester {
  return new RuleTester({
    plugins: { barriers: plugin },
    language: "barriers/c",
    settings: { barriers: { dialects: [...PRESET_DIALECTS[preset]!], project: { enabled: false }, ...(hostPointerSize ? { hostPointerSize } : {}) } },
  });
}

const QEMU_STATS = `
#include <stdint.h>
typedef struct Stats {
    uint64_t bytes;
    Int128 total;
    unsigned int requests;
    bool busy;
    float load;
    struct { int lo, hi; } window;
} Stats;

void account(Stats *s, uint64_t len)
{
    qatomic_add(&s->bytes, len);
    qatomic_inc(&s->requests);
    qatomic_set_mb(&s->busy, false);
}
`;

describe("qemu", () => {
  testerFor("qemu").run("atomic-operand-width", rule, {
    valid: [
      { name: "64-bit counters on a 64-bit host, int and bool mb forms", code: QEMU_STATS },
      { name: "qatomic_set_mb() on a pointer-sized type: today's QEMU holds the mb forms to the pointer limit", code: "void f(unsigned long *n, void **p) { qatomic_set_mb(n, 0); qatomic_set_mb(p, 0); }" },
      { name: "a pointer through the rcu primitives", code: "struct n { struct n *next; }; struct n *head; void f(struct n *p) { qatomic_rcu_set(&head, p); qatomic_rcu_read(&head->next); }" },
    ],
    invalid: [
      {
        name: "an Int128 is wider than ATOMIC_REG_SIZE",
        code: `${QEMU_STATS}void reset(Stats *s) { qatomic_set(&s->total, int128_zero()); }`,
        errors: [{
          line: 18,
          message: "qatomic_set() in reset() accesses Stats.total, Int128 of 16 bytes, wider than QEMU's ATOMIC_REG_SIZE, the size of a pointer "
            + "on the host: 8 bytes on a 64-bit host. The access cannot be atomic; protect it with a lock or use a narrower type.",
        }],
      },
      {
        name: "a struct, a float, and an mb form wider than int when the option asks for the reference's limit",
        code: `${QEMU_STATS}void peek(Stats *s, unsigned long *n) { qatomic_read(&s->window); qatomic_add(&s->load, 1); qatomic_set_mb(n, 0); }`,
        options: [{ mbWidth: "int" }],
        errors: [
          { message: /^qatomic_read\(\) in peek\(\) accesses Stats\.window, of type struct, which is a struct, union or array: QEMU's atomics take integers and pointers/u },
          { message: /^qatomic_add\(\) in peek\(\) accesses Stats\.load, of floating type float: qatomic_add\(\) expands to one of GCC's sized __atomic builtins/u },
          { message: /^qatomic_set_mb\(\) in peek\(\) accesses \*n, unsigned long of 8 bytes: .* use qatomic_store_release\(\) followed by smp_mb\(\), or a narrower type\.$/u },
        ],
      },
      {
        name: "the rule option asks for a 32-bit host while the settings say 64",
        code: QEMU_STATS,
        options: [{ hostPointerSize: 4 }],
        errors: [{ line: 14, message: /^qatomic_add\(\) in account\(\) accesses Stats\.bytes, uint64_t of 8 bytes, .*: 4 bytes on a 32-bit host\./u }],
      },
    ],
  });

  testerFor("qemu", 4).run("atomic-operand-width (settings: 32-bit host)", rule, {
    valid: [
      { name: "the rule option asks for a 64-bit host", code: QEMU_STATS, options: [{ hostPointerSize: 8 }] },
      { name: "size_t and long are 4 bytes on a 32-bit host", code: "void f(size_t *n, long *l) { qatomic_inc(n); qatomic_set(l, 0); qatomic_set_mb(l, 1); }" },
    ],
    invalid: [
      {
        name: "uint64_t on a 32-bit host, from settings.barriers.hostPointerSize",
        code: QEMU_STATS,
        errors: [{ line: 14, message: /^qatomic_add\(\) in account\(\) accesses Stats\.bytes, uint64_t of 8 bytes, .*: 4 bytes on a 32-bit host\./u }],
      },
    ],
  });
});

describe("qemu2020", () => {
  const flags = "#include <stdint.h>\nstruct Flags { int armed; uint64_t stamp; bool ready; };\n";
  testerFor("qemu2020").run("atomic-operand-width", rule, {
    valid: [
      { name: "mb forms on int and bool", code: `${flags}void f(struct Flags *f) { atomic_mb_set(&f->armed, 1); atomic_mb_read(&f->ready); }` },
      { name: "mb forms up to a pointer with the mbWidth option", code: `${flags}void f(struct Flags *f) { atomic_mb_set(&f->stamp, 1); }`, options: [{ mbWidth: "pointer" }] },
    ],
    invalid: [
      {
        name: "atomic_mb_set on a 64-bit field",
        code: `${flags}void f(struct Flags *f) { atomic_mb_set(&f->stamp, 1); atomic_mb_read(&f->stamp); }`,
        errors: [
          { message: /^atomic_mb_set\(\) in f\(\) accesses Flags\.stamp, uint64_t of 8 bytes: .*; use atomic_store_release\(\) followed by smp_mb\(\), or a narrower type\.$/u },
          { message: /^atomic_mb_read\(\) in f\(\) accesses Flags\.stamp, uint64_t of 8 bytes: .*; use atomic_load_acquire\(\), or a narrower type\.$/u },
        ],
      },
      {
        name: "a 32-bit host and mb forms up to a pointer: only the pointer limit is left",
        code: `${flags}void f(struct Flags *f) { atomic_mb_set(&f->stamp, 1); }`,
        options: [{ hostPointerSize: 4, mbWidth: "pointer" }],
        errors: [{ message: /^atomic_mb_set\(\) in f\(\) accesses Flags\.stamp, uint64_t of 8 bytes, wider than QEMU's ATOMIC_REG_SIZE.*: 4 bytes on a 32-bit host\./u }],
      },
    ],
  });
});

describe("linux", () => {
  const seq = "struct seq { u64 stamp; __int128 both; struct { int a, b; } pair; };\n";
  testerFor("linux").run("atomic-operand-width", rule, {
    valid: [
      { name: "READ_ONCE of u64 and of a small struct", code: `${seq}void f(struct seq *s) { READ_ONCE(s->stamp); READ_ONCE(s->pair); }` },
      { name: "READ_ONCE of u64 on a 32-bit host", code: `${seq}void f(struct seq *s) { WRITE_ONCE(s->stamp, 0); }`, options: [{ hostPointerSize: 4 }] },
    ],
    invalid: [
      {
        name: "READ_ONCE wider than long long",
        code: `${seq}void f(struct seq *s) { READ_ONCE(s->both); }`,
        errors: [{ message: /^READ_ONCE\(\) in f\(\) accesses seq\.both, __int128 of 16 bytes, wider than sizeof\(long long\), the most READ_ONCE\(\)\/WRITE_ONCE\(\) accept: 8 bytes\. /u }],
      },
      {
        name: "smp_load_acquire of u64 on a 32-bit host",
        code: `${seq}void f(struct seq *s) { smp_load_acquire(&s->stamp); }`,
        options: [{ hostPointerSize: 4 }],
        errors: [{ message: /^smp_load_acquire\(\) in f\(\) accesses seq\.stamp, u64 of 8 bytes, wider than the kernel's native word size \(__native_word\(\)\): 4 bytes on a 32-bit host\./u }],
      },
    ],
  });
});

describe("robustness", () => {
  const garbage = [
    "qatomic_set(&((struct { Int128 x; } *)0)->x, 0",
    "void f( { qatomic_set_mb(&&s->, ); } } }",
    "typedef typedef struct { ; } ;; void g(void) { qatomic_read(&g->h[][]); }",
    "\u0000\u0001 #define qatomic_read(p) (*(p))\nvoid h(void) { qatomic_read(&x.y.z[1].w); }",
  ];

  it.each(garbage)("does not crash on %j", (code) => {
    for (const options of [[], [{ hostPointerSize: 4, mbWidth: "pointer" }]]) {
      const messages = lintCWithRule(code, "atomic-operand-width", { options }, "garbage.c");
      // A file the C language rejects (binary) is a parsing error; the rule itself must neither throw nor fail.
      expect(messages.filter((message) => message.messageId === "analysisFailed")).toEqual([]);
      expect(messages.every((message) => message.fatal || message.ruleId === "barriers/atomic-operand-width")).toBe(true);
    }
  });
});

describe("through the project index", () => {
  async function lintFixture(options: unknown[]): Promise<number[]> {
    const [result] = await lintFixtureFiles("atomic-widths", ["stats.c"], "atomic-operand-width", { dialects: PRESET_DIALECTS.qemu!, options });
    expect(result!.messages.filter((message) => message.ruleId !== "barriers/atomic-operand-width")).toEqual([]);
    return result!.messages.map((message) => message.line);
  }

  it("finds field types in the headers, with the shared analysis and with the rule's own host size", async () => {
    expect(await lintFixture([])).toEqual([11, 14, 26]);
    expect(await lintFixture([{ hostPointerSize: 4 }])).toEqual([8, 9, 11, 14, 22, 26]);
  });
});
