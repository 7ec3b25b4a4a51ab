import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const filename = "async.c";
const tester = (dialects: string[]) => new RuleTester({
  plugins: { barriers: plugin }, language: "barriers/c", settings: { barriers: { dialects, project: { enabled: false } } },
});

/** An event loop in the shape of QEMU's bottom halves: the scheduler side, then `prepare` (the poller side). */
function eventLoop(prepare: string, prefix = "qatomic_"): string {
  return `
typedef struct Task { struct Loop *loop; unsigned flags; struct Task *next; } Task;
typedef struct Loop { unsigned notify_me; Task *first; } Loop;

void loop_notify(Loop *loop)
{
    smp_mb();
    if (${prefix}read(&loop->notify_me)) {
        kick(loop);
    }
}

void task_schedule(Task *t)
{
    ${prefix}fetch_or(&t->flags, 1);
    loop_notify(t->loop);
}

static int loop_has_work(Loop *loop)
{
    Task *t;
    for (t = ${prefix}rcu_read(&loop->first); t; t = ${prefix}rcu_read(&t->next)) {
        if (${prefix}read(&t->flags) & 1) {
            return 1;
        }
    }
    return 0;
}

int loop_prepare(Loop *loop)
{
${prepare}
    return loop_has_work(loop);
}`;
}

const NOTIFY = "loop_notify() (async.c:7)";

tester(["qemu", "c11", "gcc"]).run("full-barrier-pairing", plugin.rules["full-barrier-pairing"]!, {
  valid: [
    { name: "a full barrier on both sides", filename, code: eventLoop("    qatomic_set(&loop->notify_me, 1);\n    smp_mb();") },
    { name: "the RMW followed by smp_mb__after_rmw()", filename, code: eventLoop("    qatomic_or(&loop->notify_me, 1);\n    smp_mb__after_rmw();") },
  ],
  invalid: [
    {
      name: "QEMU's 2020 Arm hang: the RMW taken for a full barrier",
      filename,
      code: eventLoop("    qatomic_or(&loop->notify_me, 1);"),
      errors: [{
        suggestions: [{ messageId: "insertFence", output: (eventLoop("    qatomic_or(&loop->notify_me, 1);")).replace("qatomic_or(&loop->notify_me, 1);", "qatomic_or(&loop->notify_me, 1);\n    smp_mb__after_rmw();") }],
        message: "qatomic_or(Loop.notify_me) in loop_prepare() is not a full barrier for the accesses around it: nothing orders the "
          + "store to Loop.notify_me before the load of Task.flags (via loop_has_work()). Store buffering with smp_mb() in "
          + `${NOTIFY}, which orders the store to Task.flags (via caller task_schedule()) before the load of Loop.notify_me, `
          + "needs both; add smp_mb__after_rmw() after it. LKMM allows it: loop_prepare()'s qatomic_read(Task.flags) reads 0 (the initial value), and loop_notify()'s qatomic_read(Loop.notify_me) reads 0 (the initial value).",
        line: 32,
        column: 5,
      }],
    },
    {
      name: "a write barrier where store buffering needs a full one",
      filename,
      code: eventLoop("    qatomic_set(&loop->notify_me, 1);\n    smp_wmb();"),
      errors: [{
        suggestions: [{ messageId: "insertFence", output: (eventLoop("    qatomic_set(&loop->notify_me, 1);\n    smp_wmb();")).replace("qatomic_set(&loop->notify_me, 1);", "qatomic_set(&loop->notify_me, 1);\n    smp_mb();") }],
        message: "smp_wmb() in loop_prepare() does not order the store to Loop.notify_me before the load of Task.flags (via "
          + `loop_has_work()). Store buffering with smp_mb() in ${NOTIFY}, which orders the store to Task.flags (via caller `
          + "task_schedule()) before the load of Loop.notify_me with a full barrier, needs one on this side too: use smp_mb() instead. LKMM allows it: loop_prepare()'s qatomic_read(Task.flags) reads 0 (the initial value), and loop_notify()'s qatomic_read(Loop.notify_me) reads 0 (the initial value).",
        line: 33,
      }],
    },
  ],
});

