import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";
import { PRESET_DIALECTS } from "../../src/analysis/dialects/registry.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const rule = plugin.rules["unneeded-barrier"]!;

function tester(preset: "qemu" | "linux" | "c11"): RuleTester {
  return new RuleTester({
    plugins: { barriers: plugin },
    language: "barriers/c",
    settings: { barriers: { dialects: [...PRESET_DIALECTS[preset]!], project: { enabled: false } } },
  });
}

const RING = "typedef struct Ring { unsigned head; unsigned tail; unsigned slot[16]; } Ring;\n";

tester("qemu").run("unneeded-barrier (qemu)", rule, {
  valid: [
    {
      name: "message passing: stores on both sides of smp_wmb(), loads on both sides of smp_rmb()",
      code: `${RING}void ring_push(Ring *r, unsigned v)
{
    r->slot[r->tail % 16] = v;
    smp_wmb();
    qatomic_set(&r->tail, r->tail + 1);
}
unsigned ring_pop(Ring *r)
{
    unsigned t = qatomic_read(&r->tail);
    smp_rmb();
    return r->slot[(t - 1) % 16];
}`,
    },
    {
      name: "the stores before the barrier are in a callee",
      code: `${RING}static void ring_fill(Ring *r, unsigned v) { r->slot[0] = v; }
void ring_push(Ring *r, unsigned v) { ring_fill(r, v); smp_wmb(); qatomic_set(&r->tail, 1); }`,
    },
    {
      name: "a barrier at the start of a function orders what its caller stored",
      code: `${RING}void ring_publish(Ring *r) { smp_wmb(); qatomic_set(&r->tail, 1); }
void ring_push(Ring *r, unsigned v) { r->slot[0] = v; ring_publish(r); }`,
    },
    {
      name: "an unknown call before the barrier may store",
      code: `${RING}void ring_push(Ring *r) { dma_fill(r); smp_wmb(); qatomic_set(&r->tail, 1); }`,
    },
    {
      name: "the wrapper's own barrier is not reported",
      code: `${RING}static inline void ring_mb(void) { smp_mb(); }`,
    },
    {
      name: "with reportAtFunctionBoundary off, a barrier at the start of a function without known callers is left alone",
      options: [{ reportAtFunctionBoundary: false }],
      code: `${RING}void ring_publish(Ring *r, unsigned t) { smp_wmb(); qatomic_set(&r->tail, t); }`,
    },
    {
      name: "store buffering: a full barrier between a store and a load",
      code: `${RING}bool ring_prepare(Ring *r) { qatomic_set(&r->head, 1); smp_mb(); return qatomic_read(&r->tail) != 0; }`,
    },
  ],
  invalid: [
    {
      name: "nothing stored before smp_wmb()",
      code: `${RING}void ring_publish(Ring *r, unsigned t)
{
    smp_wmb();
    qatomic_set(&r->tail, t);
}`,
      errors: [{ messageId: "emptySide", line: 4, data: {
        missing: "Nothing is stored before", barrier: "smp_wmb()", function: "ring_publish", looked: "looked back to the start of ring_publish()",
      } }],
    },
    {
      name: "nothing loaded after smp_rmb(), looked through a callee",
      code: `${RING}static void ring_ack(Ring *r) { r->head = 0; }
void ring_consume(Ring *r)
{
    if (qatomic_read(&r->tail)) {
        smp_rmb();
        ring_ack(r);
    }
}`,
      errors: [{
        line: 6,
        message: "Nothing is loaded after smp_rmb() in ring_consume() (looked ahead to the end of ring_consume(), through ring_ack()): it orders nothing there.",
      }],
    },
    {
      name: "with reportAtFunctionBoundary off, known callers that store nothing before the call still count",
      options: [{ reportAtFunctionBoundary: false }],
      code: `${RING}void ring_publish(Ring *r, unsigned t) { smp_wmb(); qatomic_set(&r->tail, t); }
void ring_bump(Ring *r) { ring_publish(r, 1); }`,
      errors: [{
        line: 2,
        message: "Nothing is stored before smp_wmb() in ring_publish() (looked back to the start of ring_publish(), through caller ring_bump()): it orders nothing there.",
      }],
    },
    {
      name: "two write barriers back to back",
      code: `${RING}void ring_push(Ring *r, unsigned v)
{
    r->slot[0] = v;
    smp_wmb();
    smp_wmb();
    qatomic_set(&r->tail, 1);
}`,
      errors: [{ messageId: "duplicateAfter", line: 6, data: { redundant: "smp_wmb()", covering: "smp_wmb()", function: "ring_push" } }],
    },
    {
      name: "a read barrier right after a full one",
      code: `${RING}unsigned ring_peek(Ring *r)
{
    unsigned t = qatomic_read(&r->tail);
    smp_mb();
    smp_rmb();
    return r->slot[t % 16];
}`,
      errors: [{ messageId: "duplicateAfter", line: 6, data: { redundant: "smp_rmb()", covering: "smp_mb()", function: "ring_peek" } }],
    },
    {
      name: "a read barrier right before a full one",
      code: `${RING}unsigned ring_peek(Ring *r)
{
    unsigned t = qatomic_read(&r->tail);
    smp_rmb();
    smp_mb();
    return r->slot[t % 16];
}`,
      errors: [{ messageId: "duplicateBefore", line: 5, data: { redundant: "smp_rmb()", covering: "smp_mb()", function: "ring_peek" } }],
    },
  ],
});

