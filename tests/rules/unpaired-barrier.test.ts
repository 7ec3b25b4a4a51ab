import { readFileSync } from "node:fs";
import path from "node:path";
import { Linter, RuleTester, type ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const filename = "ring.c";
const settings = (dialects: string[]) => ({ barriers: { dialects, project: { enabled: false } } });
const qemu = new RuleTester({ plugins: { barriers: plugin }, language: "barriers/c", settings: settings(["qemu", "c11", "gcc"]) });
const linux = new RuleTester({ plugins: { barriers: plugin }, language: "barriers/c", settings: settings(["linux", "gcc"]) });

const RING = `
typedef struct Ring {
    unsigned head;
    unsigned tail;
    int slots[64];
    int ready;
    int data;
} Ring;
`;

qemu.run("unpaired-barrier", plugin.rules["unpaired-barrier"]!, {
  valid: [
    {
      name: "message passing: smp_wmb() after the data, smp_rmb() after the flag",
      filename,
      code: `${RING}
void publish(Ring *r, int v)
{
    r->data = v;
    smp_wmb();
    qatomic_set(&r->ready, 1);
}

int consume(Ring *r)
{
    if (!qatomic_read(&r->ready)) {
        return -1;
    }
    smp_rmb();
    return r->data;
}`,
    },
    {
      name: "release/acquire, the data written by a callee",
      filename,
      code: `${RING}
static void fill(Ring *r, int v)
{
    r->slots[r->head % 64] = v;
}

void produce(Ring *r, int v)
{
    fill(r, v);
    qatomic_store_release(&r->head, r->head + 1);
}

int take(Ring *r)
{
    unsigned head = qatomic_load_acquire(&r->head);
    if (head == r->tail) {
        return -1;
    }
    return r->slots[r->tail % 64];
}`,
    },
    {
      name: "a barrier inside a primitive wrapper is the wrapper's implementation, not a use",
      filename,
      code: `static inline void ring_wmb(void) { smp_wmb(); }`,
    },
    {
      name: "compiler barriers are not ordering points",
      filename,
      code: `${RING}
void spin(Ring *r)
{
    while (!qatomic_read(&r->ready)) {
        barrier();
    }
}`,
    },
  ],
  invalid: [
    {
      name: "a write barrier nobody reads against",
      filename,
      code: `${RING}
void publish(Ring *r, int v)
{
    r->data = v;
    smp_wmb();
    qatomic_set(&r->ready, 1);
}`,
      errors: [{
        message: "smp_wmb() in publish() orders stores to Ring.data before Ring.ready, but the project has no partner for it: "
          + "no read barrier (smp_rmb(), an acquire load or a full barrier) loads Ring.ready before Ring.data.",
        line: 13,
        column: 5,
      }],
    },
    {
      name: "a release store with nothing before it (a fence with an empty side is unneeded-barrier's report)",
      filename,
      code: `${RING}
void publish(Ring *r)
{
    qatomic_store_release(&r->ready, 1);
    r->head = 0;
}`,
      errors: [{ message: "qatomic_store_release(Ring.ready) in publish() has no shared store before it, so no partner could be looked for.", line: 12 }],
    },
    {
      name: "the reader's barrier comes after its data load",
      filename,
      code: `${RING}
void publish(Ring *r, int v)
{
    r->data = v;
    smp_wmb();
    qatomic_set(&r->ready, 1);
}

int consume(Ring *r)
{
    int ready = qatomic_read(&r->ready);
    int value = r->data;
    smp_rmb();
    qatomic_set(&r->tail, r->tail + 1);
    return ready ? value : -1;
}`,
      errors: [
        {
          message: "smp_wmb() in publish() orders stores to Ring.data before Ring.ready, but its only candidate partner smp_rmb() in "
            + "consume() (ring.c:21) loads Ring.data before its barrier, as it does Ring.ready, so nothing orders them: the reader "
            + "must load Ring.data after its barrier. LKMM allows it: consume()'s qatomic_read(Ring.ready) reads 1 (written at ring.c:14 by publish()), and consume()'s load Ring.data reads 0 (the initial value).",
          line: 13,
        },
        {
          message: "smp_rmb() in consume() comes after loading Ring.data, but its candidate partner smp_wmb() in publish() (ring.c:13) "
            + "stores Ring.data before Ring.ready: load Ring.data after the barrier. LKMM allows it: consume()'s qatomic_read(Ring.ready) reads 1 (written at ring.c:14 by publish()), and consume()'s load Ring.data reads 0 (the initial value).",
          line: 21,
        },
      ],
    },
    {
      name: "a paired reader that loads part of the data before its barrier",
      filename,
      code: `${RING}
void publish(Ring *r)
{
    r->data = 1;
    r->tail = 2;
    smp_wmb();
    qatomic_set(&r->ready, 1);
}

int consume(Ring *r)
{
    int early = r->tail;
    if (!qatomic_read(&r->ready)) {
        return -1;
    }
    smp_rmb();
    return r->data + early;
}`,
      errors: [{
        message: "The load of Ring.tail comes before smp_rmb() in consume(), but its partner smp_wmb() in publish() (ring.c:14) stores "
          + "Ring.tail before Ring.ready: load it after the barrier. LKMM allows it: consume()'s load Ring.tail reads 0 (the initial value), and consume()'s qatomic_read(Ring.ready) reads 1 (written at ring.c:15 by publish()).",
        line: 20,
        column: 17,
      }],
    },
  ],
});

/** A job's result, set by a worker deeper in the call graph than the analysis follows. */
const JOB = `
typedef struct Job { int ret; int cancelled; int finished; } Job;

static void job_task_finish(Job *job, int ret)
{
    job->ret = ret;
}

static void job_task_run(Job *job)
{
    job_task_finish(job, run_task(job));
}

static void job_run_tasks(Job *job)
{
    job_task_run(job);
}

void job_run(Job *job)
{
    job_run_tasks(job);
    qatomic_store_release(&job->finished, 1);
}

int job_succeeded(Job *job)
{
    return qatomic_load_acquire(&job->finished) && !qatomic_read(&job->cancelled) && job->ret == 0;
}
`;

qemu.run("unpaired-barrier (flag shared, data out of reach)", plugin.rules["unpaired-barrier"]!, {
  valid: [],
  invalid: [{
    name: "the reader names the release store of its flag, whose data is stored three calls down (the writer sees no data at all)",
    filename: "job.c",
    code: JOB,
    errors: [
      {
        message: "qatomic_store_release(Job.finished) in job_run() has no shared store before it, so no partner could be looked for.",
        line: 22,
      },
      {
        message: "qatomic_load_acquire(Job.finished) in job_succeeded() orders loads of Job.finished before Job.cancelled and Job.ret, "
          + "but its only candidate partner, qatomic_store_release(Job.finished) in job_run() (job.c:22), shares just Job.finished: none "
          + "of the accesses it orders on its other side are these. The missing ones may sit in code the analysis does not follow "
          + "(deeper than callDepth, behind a function pointer or a macro).",
        line: 27,
      },
    ],
  }],
});

linux.run("unpaired-barrier", plugin.rules["unpaired-barrier"]!, {
  valid: [
    {
      name: "kernel ring: the consumer's release of tail pairs with the producer's acquire (slot reuse)",
      filename,
      code: `
struct ring { unsigned head, tail; void *slots[16]; };
void produce(struct ring *r, void *item)
{
    unsigned tail = smp_load_acquire(&r->tail);
    if (r->head - tail >= 16)
        return;
    r->slots[r->head & 15] = item;
    smp_store_release(&r->head, r->head + 1);
}

void *consume(struct ring *r)
{
    unsigned head = smp_load_acquire(&r->head);
    if (head == r->tail)
        return NULL;
    void *item = r->slots[r->tail & 15];
    smp_store_release(&r->tail, r->tail + 1);
    return item;
}`,
    },
    {
      name: "dma barriers order accesses for a device, whose side is not in the project",
      filename,
      code: `
struct desc { unsigned long addr; unsigned flags; };
void post(struct desc *d, unsigned long addr)
{
    d->addr = addr;
    dma_wmb();
    WRITE_ONCE(d->flags, 1);
}`,
    },
  ],
  invalid: [
    {
      name: "the consumer reads head with READ_ONCE(): the producer's release has no partner",
      filename,
      code: `
struct ring { unsigned head, tail; void *slots[16]; };
void produce(struct ring *r, void *item)
{
    r->slots[r->head & 15] = item;
    smp_store_release(&r->head, r->head + 1);
}

void *consume(struct ring *r)
{
    unsigned head = READ_ONCE(r->head);
    return head == r->tail ? 0 : r->slots[r->tail & 15];
}`,
      errors: [{
        message: "smp_store_release(ring.head) in produce() orders stores to ring.slots[] before ring.head, but the project has no "
          + "partner for it: no read barrier (smp_rmb(), an acquire load or a full barrier) loads ring.head before ring.slots[]. LKMM allows it: consume()'s READ_ONCE(ring.head) reads 1 (written at ring.c:6 by produce()), and consume()'s load ring.slots[] reads 0 (the initial value).",
        line: 6,
      }],
    },
  ],
});

describe("unpaired-barrier across files, through the project index", () => {
  /** Lints one file of a fixture directory, the index reading the whole directory. */
  function lintFixtureFile(fixture: string, name: string) {
    const root = path.resolve("tests/fixtures/c", fixture);
    const file = path.join(root, name);
    return new Linter({ configType: "flat" }).verify(readFileSync(file, "utf8"), [{
      files: ["**/*.c", "**/*.h"], plugins: { barriers: plugin as ESLint.Plugin }, language: "barriers/c",
      settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { root, cacheDirectory: false } } },
      rules: { "barriers/unpaired-barrier": "error" },
    }], file);
  }

  it("finds the reader of another file as the writer's partner", () => {
    expect(lintFixtureFile("virtio-ring", "writer.c")).toEqual([]);
  });

  it("reports the writer whose only reader, in another file, loads the data too early", () => {
    expect(lintFixtureFile("virtio-ring-broken", "writer.c").map((message) => [message.line, message.messageId, message.message])).toEqual([[
      15, "partnerEarlyData",
      "smp_wmb() in vring_push() orders stores to VRingDesc.addr and VRingDesc.len before VRing.avail_idx, but its only candidate "
      + "partner smp_rmb() in vring_pop() (reader.c:18) loads VRingDesc.addr and VRingDesc.len before its barrier, as it does "
      + "VRing.avail_idx, so nothing orders them: the reader must load VRingDesc.addr and VRingDesc.len after its barrier. LKMM allows it: vring_pop()'s qatomic_read(VRing.avail_idx) reads 1 (written at writer.c:16 by vring_push()), and vring_pop()'s load VRingDesc.addr reads 0 (the initial value).",
    ]]);
  });
});

