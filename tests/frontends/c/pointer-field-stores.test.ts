import { describe, expect, it } from "vitest";
import { accessSummaries, functionNamed, lower } from "./lower-helpers.js";

/** The tail-pointer queue of QEMU's call_rcu: `tail` always points at the last node's `next`. */
const QUEUE = (extra = "") => `
struct rcu_head { struct rcu_head *next; void (*func)(struct rcu_head *); };
static struct rcu_head dummy;
static struct rcu_head *head = &dummy, **tail = &dummy.next;

static void enqueue(struct rcu_head *node)
{
    struct rcu_head **old_tail;
    node->next = NULL;
    old_tail = qatomic_xchg(&tail, &node->next);
    qatomic_store_release(old_tail, node);
}
${extra}`;

describe("pointers that always hold one field's address", () => {
  it("names what *tail reaches after the xchg: the field every stored address points to", () => {
    const fileIR = lower(QUEUE(), "qemu", {}, "/p/rcu.c");
    expect(accessSummaries(functionNamed(fileIR, "enqueue"))).toEqual([
      "store rcu_head.next plain", "rmw rcu.c::tail seqcst", "store rcu_head.next release",
    ]);
  });

  it("leaves *tail alone when the file also stores an address of something else into tail", () => {
    const fileIR = lower(QUEUE("static void reset(struct rcu_head **other) { tail = other; }"), "qemu", {}, "/p/rcu.c");
    expect(accessSummaries(functionNamed(fileIR, "enqueue"))).toEqual([
      "store rcu_head.next plain", "rmw rcu.c::tail seqcst", "store *rcu.c::tail release",
    ]);
  });
});