const LINUX_RING = "struct ring { unsigned int head; unsigned int tail; unsigned int slot[16]; };\n";

tester("linux").run("unneeded-barrier (linux)", rule, {
  valid: [
    {
      name: "a mandatory barrier before a device write is not judged",
      code: `${LINUX_RING}void ring_kick(struct ring *r) { wmb(); writel(1, r); }`,
    },
    {
      name: "smp_wmb() between the slot and the index",
      code: `${LINUX_RING}void ring_push(struct ring *r, unsigned int v) { r->slot[0] = v; smp_wmb(); WRITE_ONCE(r->tail, 1); }`,
    },
  ],
  invalid: [
    {
      name: "smp_mb() with nothing after it in a function nobody calls",
      code: `${LINUX_RING}void ring_done(struct ring *r) { WRITE_ONCE(r->head, 0); smp_mb(); }`,
      errors: [{ line: 2, message: /^Nothing is accessed after smp_mb\(\) in ring_done\(\) \(looked ahead to the end of ring_done\(\)\)/u }],
    },
    {
      name: "mb() right after smp_mb() covers it the other way round",
      code: `${LINUX_RING}void ring_push(struct ring *r) { r->slot[0] = 1; smp_mb(); mb(); WRITE_ONCE(r->tail, 1); }`,
      errors: [{ messageId: "duplicateBefore", line: 2, data: { redundant: "smp_mb()", covering: "mb()", function: "ring_push" } }],
    },
  ],
});

tester("c11").run("unneeded-barrier (c11)", rule, {
  valid: [{
    name: "an acquire fence after a relaxed load, before the data load",
    code: `#include <stdatomic.h>
struct box { atomic_int ready; int data; };
int box_take(struct box *b)
{
    while (!atomic_load_explicit(&b->ready, memory_order_relaxed)) { }
    atomic_thread_fence(memory_order_acquire);
    return b->data;
}`,
  }],
  invalid: [{
    name: "a release fence with nothing stored after it",
    code: `#include <stdatomic.h>
struct box { atomic_int ready; int data; };
void box_fill(struct box *b, int v)
{
    b->data = v;
    atomic_thread_fence(memory_order_release);
}`,
    errors: [{
      line: 6,
      message: "Nothing is stored after atomic_thread_fence(memory_order_release) in box_fill() (looked ahead to the end of box_fill()): it orders nothing there.",
    }],
  }],
});

/** A bottom half whose first statement orders what the event loop did before running it. */
const CALLBACK = `${RING}static void ring_complete_bh(void *opaque)
{
    Ring *r = opaque;
    smp_mb_release();
    qatomic_set(&r->head, r->head + 1);
}
`;

tester("qemu").run("unneeded-barrier (callbacks)", rule, {
  valid: [
    {
      name: "a function passed as a callback has callers behind a pointer",
      code: `${CALLBACK}void ring_start(Ring *r) { aio_bh_schedule_oneshot(ctx_of(r), ring_complete_bh, r); }`,
    },
    {
      name: "a function named in a file-scope table of callbacks",
      code: `${CALLBACK}typedef struct RingOps { void (*complete)(void *); } RingOps;
static const RingOps ring_ops = { .complete = ring_complete_bh };`,
    },
  ],
  invalid: [{
    name: "the same function that nothing calls or takes the address of",
    code: CALLBACK,
    errors: [{ messageId: "emptySide", line: 5 }],
  }],
});
