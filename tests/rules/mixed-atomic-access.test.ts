import * as tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import { lintCWithRule, lintFixtureFiles } from "../helpers/lint-rule.js";
import plugin from "../../src/index.js";
import { PRESET_DIALECTS } from "../../src/analysis/dialects/registry.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const rule = plugin.rules["mixed-atomic-access"]!;

function cTester(preset: "qemu" | "linux" | "c11" | "qemu2020"): RuleTester {
  return new RuleTester({
    plugins: { barriers: plugin },
    language: "barriers/c",
    settings: { barriers: { dialects: [...PRESET_DIALECTS[preset]!], project: { enabled: false } } },
  });
}

/** An expected error, with the one accessor its suggestion writes (`[the access as written, its replacement]`) or none. */
type CError = Record<string, unknown> & { line?: number; fix?: readonly [string, string] | null };
interface CCases { valid: RuleTester.ValidTestCase[]; invalid: (Omit<RuleTester.InvalidTestCase, "errors"> & { errors: CError[] })[] }

/** `code` with the first `from` on line `line` (1-based) replaced by `to`. */
function replacedOnLine(code: string, line: number, from: string, to: string): string {
  const lines = code.split("\n");
  const index = lines[line - 1]!.indexOf(from);
  if (index < 0) throw new Error(`no ${from} on line ${line}`);
  lines[line - 1] = lines[line - 1]!.slice(0, index) + to + lines[line - 1]!.slice(index + from.length);
  return lines.join("\n");
}

/** Runs C cases; each error says which accessor its suggestion writes (`fix`), and the output is checked. */
function runC(preset: "qemu" | "linux" | "c11" | "qemu2020", name: string, cases: CCases): void {
  const invalid = cases.invalid.map((test) => ({
    ...test,
    errors: test.errors.map(({ fix, ...error }) => ({
      ...error,
      suggestions: fix ? [{ messageId: "useAtomics", data: { replacement: fix[1] }, output: replacedOnLine(test.code, error.line!, fix[0], fix[1]) }] : [],
    })),
  }));
  cTester(preset).run(name, rule, { valid: cases.valid, invalid: invalid as RuleTester.InvalidTestCase[] });
}

const QEMU_TYPES = "typedef struct Port { QemuMutex lock; bool running; unsigned pending; unsigned irqs; } Port;\n";

