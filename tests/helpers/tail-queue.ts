/**
 * A lock-free queue in the shape of QEMU's call_rcu list: `tail` always points at the last node's
 * `next`, and the enqueuer publishes through it. `extra` is appended (a dequeuer, another writer).
 */
export function tailQueue(extra = ""): string {
  return `
struct rcu_head { struct rcu_head *next; int data; };
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
}