tester(["qemu2020", "gcc"]).run("full-barrier-pairing (qemu2020)", plugin.rules["full-barrier-pairing"]!, {
  valid: [],
  invalid: [{
    name: "the 2020 text calls the RMW a full barrier; the rule does not, and suggests smp_mb()",
    filename,
    code: eventLoop("    atomic_or(&loop->notify_me, 1);", "atomic_"),
    errors: [{
        suggestions: [{ messageId: "insertFence", output: (eventLoop("    atomic_or(&loop->notify_me, 1);", "atomic_")).replace("atomic_or(&loop->notify_me, 1);", "atomic_or(&loop->notify_me, 1);\n    smp_mb();") }],
      message: "atomic_or(Loop.notify_me) in loop_prepare() is not a full barrier for the accesses around it: nothing orders the "
        + "store to Loop.notify_me before the load of Task.flags (via loop_has_work()). Store buffering with smp_mb() in "
        + `${NOTIFY}, which orders the store to Task.flags (via caller task_schedule()) before the load of Loop.notify_me, `
        + "needs both; add smp_mb() after it. LKMM allows it: loop_prepare()'s atomic_read(Task.flags) reads 0 (the initial value), and loop_notify()'s atomic_read(Loop.notify_me) reads 0 (the initial value).",
    }],
  }],
});

const LINUX = `
struct waiter { int sleeping; int pending; };

void wake(struct waiter *w)
{
    WRITE_ONCE(w->pending, 1);
    smp_mb();
    if (READ_ONCE(w->sleeping))
        wake_up(w);
}
`;

tester(["linux", "gcc"]).run("full-barrier-pairing (linux)", plugin.rules["full-barrier-pairing"]!, {
  valid: [
    {
      name: "a value-returning atomic is a full barrier in Linux",
      filename: "wait.c",
      code: `${LINUX}
int prepare(struct waiter *w)
{
    atomic_inc_return((atomic_t *)&w->sleeping);
    return READ_ONCE(w->pending);
}`,
    },
    {
      name: "a void atomic followed by smp_mb__after_atomic()",
      filename: "wait.c",
      code: `${LINUX}
int prepare(struct waiter *w)
{
    atomic_inc((atomic_t *)&w->sleeping);
    smp_mb__after_atomic();
    return READ_ONCE(w->pending);
}`,
    },
  ],
  invalid: [{
    name: "a void atomic is unordered",
    filename: "wait.c",
    code: `${LINUX}
int prepare(struct waiter *w)
{
    atomic_inc((atomic_t *)&w->sleeping);
    return READ_ONCE(w->pending);
}`,
    errors: [{
        suggestions: [{ messageId: "insertFence", output: (`${LINUX}
int prepare(struct waiter *w)
{
    atomic_inc((atomic_t *)&w->sleeping);
    return READ_ONCE(w->pending);
}`).replace("atomic_inc((atomic_t *)&w->sleeping);", "atomic_inc((atomic_t *)&w->sleeping);\n    smp_mb__after_atomic();") }],
      message: "atomic_inc(waiter.sleeping) in prepare() is not a full barrier for the accesses around it: nothing orders the store "
        + "to waiter.sleeping before the load of waiter.pending. Store buffering with smp_mb() in wake() (wait.c:7), which orders "
        + "the store to waiter.pending before the load of waiter.sleeping, needs both; add smp_mb__after_atomic() after it. LKMM allows it: prepare()'s READ_ONCE(waiter.pending) reads 0 (the initial value), and wake()'s READ_ONCE(waiter.sleeping) reads 0 (the initial value).",
      line: 14,
    }],
  }],
});

const nearness = new RuleTester({
  plugins: { barriers: plugin },
  language: "barriers/c",
  settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { enabled: false } } },
});

const loop = (reader: string) => `
typedef struct Loop { int notify_me; int flags; } Loop;
${reader}
void notify(Loop *l)
{
    qatomic_set(&l->flags, 1);
    /* Pairs with the RMW in poll(). */
    smp_mb();
    if (qatomic_read(&l->notify_me)) {
        kick(l);
    }
}

void poll(Loop *l)
{
    qatomic_fetch_add(&l->notify_me, 2);
    check(l);
}
`;