runC("qemu", "mixed-atomic-access (qemu)", {
  valid: [
    {
      name: "every access of the flag is atomic",
      code: `${QEMU_TYPES}void port_stop(Port *p) { qatomic_set(&p->running, false); }
void port_loop(Port *p) { while (qatomic_read(&p->running)) { } }`,
    },
    {
      name: "set-up through g_new0 before the object is published",
      code: `${QEMU_TYPES}Port *port_open(void)
{
    Port *p = g_new0(Port, 1);
    p->running = true;
    p->pending = 0;
    return p;
}
void port_stop(Port *p) { qatomic_set(&p->running, false); }`,
    },
    {
      name: "set-up in a *_init function",
      code: `${QEMU_TYPES}void port_init(Port *p) { p->running = true; qemu_mutex_init(&p->lock); }
void port_stop(Port *p) { qatomic_set(&p->running, false); }`,
    },
    {
      name: "a plain read under the lock that every writer holds",
      code: `${QEMU_TYPES}void port_raise(Port *p)
{
    QEMU_LOCK_GUARD(&p->lock);
    qatomic_set(&p->pending, p->pending + 1);
}
unsigned port_pending(Port *p) { return qatomic_read(&p->pending); }`,
    },
    {
      name: "the user's allocator",
      options: [{ allocators: ["port_pool_get"] }],
      code: `${QEMU_TYPES}Port *port_open(void)
{
    Port *p = port_pool_get();
    p->running = true;
    return p;
}
void port_stop(Port *p) { qatomic_set(&p->running, false); }`,
    },
    {
      name: "the user's lock functions",
      options: [{ lockFunctions: ["port_lock"], unlockFunctions: ["port_unlock"] }],
      code: `${QEMU_TYPES}void port_raise(Port *p) { port_lock(p); qatomic_inc(&p->irqs); port_unlock(p); }
unsigned port_irqs(Port *p) { unsigned n; port_lock(p); n = p->irqs; port_unlock(p); return n; }`,
    },
  ],
  invalid: [
    {
      name: "a spin on a flag another function sets atomically",
      filename: "port.c",
      code: `${QEMU_TYPES}void port_stop(Port *p) { qatomic_set(&p->running, false); }
void port_loop(Port *p) { while (p->running) { } }`,
      errors: [{
        messageId: "mixed", line: 3, fix: ["p->running", "qatomic_read(&p->running)"],
        data: {
          what: "read", key: "Port.running", function: "port_loop", atomicApi: "qatomic_set()", atomicFunction: "port_stop",
          atomicLocation: "port.c:2", more: "", fix: "qatomic_read()", lockNote: "",
        },
      }],
    },
    {
      name: "a plain increment of a counter that is incremented atomically elsewhere",
      code: `${QEMU_TYPES}void port_irq(Port *p) { qatomic_inc(&p->irqs); }
void port_replay(Port *p) { p->irqs++; }`,
      errors: [{ messageId: "mixed", line: 3 }],
    },
    {
      name: "the lock's own writes are plain while a reader goes without it",
      code: `${QEMU_TYPES}void port_raise(Port *p) { qemu_mutex_lock(&p->lock); p->pending++; qemu_mutex_unlock(&p->lock); }
unsigned port_pending(Port *p) { return qatomic_read(&p->pending); }`,
      errors: [{ messageId: "mixed", line: 2 }],
    },
    {
      name: "set-up is reported when ignoreInitialization is off",
      options: [{ ignoreInitialization: false }],
      code: `${QEMU_TYPES}void port_init(Port *p) { p->running = true; }
void port_stop(Port *p) { qatomic_set(&p->running, false); }`,
      errors: [{ messageId: "mixed", line: 2, fix: ["p->running = true", "qatomic_set(&p->running, true)"] }],
    },
    {
      name: "a store after the object was published is no set-up",
      code: `${QEMU_TYPES}Port *current;
void port_open(void)
{
    Port *p = g_new0(Port, 1);
    qatomic_set(&current, p);
    p->running = true;
}
void port_stop(Port *p) { qatomic_set(&p->running, false); }`,
      errors: [{ messageId: "mixed", line: 7, fix: ["p->running = true", "qatomic_set(&p->running, true)"] }],
    },
  ],
});

const LINK_TYPES = "typedef struct Link { QemuMutex lock; bool raw; bool up; unsigned queued; } Link;\n";

