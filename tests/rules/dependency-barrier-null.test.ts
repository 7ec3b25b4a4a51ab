import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  plugins: { barriers: plugin },
  language: "barriers/c",
  settings: { barriers: { dialects: ["liburcu", "gcc"], project: { enabled: false } } },
});

/** A queue whose enqueuer moves the tail and then links the node; the dequeuer follows `next`. */
const QUEUE = `struct node { struct node *next; int value; };
struct queue { struct node *tail; int count; };

void queue_append(struct queue *q, struct node *n)
{
    struct node *old = uatomic_xchg(&q->tail, n);
    q->count = 1;
    cmm_smp_wmb();
    rcu_set_pointer(&old->next, n);
}
`;

tester.run("dependency-barrier: what a reader that saw NULL loads", plugin.rules["dependency-barrier"]!, {
  valid: [
    {
      name: "loads under `== NULL` of the head: nothing was published through a NULL pointer",
      code: `${QUEUE}
int queue_next(struct queue *q, struct node *n)
{
    struct node *next;
    if ((next = rcu_dereference(n->next)) == NULL) {
        return q->count;
    }
    return next->value;
}`,
    },
  ],
  invalid: [
    {
      name: "the same load on the path where the head is not NULL is ordered by nothing",
      code: `${QUEUE}
int queue_next(struct queue *q, struct node *n)
{
    struct node *next = rcu_dereference(n->next);
    if (next == NULL)
        return 0;
    return q->count;
}`,
      errors: [{ messageId: "controlDependencyPair" }],
    },
  ],
});