const FAR_SIDE = (after: string) => `
typedef struct Slot { int ready; int len; int seq; } Slot;

void slot_publish(Slot *s, int len)
{
    qatomic_store_release(&s->ready, 1);
${after}
}

int slot_read(Slot *s)
{
    if (!qatomic_load_acquire(&s->ready)) {
        return -1;
    }
    return s->len + qatomic_read(&s->seq);
}
`;

qemu.run("unpaired-barrier (stores after a release store)", plugin.rules["unpaired-barrier"]!, {
  valid: [{
    name: "a relaxed atomic store after the release follows a protocol of its own (a seqlock's sequence)",
    filename: "slot.c",
    code: FAR_SIDE("    qatomic_set(&s->seq, 2);").replace("    qatomic_store_release(&s->ready, 1);", "    s->len = len;\n    qatomic_store_release(&s->ready, 1);"),
  }],
  invalid: [{
    name: "a plain load after the release is no misplaced store, even of a field the reader loads",
    filename: "slot.c",
    code: FAR_SIDE("    trace(s->len);"),
    errors: [{ messageId: "nothingToOrder", line: 6 }, { messageId: "flagOnly", line: 12 }],
  }, {
    name: "a plain store after the release that the reader loads after its acquire",
    filename: "slot.c",
    code: FAR_SIDE("    s->len = len;"),
    errors: [{
      message: "The store to Slot.len comes after qatomic_store_release(Slot.ready) in slot_publish(), but its partner "
        + "qatomic_load_acquire(Slot.ready) in slot_read() (slot.c:12) loads Slot.len after Slot.ready: store it before the barrier. LKMM allows it: slot_read()'s qatomic_load_acquire(Slot.ready) reads 1 (written at slot.c:6 by slot_publish()), and slot_read()'s load Slot.len reads 0 (the initial value).",
      line: 7,
    }],
  }],
});

qemu.run("unpaired-barrier (flag shared only through a callee)", plugin.rules["unpaired-barrier"]!, {
  valid: [],
  invalid: [{
    name: "a reader whose flag load sits in a helper is no flag mate: the plain unpaired message",
    filename: "mate.c",
    code: `
typedef struct Box { int ready; int value; int other; } Box;

static int box_ready(Box *b)
{
    return qatomic_read(&b->ready) + 0 * qatomic_read(&b->other);
}

void box_fill(Box *b, int v)
{
    b->value = v;
    smp_wmb();
    qatomic_set(&b->ready, 1);
}

int box_poll(Box *b)
{
    if (!box_ready(b)) {
        return -1;
    }
    smp_rmb();
    return b->other;
}`,
    errors: [{ messageId: "unpaired", line: 12 }, { messageId: "unpaired", line: 21 }],
  }],
});