runC("qemu", "mixed-atomic-access (qemu): locks found in the project, set-up and thread phases", {
  valid: [
    {
      name: "a project function that takes the lock on every path is a lock function",
      code: `${LINK_TYPES}static void link_lock(Link *l)
{
    if (l->raw) {
        qemu_mutex_lock__raw(&l->lock);
    } else {
        qemu_mutex_lock(&l->lock);
    }
}
static void link_unlock(Link *l) { qemu_mutex_unlock(&l->lock); }
void link_queue(Link *l) { link_lock(l); qatomic_set(&l->queued, l->queued + 1); link_unlock(l); }
void link_flush(Link *l) { link_lock(l); qatomic_set(&l->queued, 0); link_unlock(l); }
unsigned link_backlog(Link *l) { return qatomic_read(&l->queued); }`,
    },
    {
      name: "a static helper three calls below the function that holds the lock",
      code: `${LINK_TYPES}static unsigned peek(Link *l) { return l->queued; }
static unsigned peek_twice(Link *l) { return peek(l) + peek(l); }
static unsigned peek_thrice(Link *l) { return peek_twice(l) + 1; }
void link_sample(Link *l) { qemu_mutex_lock(&l->lock); peek_thrice(l); qemu_mutex_unlock(&l->lock); }
void link_queue(Link *l) { QEMU_LOCK_GUARD(&l->lock); qatomic_inc(&l->queued); }
unsigned link_backlog(Link *l) { return qatomic_read(&l->queued); }`,
    },
    {
      name: "BQL_LOCK_GUARD holds the BQL to the end of its block",
      code: `${LINK_TYPES}void link_queue(Link *l) { BQL_LOCK_GUARD(); qatomic_set(&l->queued, l->queued + 1); }
void link_flush(Link *l) { BQL_LOCK_GUARD(); qatomic_set(&l->queued, 0); }
unsigned link_backlog(Link *l) { return qatomic_read(&l->queued); }`,
    },
    {
      name: "set-up in a QOM instance_init named *_initfn",
      code: `${LINK_TYPES}static void link_initfn(Object *obj) { Link *l = LINK(obj); l->up = false; }
void link_down(Link *l) { qatomic_set(&l->up, false); }`,
    },
    {
      name: "tear-down in a QOM instance_finalize",
      code: `${LINK_TYPES}static void link_finalize(Object *obj) { Link *l = LINK(obj); if (l->up) { link_hw_off(l); } }
void link_down(Link *l) { qatomic_set(&l->up, false); }`,
    },
    {
      name: "a store in the function that initialises the lock, and reads under that lock",
      code: `static QemuMutex ops_lock;
static int pending_ops;
void ops_setup(void)
{
    pending_ops = 0;
    qemu_mutex_init(&ops_lock);
}
void ops_begin(void)
{
    qemu_mutex_lock(&ops_lock);
    qatomic_set(&pending_ops, pending_ops + 1);
    qemu_mutex_unlock(&ops_lock);
}
bool ops_busy(void) { return qatomic_read(&pending_ops) != 0; }`,
    },
    {
      name: "a local that a macro of the file declares is not the global of that name",
      code: `typedef struct TestData { int n; } TestData;
int data;
void data_bump(void) { qatomic_inc(&data); }
#define INIT_TEST_DATA(var) \\
    TestData var = {        \\
        .n = 1,             \\
    }
void test_one(void)
{
    INIT_TEST_DATA(data);
    run_test(data);
}`,
    },
    {
      name: "counters zeroed before the workers start and read after they are joined",
      code: `static int hits;
static QemuThread workers[4];
static void *worker(void *opaque) { qatomic_inc(&hits); return NULL; }
static void start_workers(void)
{
    for (int i = 0; i < 4; i++) {
        qemu_thread_create(&workers[i], "worker", worker, NULL, QEMU_THREAD_JOINABLE);
    }
}
static void join_workers(void)
{
    for (int i = 0; i < 4; i++) {
        qemu_thread_join(&workers[i]);
    }
}
static int test_hits(void)
{
    hits = 0;
    start_workers();
    join_workers();
    return hits;
}`,
    },
    {
      name: "a helper called only after the workers are joined",
      code: `static int hits;
static QemuThread workers[4];
static void *worker(void *opaque) { qatomic_inc(&hits); return NULL; }
static void print_stats(void) { printf("%d\\n", hits); }
int main(void)
{
    for (int i = 0; i < 4; i++) {
        qemu_thread_create(&workers[i], "worker", worker, NULL, QEMU_THREAD_JOINABLE);
    }
    for (int i = 0; i < 4; i++) {
        qemu_thread_join(&workers[i]);
    }
    print_stats();
    return 0;
}`,
    },
  ],
  invalid: [
    {
      name: "a helper also called while the workers run",
      code: `static int hits;
static QemuThread workers[4];
static void *worker(void *opaque) { qatomic_inc(&hits); return NULL; }
static void print_stats(void) { printf("%d\\n", hits); }
int main(void)
{
    for (int i = 0; i < 4; i++) {
        qemu_thread_create(&workers[i], "worker", worker, NULL, QEMU_THREAD_JOINABLE);
    }
    print_stats();
    for (int i = 0; i < 4; i++) {
        qemu_thread_join(&workers[i]);
    }
    print_stats();
    return 0;
}`,
      errors: [{ messageId: "mixed", line: 4, fix: ["hits", "qatomic_read(&hits)"] }],
    },
    {
      name: "a function that takes the lock on one path only is no lock function",
      code: `${LINK_TYPES}static void link_maybe_lock(Link *l) { if (l->raw) { qemu_mutex_lock(&l->lock); } }
void link_queue(Link *l) { link_maybe_lock(l); l->queued = 1; }
void link_flush(Link *l) { qatomic_set(&l->queued, 0); }`,
      errors: [{ messageId: "mixed", line: 3, fix: ["l->queued = 1", "qatomic_set(&l->queued, 1)"] }],
    },
    {
      name: "a plain write under a lock function of the project still races with a lock-free reader",
      code: `${LINK_TYPES}static void link_lock(Link *l) { qemu_mutex_lock(&l->lock); }
static void link_unlock(Link *l) { qemu_mutex_unlock(&l->lock); }
void link_queue(Link *l) { link_lock(l); l->queued++; link_unlock(l); }
unsigned link_backlog(Link *l) { return qatomic_read(&l->queued); }`,
      errors: [{ line: 4, message: /A lock is held here, but link_backlog\(\) .* reads it without one\.$/u }],
    },
    {
      name: "a read in the function that initialises the lock is no set-up, nor a store after a publication",
      code: `static QemuMutex ops_lock;
static int pending_ops;
static bool ops_ready;
void ops_reset(void)
{
    qatomic_set(&ops_ready, true);
    pending_ops = 0;
    qemu_mutex_init(&ops_lock);
    if (pending_ops) {
        abort();
    }
}
void ops_begin(void) { qatomic_inc(&pending_ops); }
bool ops_busy(void) { return qatomic_read(&pending_ops) != 0; }`,
      errors: [
        { messageId: "mixed", line: 7, fix: ["pending_ops = 0", "qatomic_set(&pending_ops, 0)"] },
        { messageId: "mixed", line: 9, fix: ["pending_ops", "qatomic_read(&pending_ops)"] },
      ],
    },
    {
      name: "a macro that does not declare its argument leaves the global's name to the global",
      code: `int data;
void data_bump(void) { qatomic_inc(&data); }
#define CHECK_DATA(var) g_assert(var != 0)
void test_one(void)
{
    CHECK_DATA(data);
}`,
      errors: [{ messageId: "mixed", line: 6, fix: ["data", "qatomic_read(&data)"] }],
    },
    {
      name: "a read while the workers run, and a store before detached workers start",
      code: `static int hits;
static QemuThread workers[4];
static void *worker(void *opaque) { qatomic_inc(&hits); return NULL; }
static void test_hits(void)
{
    hits = 0;
    for (int i = 0; i < 4; i++) {
        qemu_thread_create(&workers[i], "worker", worker, NULL, QEMU_THREAD_JOINABLE);
    }
    while (hits < 4) {
        g_usleep(1000);
    }
    for (int i = 0; i < 4; i++) {
        qemu_thread_join(&workers[i]);
    }
}
static void start_detached(void)
{
    hits = 0;
    qemu_thread_create(&workers[0], "worker", worker, NULL, QEMU_THREAD_DETACHED);
}`,
      errors: [
        { messageId: "mixed", line: 10, fix: ["hits", "qatomic_read(&hits)"] },
        { messageId: "mixed", line: 19, fix: ["hits = 0", "qatomic_set(&hits, 0)"] },
      ],
    },
  ],
});

