import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  plugins: { barriers: plugin }, language: "barriers/c", settings: { barriers: { dialects: ["linux", "gcc"], project: { enabled: false } } },
});

/** A release/acquire pair on a flag; the reader's plain store to the data runs under `guard`. */
const releaseAcquire = (guard: string) => `
struct msg { int flag; int data; };

void producer(struct msg *m)
{
    int seen = m->data;
    smp_store_release(&m->flag, 1);
}

void consumer(struct msg *m)
{
    int r = smp_load_acquire(&m->flag);
    ${guard}m->data = 1;
}
`;

/** Data published through a pointer; the reader dereferences what it loaded. */
const publish = (reader: string) => `
struct obj { int val; };
struct obj *gp;
struct obj target;

void publisher(void)
{
    WRITE_ONCE(target.val, 1);
    rcu_assign_pointer(gp, &target);
}

int subscriber(void)
{
    struct obj *p = ${reader};
    return READ_ONCE(p->val);
}
`;

/** A flag whose value decides whether the reader reads the data; no barrier on either side. */
const guarded = (writer: string) => `
struct ring { int ready; int slot; };

void post(struct ring *r)
{
    WRITE_ONCE(r->slot, 5);
${writer}    WRITE_ONCE(r->ready, 1);
}

int poll(struct ring *r)
{
    if (READ_ONCE(r->ready) != 0)
        return READ_ONCE(r->slot);
    return -1;
}
`;

tester.run("unpaired-barrier: pairs the shapes accept, pointers, guards", plugin.rules["unpaired-barrier"]!, {
  valid: [
    {
      name: "the reader stores the data only when it saw the flag: no race, the pair holds",
      filename: "lb.c",
      code: releaseAcquire("if (r)\n        "),
    },
    {
      name: "an address dependency through the published pointer orders the reader (rcu_dereference)",
      filename: "rcu.c",
      code: publish("rcu_dereference(gp)"),
    },
    {
      name: "an address dependency from READ_ONCE() orders it as well, exactly as LKMM says",
      filename: "rcu.c",
      code: publish("READ_ONCE(gp)"),
    },
    {
      name: "a reader that polls the flag, then reads the data: the loop leaves only once the flag is set",
      filename: "poll.c",
      code: `
struct msg { int flag; int data; };

void producer(struct msg *m)
{
    m->data = 1;
    smp_store_release(&m->flag, 1);
}

int consumer(struct msg *m)
{
    while (!smp_load_acquire(&m->flag))
        cpu_relax();
    return m->data;
}
`,
    },
    {
      name: "a writer whose caller holds a lock: the lock orders, not the marked accesses",
      filename: "guard.c",
      code: `${guarded("").replace("void post(", "static void post_locked(").replace("int poll(", "int poll_locked(")}
struct mutex m;
void post(struct ring *r)
{
    mutex_lock(&m);
    post_locked(r);
    mutex_unlock(&m);
}
`,
    },
  ],
  invalid: [
    {
      name: "the reader stores the data even when it missed the flag: LKMM finds the race",
      filename: "lb.c",
      code: releaseAcquire(""),
      errors: [{ messageId: "pairBroken", line: 7 }],
    },
    {
      name: "a guard read and a writer with no barrier on either side",
      filename: "guard.c",
      code: guarded(""),
      errors: [{ messageId: "unorderedGuard", line: 12 }],
    },
  ],
});