/* A store-buffering cycle counts when its accesses are the barrier's own or one call away. */
nearness.run("full-barrier-pairing", plugin.rules["full-barrier-pairing"]!, {
  valid: [
    {
      name: "the load that closes the cycle is two calls away from the RMW",
      filename: "loop.c",
      code: loop(`static void peek(Loop *l) { if (qatomic_read(&l->flags)) { wake(l); } }
static void check(Loop *l) { peek(l); }`),
    },
  ],
  invalid: [
    {
      name: "the load that closes the cycle is in a direct callee of the RMW's function",
      filename: "loop.c",
      code: loop(`static void check(Loop *l) { if (qatomic_read(&l->flags)) { wake(l); } }`),
      errors: [{
        suggestions: [{ messageId: "insertFence", output: (loop(`static void check(Loop *l) { if (qatomic_read(&l->flags)) { wake(l); } }`)).replace("qatomic_fetch_add(&l->notify_me, 2);", "qatomic_fetch_add(&l->notify_me, 2);\n    smp_mb__after_rmw();") }], messageId: "rmwNotFullBarrier", line: 16 }],
    },
  ],
});

const twoThreads = (weakSide: string) => `
typedef struct Loop { int notify_me; int flags; int count; } Loop;

void notify(Loop *l)
{
    qatomic_set(&l->flags, 1);
    /* Pairs with the poller. */
    smp_mb();
    if (qatomic_read(&l->notify_me)) {
        kick(l);
    }
}
${weakSide}`;

/* What is not store buffering, or not this side's to order. */
nearness.run("full-barrier-pairing (not a store-buffering pair)", plugin.rules["full-barrier-pairing"]!, {
  valid: [
    {
      name: "a store and a later load of the same field: the thread sees its own store",
      filename: "loop.c",
      code: `
typedef struct Loop { int notify_me; } Loop;

void kick_self(Loop *l)
{
    qatomic_set(&l->notify_me, 1);
    smp_mb();
    if (qatomic_read(&l->notify_me)) {
        wake(l);
    }
}

void run(Loop *l)
{
    qatomic_set(&l->notify_me, 0);
    if (qatomic_load_acquire(&l->notify_me)) {
        wake(l);
    }
}`,
    },
    {
      name: "an mb store before the acquire load already ends with a full barrier",
      filename: "loop.c",
      code: twoThreads(`
void poll(Loop *l)
{
    qatomic_set_mb(&l->notify_me, 1);
    if (qatomic_load_acquire(&l->flags)) {
        wake(l);
    }
}`),
    },
    {
      name: "two points one thread runs in sequence in one function",
      filename: "loop.c",
      code: `
typedef struct Loop { int notify_me; int flags; } Loop;

void notify_then_poll(Loop *l)
{
    qatomic_set(&l->flags, 1);
    /* Pairs with the poller in another thread. */
    smp_mb();
    if (qatomic_read(&l->notify_me)) {
        kick(l);
    }
    qatomic_fetch_add(&l->notify_me, 2);
    if (qatomic_read(&l->flags)) {
        wake(l);
    }
}`,
    },
    {
      name: "the store and the load are both the caller's, around an unrelated counter",
      filename: "loop.c",
      code: twoThreads(`
static void account(Loop *l)
{
    qatomic_inc(&l->count);
    trace_account(l);
}

void poll(Loop *l)
{
    qatomic_set(&l->notify_me, 1);
    account(l);
    if (qatomic_read(&l->flags)) {
        wake(l);
    }
}`),
    },
  ],
  invalid: [
    {
      name: "the same poller with the RMW as its own function's store",
      filename: "loop.c",
      code: twoThreads(`
void poll(Loop *l)
{
    qatomic_fetch_add(&l->notify_me, 2);
    if (qatomic_read(&l->flags)) {
        wake(l);
    }
}`),
      errors: [{
        suggestions: [{ messageId: "insertFence", output: (twoThreads(`
void poll(Loop *l)
{
    qatomic_fetch_add(&l->notify_me, 2);
    if (qatomic_read(&l->flags)) {
        wake(l);
    }
}`)).replace("qatomic_fetch_add(&l->notify_me, 2);", "qatomic_fetch_add(&l->notify_me, 2);\n    smp_mb__after_rmw();") }], messageId: "rmwNotFullBarrier", line: 16 }],
    },
  ],
});