runC("qemu2020", "mixed-atomic-access (qemu2020)", {
  valid: [{
    name: "atomic_mb_read and atomic_mb_set on both sides",
    code: "typedef struct W { int has_request; } W;\nvoid w_post(W *w) { atomic_mb_set(&w->has_request, 1); }\nint w_poll(W *w) { return atomic_mb_read(&w->has_request); }",
  }],
  invalid: [{
    name: "the 2020 API's atomic_mb_set against a plain read",
    code: "typedef struct W { int has_request; } W;\nvoid w_post(W *w) { atomic_mb_set(&w->has_request, 1); }\nint w_poll(W *w) { return w->has_request; }",
    errors: [{ line: 3, fix: ["w->has_request", "atomic_read(&w->has_request)"], message: /^Plain read of W\.has_request in w_poll\(\), .*\(atomic_mb_set\(\) in w_post\(\) .*use atomic_read\(\)\.$/u }],
  }],
});

const LINUX_TYPES = "struct sq { unsigned int head; unsigned int tail; spinlock_t lock; };\n";

runC("linux", "mixed-atomic-access (linux)", {
  valid: [
    {
      name: "READ_ONCE against WRITE_ONCE",
      code: `${LINUX_TYPES}void sq_publish(struct sq *q, unsigned int t) { WRITE_ONCE(q->tail, t); }
unsigned int sq_peek(struct sq *q) { return READ_ONCE(q->tail); }`,
    },
    {
      name: "a read under the spin lock every writer takes",
      code: `${LINUX_TYPES}void sq_publish(struct sq *q, unsigned int t)
{
    spin_lock(&q->lock);
    smp_store_release(&q->tail, t);
    spin_unlock(&q->lock);
}
unsigned int sq_used(struct sq *q)
{
    unsigned int used;
    spin_lock(&q->lock);
    used = q->tail - q->head;
    spin_unlock(&q->lock);
    return used;
}`,
    },
    {
      name: "set-up of a kzalloc'ed queue",
      code: `${LINUX_TYPES}struct sq *sq_alloc(void)
{
    struct sq *q = kzalloc(sizeof(*q), GFP_KERNEL);
    q->tail = 0;
    return q;
}
void sq_publish(struct sq *q, unsigned int t) { smp_store_release(&q->tail, t); }`,
    },
  ],
  invalid: [{
    name: "a plain read of the tail the producer releases",
    code: `${LINUX_TYPES}void sq_publish(struct sq *q, unsigned int t) { smp_store_release(&q->tail, t); }
unsigned int sq_peek(struct sq *q) { return q->tail; }`,
    errors: [{ line: 3, fix: ["q->tail", "READ_ONCE(q->tail)"], message: /^Plain read of sq\.tail in sq_peek\(\), .*\(smp_store_release\(\) in sq_publish\(\) .*use READ_ONCE\(\)\.$/u }],
  }],
});

runC("c11", "mixed-atomic-access (c11)", {
  valid: [{
    name: "atomic_load_explicit against atomic_store_explicit",
    code: "struct chan { int ready; };\nvoid chan_set(struct chan *c) { atomic_store_explicit(&c->ready, 1, memory_order_release); }\nint chan_get(struct chan *c) { return atomic_load_explicit(&c->ready, memory_order_acquire); }",
  }],
  invalid: [{
    name: "a pthread-locked write races with a lock-free C11 load",
    code: `struct chan { int ready; pthread_mutex_t m; };
void chan_set(struct chan *c) { pthread_mutex_lock(&c->m); c->ready = 1; pthread_mutex_unlock(&c->m); }
int chan_get(struct chan *c) { return atomic_load_explicit(&c->ready, memory_order_acquire); }`,
    errors: [{
      line: 2, fix: ["c->ready = 1", "atomic_store_explicit(&c->ready, 1, memory_order_relaxed)"],
      message: /^Plain write of chan\.ready .*use atomic_store_explicit\(\.\.\., memory_order_relaxed\)\. A lock is held here, but chan_get\(\) .* reads it without one\.$/u,
    }],
  }],
});

const tsTester = new RuleTester({
  plugins: { barriers: plugin },
  languageOptions: { parser: tsParser },
  settings: { barriers: { dialects: ["js", "qemu", "linux"], project: { enabled: false } } },
});

tsTester.run("mixed-atomic-access (ts)", rule, {
  valid: [
    {
      name: "Atomics on both sides of the flag",
      filename: "gate.ts",
      code: `const gate = new Int32Array(new SharedArrayBuffer(4));
export function open(): void { Atomics.store(gate, 0, 1); Atomics.notify(gate, 0); }
export function pass(): void { while (Atomics.load(gate, 0) === 0) Atomics.wait(gate, 0, 0); }`,
    },
    {
      name: "another index of the same array is another location",
      filename: "gate.ts",
      code: `const cells = new Int32Array(new SharedArrayBuffer(8));
export function open(): void { Atomics.store(cells, 0, 1); }
export function count(): number { return cells[1]; }`,
    },
  ],
  invalid: [
    {
      name: "a spin loop on the flag with a plain index",
      filename: "gate.ts",
      code: `const gate = new Int32Array(new SharedArrayBuffer(4));
export function open(): void { Atomics.store(gate, 0, 1); }
export function pass(): void { while (gate[0] === 0) {} }`,
      errors: [{
      line: 3,
      message: "Plain read of gate[0] in pass(), which is accessed atomically elsewhere (Atomics.store() in open() at gate.ts:2): "
        + "the compiler may tear, fuse or hoist a plain access; use Atomics.load().",
      // No Atomics.notify() on the gate: nothing would wake an Atomics.wait(), so only the load is offered.
      suggestions: [{ messageId: "useAtomics", output: `const gate = new Int32Array(new SharedArrayBuffer(4));
export function open(): void { Atomics.store(gate, 0, 1); }
export function pass(): void { while (Atomics.load(gate, 0) === 0) {} }` }],
    }],
    },
    {
      name: "a plain write of a word others update with Atomics.add",
      filename: "counter.ts",
      code: `const hits = new Int32Array(new SharedArrayBuffer(4));
export function hit(): void { Atomics.add(hits, 0, 1); }
export function reset(): void { hits[0] = 0; }`,
      errors: [{
        line: 3,
        message: /^Plain write of hits\[0\] in reset\(\), .*\(Atomics\.add\(\) in hit\(\) .*use Atomics\.store\(\)\.$/u,
        suggestions: [{ messageId: "useAtomics", output: `const hits = new Int32Array(new SharedArrayBuffer(4));
export function hit(): void { Atomics.add(hits, 0, 1); }
export function reset(): void { Atomics.store(hits, 0, 0); }` }],
      }],
    },
  ],
});

describe("the only writer reading its own location", () => {
  const ring = `
struct ring { unsigned long head; unsigned long tail; int buf[16]; };

void put(struct ring *r, int v)
{
    unsigned long head = r->head;

    r->buf[head % 16] = v;
    smp_store_release(&r->head, head + 1);
}

int get(struct ring *r)
{
    unsigned long tail = r->tail;
    int v;

    if (smp_load_acquire(&r->head) == tail)
        return -1;
    v = r->buf[tail % 16];
    smp_store_release(&r->tail, tail + 1);
    return v;
}
`;
  const lint = (options: object) => lintCWithRule(ring, "mixed-atomic-access", { dialects: ["linux", "gcc"], options: [options] }, "ring.c");

  it("is not reported by default", () => {
    expect(lint({})).toEqual([]);
  });

  it("is reported with ignoreOwnerReads: false, naming the atomic store", () => {
    const messages = lint({ ignoreOwnerReads: false });
    expect(messages.map((message) => message.line)).toEqual([6, 14]);
    expect(messages[0]!.message).toMatch(/^Plain read of ring\.head in put\(\), which is accessed atomically elsewhere \(smp_store_release\(\) in put\(\)/u);
  });
});

const TREE_TYPES = "typedef struct Node { struct Node *left; struct Node *right; int weight; } Node;\n";

runC("qemu", "mixed-atomic-access (qemu): what the code states about locks and writers", {
  valid: [
    {
      name: "a plain read of a location that is only ever read atomically: no write to race with",
      code: `typedef struct Mig { int state; } Mig;
bool mig_active(Mig *m) { return m->state == 3; }
int mig_state(Mig *m) { return qatomic_read(&m->state); }`,
    },
    {
      name: "a writer's own reads of the links it then sets (writers exclude each other)",
      code: `${TREE_TYPES}void node_rotate(Node *n)
{
    Node *l = n->left;
    qatomic_set(&n->left, l->right);
    qatomic_set(&l->right, n);
}
Node *node_first(Node *n) { return qatomic_read(&n->left); }`,
    },
    {
      name: "assert(bql_locked()) states the BQL is held, and so does every writer",
      code: `${QEMU_TYPES}void port_kick(Port *p)
{
    assert(bql_locked());
    p->pending = 1;
}
void port_ack(Port *p)
{
    BQL_LOCK_GUARD();
    qatomic_set(&p->pending, 0);
}
unsigned port_count(Port *p)
{
    g_assert(bql_locked());
    return p->pending;
}`,
    },
    {
      name: "TSA_REQUIRES on a definition: entered with the lock held",
      code: `${QEMU_TYPES}static void port_bump(Port *p) TSA_REQUIRES(p->lock)
{
    p->irqs = p->irqs + 1;
}
void port_clear(Port *p)
{
    QEMU_LOCK_GUARD(&p->lock);
    qatomic_set(&p->irqs, 0);
}`,
    },
  ],
  invalid: [
    {
      name: "a plain read races with an atomic write",
      code: `typedef struct Mig { int state; } Mig;
bool mig_active(Mig *m) { return m->state == 3; }
void mig_set(Mig *m, int s) { qatomic_set(&m->state, s); }`,
      errors: [{ messageId: "mixed", line: 2, fix: ["m->state", "qatomic_read(&m->state)"] }],
    },
    {
      name: "a writer's read still races when another writer uses an atomic read-modify-write",
      code: `${TREE_TYPES}void node_reweigh(Node *n)
{
    int w = n->weight;
    qatomic_set(&n->weight, w * 2);
}
void node_hit(Node *n) { qatomic_inc(&n->weight); }`,
      errors: [{ messageId: "mixed", line: 4, fix: ["n->weight", "qatomic_read(&n->weight)"] }],
    },
    {
      name: "bql_locked() tested, not asserted, holds nothing",
      code: `${QEMU_TYPES}void port_kick(Port *p)
{
    if (bql_locked()) {
        p->pending = 1;
    }
}
unsigned port_count(Port *p) { return qatomic_read(&p->pending); }`,
      errors: [{ messageId: "mixed", line: 5, fix: ["p->pending = 1", "qatomic_set(&p->pending, 1)"] }],
    },
    {
      name: "an asserted lock still races with a reader that holds none",
      code: `${QEMU_TYPES}void port_kick(Port *p)
{
    assert(bql_locked());
    p->pending = 1;
}
unsigned port_count(Port *p) { return qatomic_read(&p->pending); }`,
      errors: [{ line: 5, fix: ["p->pending = 1", "qatomic_set(&p->pending, 1)"], message: /A lock is held here, but port_count\(\)/u }],
    },
  ],
});

const ENTRY = "typedef struct Entry { unsigned long ns; unsigned long hits; } Entry;\n";

runC("qemu", "mixed-atomic-access (qemu): one object or another of the same type", {
  valid: [
    {
      name: "a copy filled plainly from the shared entry the same function reads atomically",
      code: `${ENTRY}void entry_hit(Entry *e, unsigned long d) { qatomic_add(&e->ns, d); qatomic_inc(&e->hits); }
void entry_sum(Entry *agg, Entry *e)
{
    agg->ns += qatomic_read(&e->ns);
    agg->hits = qatomic_read(&e->hits);
}`,
    },
  ],
  invalid: [
    {
      name: "the object the function updates atomically, read plainly in the same function",
      code: `${ENTRY}unsigned long entry_hit(Entry *e, unsigned long d)
{
    qatomic_add(&e->ns, d);
    return e->ns;
}
void entry_reset(Entry *e) { qatomic_set(&e->ns, 0); }`,
      errors: [{ messageId: "mixed", line: 5, fix: ["e->ns", "qatomic_read(&e->ns)"] }],
    },
  ],
});

runC("c11", "mixed-atomic-access (c11): volatile fields", {
  valid: [
    {
      name: "a volatile field is accessed with volatile accesses, which the compiler neither fuses nor hoists",
      code: `struct ring { volatile unsigned int head; unsigned int size; };
void ring_publish(struct ring *r, unsigned int h) { atomic_store_explicit(&r->head, h, memory_order_release); }
unsigned int ring_peek(struct ring *r) { return r->head; }`,
    },
  ],
  invalid: [
    {
      name: "a pointer to volatile data is not a volatile field, nor is a 64-bit volatile field on a 32-bit host",
      settings: { barriers: { dialects: ["c11", "gcc"], hostPointerSize: 4, project: { enabled: false } } },
      code: `struct ring { volatile unsigned int *slot; volatile unsigned long long stamp; };
void ring_set(struct ring *r, volatile unsigned int *s) { atomic_store_explicit(&r->slot, s, memory_order_release); }
volatile unsigned int *ring_slot(struct ring *r) { return r->slot; }
void ring_stamp(struct ring *r) { atomic_store_explicit(&r->stamp, 1, memory_order_relaxed); }
unsigned long long ring_when(struct ring *r) { return r->stamp; }`,
      errors: [
        { messageId: "mixed", line: 3, fix: ["r->slot", "atomic_load_explicit(&r->slot, memory_order_relaxed)"] },
        { messageId: "mixed", line: 5, fix: ["r->stamp", "atomic_load_explicit(&r->stamp, memory_order_relaxed)"] },
      ],
    },
    {
      name: "a field of another struct with the same name is not volatile because this one is",
      code: `struct ring { volatile unsigned int head; };
struct log { unsigned int head; };
void log_publish(struct log *l, unsigned int h) { atomic_store_explicit(&l->head, h, memory_order_release); }
unsigned int log_peek(struct log *l) { return l->head; }`,
      errors: [{ messageId: "mixed", line: 4, fix: ["l->head", "atomic_load_explicit(&l->head, memory_order_relaxed)"] }],
    },
  ],
});

runC("linux", "mixed-atomic-access (linux): lockdep and sparse annotations", {
  valid: [
    {
      name: "a read under __must_hold(), and lockdep_assert_held() before every write",
      code: `struct dev { spinlock_t lock; unsigned int pending; };
static unsigned int dev_note(struct dev *d) __must_hold(&d->lock)
{
    return d->pending;
}
void dev_take(struct dev *d)
{
    lockdep_assert_held(&d->lock);
    WRITE_ONCE(d->pending, 0);
}
unsigned int dev_peek(struct dev *d) { return READ_ONCE(d->pending); }`,
    },
  ],
  invalid: [
    {
      name: "without the annotation and the assertion the read races with the write",
      code: `struct dev { spinlock_t lock; unsigned int pending; };
static unsigned int dev_note(struct dev *d)
{
    return d->pending;
}
void dev_take(struct dev *d)
{
    WRITE_ONCE(d->pending, 0);
}`,
      errors: [{ messageId: "mixed", line: 4, fix: ["d->pending", "READ_ONCE(d->pending)"] }],
    },
  ],
});

describe("mixed-atomic-access: a volatile field of a struct the front-end could not read", () => {
  it("is found by the typedef's closing line in the project's headers", async () => {
    const [result] = await lintFixtureFiles("mixed-volatile", ["lock.c"], "mixed-atomic-access", { dialects: ["c11", "gcc"] });
    // `l->locked` is volatile; `c->taken`, of the other struct, is not.
    expect(result!.messages.map((message) => [message.line, message.message.slice(0, 40)])).toEqual([[16, "Plain read of my_count_t.taken in my_tak"]]);
  });
});