nearness.run("full-barrier-pairing (the full side's pair)", plugin.rules["full-barrier-pairing"]!, {
  valid: [{
    name: "the full barrier's store and load both come from its caller: an incidental cycle",
    filename: "loop.c",
    code: `
typedef struct Loop { int notify_me; int flags; int count; } Loop;

static void barrier_then_count(Loop *l)
{
    /* Orders the caller's accesses. */
    smp_mb();
    l->count++;
}

void notify(Loop *l)
{
    qatomic_set(&l->flags, 1);
    barrier_then_count(l);
    if (qatomic_read(&l->notify_me)) {
        kick(l);
    }
}

void poll(Loop *l)
{
    qatomic_fetch_add(&l->notify_me, 2);
    if (qatomic_read(&l->flags)) {
        wake(l);
    }
}`,
  }],
  invalid: [{
    name: "the full barrier's load is its own, its store its caller's",
    filename: "loop.c",
    code: `
typedef struct Loop { int notify_me; int flags; int count; } Loop;

static void barrier_then_peek(Loop *l)
{
    /* Orders the caller's store before the load. */
    smp_mb();
    if (qatomic_read(&l->notify_me)) {
        kick(l);
    }
}

void notify(Loop *l)
{
    qatomic_set(&l->flags, 1);
    barrier_then_peek(l);
}

void poll(Loop *l)
{
    qatomic_fetch_add(&l->notify_me, 2);
    if (qatomic_read(&l->flags)) {
        wake(l);
    }
}`,
    errors: [{
        suggestions: [{ messageId: "insertFence", output: (`
typedef struct Loop { int notify_me; int flags; int count; } Loop;

static void barrier_then_peek(Loop *l)
{
    /* Orders the caller's store before the load. */
    smp_mb();
    if (qatomic_read(&l->notify_me)) {
        kick(l);
    }
}

void notify(Loop *l)
{
    qatomic_set(&l->flags, 1);
    barrier_then_peek(l);
}

void poll(Loop *l)
{
    qatomic_fetch_add(&l->notify_me, 2);
    if (qatomic_read(&l->flags)) {
        wake(l);
    }
}`).replace("qatomic_fetch_add(&l->notify_me, 2);", "qatomic_fetch_add(&l->notify_me, 2);\n    smp_mb__after_rmw();") }], messageId: "rmwNotFullBarrier", line: 21 }],
  }],
});

/** An event in the shape of QEMU's QemuEvent, and a waiter that resets it before checking its condition. */
const EVENT = (reset: string) => `
typedef struct Event { unsigned value; } Event;
typedef struct Job { Event done_ev; int done; } Job;

void event_set(Event *ev)
{
    /* Pairs with the RMW in event_reset(). */
    smp_mb();
    if (qatomic_read(&ev->value) != 0) {
        qatomic_xchg(&ev->value, 0);
        futex_wake(ev);
    }
}

void event_reset(Event *ev)
{
    unsigned value = qatomic_read(&ev->value);
    smp_mb_acquire();
    if (value == 0) {
${reset}
    }
}

void job_finish(Job *job)
{
    qatomic_set(&job->done, 1);
    event_set(&job->done_ev);
}

void job_wait(Job *job)
{
    event_reset(&job->done_ev);
    if (!qatomic_read(&job->done)) {
        event_wait(&job->done_ev);
    }
}
`;

nearness.run("full-barrier-pairing (a primitive's RMW, its caller's check)", plugin.rules["full-barrier-pairing"]!, {
  valid: [{
    name: "the reset's RMW followed by smp_mb__after_rmw(), as QEMU fixed qemu_event_reset() in 2023",
    filename: "event.c",
    code: EVENT("        qatomic_or(&ev->value, 1);\n        smp_mb__after_rmw();"),
  }],
  invalid: [{
    name: "the reset's RMW taken for a full barrier before the caller's check",
    filename: "event.c",
    code: EVENT("        qatomic_or(&ev->value, 1);"),
    errors: [{
        suggestions: [{ messageId: "insertFence", output: (EVENT("        qatomic_or(&ev->value, 1);")).replace("qatomic_or(&ev->value, 1);", "qatomic_or(&ev->value, 1);\n        smp_mb__after_rmw();") }],
      message: "qatomic_or(Event.value) in event_reset() is not a full barrier for the accesses around it: nothing orders the store to "
        + "Event.value before the load of Job.done (via caller job_wait()). Store buffering with smp_mb() in event_set() (event.c:8), "
        + "which orders the store to Job.done (via caller job_finish()) before the load of Event.value, needs both; add "
        + "smp_mb__after_rmw() after it. LKMM allows it: event_reset()'s qatomic_read(Job.done) reads 0 (the initial value), and event_set()'s qatomic_read(Event.value) reads 0 (the initial value).",
      line: 20,
    }],
  }],
});
