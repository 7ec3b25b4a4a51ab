import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/*
 * A side of a message-passing pair whose other side runs outside the project (the guest's driver),
 * left without its barrier while another function of the file orders the same two accesses.
 */

const tester = new RuleTester({
  plugins: { barriers: plugin }, language: "barriers/c",
  settings: { barriers: { dialects: ["qemu"], project: { enabled: false } } },
});

/** A device's queue in guest memory: the guest's driver fills the avail ring, the device fills the used ring. */
const QUEUE = `
typedef unsigned long hwaddr;
typedef struct AddressSpace AddressSpace;
unsigned lduw_le_phys(AddressSpace *as, hwaddr addr);
void stw_le_phys(AddressSpace *as, hwaddr addr, unsigned val);
void smp_rmb(void);
void smp_wmb(void);

typedef struct Queue { AddressSpace *as; hwaddr avail; hwaddr used; unsigned last_avail; unsigned used_idx; } Queue;

static unsigned avail_idx(Queue *q) { return lduw_le_phys(q->as, q->avail + 2); }
static unsigned avail_ring(Queue *q, unsigned i) { return lduw_le_phys(q->as, q->avail + 4 + 2 * i); }
static void used_ring_set(Queue *q, unsigned i, unsigned head) { stw_le_phys(q->as, q->used + 4 + 4 * i, head); }
static void used_idx_set(Queue *q, unsigned idx) { stw_le_phys(q->as, q->used + 2, idx); }

int queue_peek(Queue *q)
{
    if (avail_idx(q) == q->last_avail) {
        return -1;
    }
    /* The guest's driver writes the entry before the index. */
    smp_rmb();
    return avail_ring(q, q->last_avail);
}

void queue_push(Queue *q, unsigned head)
{
    used_ring_set(q, q->used_idx, head);
    /* The guest's driver reads the entry after the index. */
    smp_wmb();
    used_idx_set(q, ++q->used_idx);
}
`;

/** A helper that ends with the read barrier its callers rely on. */
const HEADS = `
static int queue_heads(Queue *q)
{
    int heads = avail_idx(q) - q->last_avail;
    if (heads) {
        /* Callers read the entries after the index. */
        smp_rmb();
    }
    return heads;
}

void queue_drain(Queue *q)
{
    while (queue_heads(q) > 0) {
        avail_ring(q, q->last_avail++);
    }
}
`;

const POP = `
int queue_pop(Queue *q)
{
    if (avail_idx(q) == q->last_avail) {
        return -1;
    }
    /* The guest's driver writes the entry before the index. */
    smp_rmb();
    return avail_ring(q, q->last_avail++);
}
`;

const PUSH_MANY = `
void queue_push_many(Queue *q, const unsigned *heads, int n)
{
    for (int i = 0; i < n; i++) {
        used_ring_set(q, q->used_idx + i, heads[i]);
    }
    /* The guest's driver reads the entries after the index. */
    smp_wmb();
    used_idx_set(q, q->used_idx += n);
}
`;

/** Device emulation that reads two words of guest memory and orders nothing anywhere: no intent to ask about. */
const NO_BARRIER_ANYWHERE = `
typedef unsigned long hwaddr;
typedef struct AddressSpace AddressSpace;
unsigned ldl_le_phys(AddressSpace *as, hwaddr addr);
void stl_le_phys(AddressSpace *as, hwaddr addr, unsigned val);

typedef struct Timer { AddressSpace *as; hwaddr base; } Timer;

unsigned timer_read_pair(Timer *t)
{
    unsigned low = ldl_le_phys(t->as, t->base);
    return low + ldl_le_phys(t->as, t->base + 4);
}

void timer_write_pair(Timer *t, unsigned low, unsigned high)
{
    stl_le_phys(t->as, t->base, low);
    stl_le_phys(t->as, t->base + 4, high);
}
`;

/** libvhost-user style: the ring's structures are named, and the dialect says the guest shares them. */
const NAMED_RING = `
void smp_rmb(void);
struct vring_avail { unsigned short flags; unsigned short idx; unsigned short ring[]; };
typedef struct Virtq { struct vring_avail *avail; unsigned short last_avail; unsigned num; } Virtq;

static unsigned short avail_idx(Virtq *vq) { return vq->avail->idx; }

int virtq_num_heads(Virtq *vq)
{
    int heads = avail_idx(vq) - vq->last_avail;
    if (heads) {
        /* The entries are read after the index. */
        smp_rmb();
        heads += vq->avail->ring[0] & 0;
    }
    return heads;
}
`;

/** A table in the guest's format written through a host pointer, both words in either order by the branch. */
const HASH_TABLE = `
typedef unsigned long hwaddr;
typedef struct SpaprMachineState { void *htab; } SpaprMachineState;
void stq_p(void *ptr, unsigned long v);
void smp_wmb(void);

void store_entry(SpaprMachineState *spapr, hwaddr index, unsigned long pte0, unsigned long pte1)
{
    hwaddr offset = index * 16;
    if (pte0 & 1) {
        stq_p(spapr->htab + offset + 8, pte1);
        /* Setting the valid bit: the second word first. */
        smp_wmb();
        stq_p(spapr->htab + offset, pte0);
    } else {
        stq_p(spapr->htab + offset, pte0);
        /* Clearing the valid bit: the first word first. */
        smp_wmb();
        stq_p(spapr->htab + offset + 8, pte1);
    }
}
`;

tester.run("unpaired-barrier (outside parties)", plugin.rules["unpaired-barrier"]!, {
  valid: [
    { name: "both sides of the guest's rings ordered", filename: "queue.c", code: QUEUE + POP + PUSH_MANY },
    { name: "guest memory read and written twice, with no barrier in the file", filename: "timer.c", code: NO_BARRIER_ANYWHERE },
    { name: "both branches of a hash-table store ordered", filename: "htab.c", code: HASH_TABLE },
    { name: "the read barrier at the end of the helper that loads the index", filename: "queue.c", code: QUEUE.replace(/int queue_peek[\s\S]*?\n\}\n/u, "") + HEADS },
    {
      name: "a named ring read with its barrier",
      filename: "vq.c",
      code: `${NAMED_RING}
int virtq_pop(Virtq *vq)
{
    if (avail_idx(vq) == vq->last_avail) {
        return -1;
    }
    /* The entry is read after the index. */
    smp_rmb();
    return vq->avail->ring[vq->last_avail++ % vq->num];
}
`,
    },
    {
      name: "a plain field of a named ring (its index) is not compared: it is as often the device's own copy of a descriptor",
      filename: "vq.c",
      code: `${NAMED_RING}
int virtq_pop(Virtq *vq)
{
    if (avail_idx(vq) == vq->last_avail) {
        return -1;
    }
    return vq->avail->ring[vq->last_avail++ % vq->num];
}
`,
    },
  ],
  invalid: [
    {
      name: "one branch of a hash-table store without the write barrier the other branch has",
      filename: "htab.c",
      code: HASH_TABLE.replace("/* Clearing the valid bit: the first word first. */\n        smp_wmb();", ""),
      errors: [{ messageId: "outsideStores", line: 16, data: {
        function: "store_entry", first: "*SpaprMachineState.htab in store_entry() (htab.c:16)",
        second: "*SpaprMachineState.htab in store_entry() (htab.c:18)", holder: "the vCPUs' hash MMU (TCG or KVM PR)",
        partner: "smp_wmb() in store_entry() (htab.c:13)",
      } }],
    },
    {
      name: "a pop without the barrier that a helper gives its callers",
      filename: "queue.c",
      code: QUEUE.replace(/int queue_peek[\s\S]*?\n\}\n/u, "") + HEADS + POP.replace("smp_rmb();", ""),
      errors: [{ messageId: "outsideLoads" }],
    },
    {
      name: "the avail index, then the entry it publishes, with no read barrier",
      filename: "queue.c",
      code: QUEUE + POP.replace("smp_rmb();", ""),
      errors: [{
        messageId: "outsideLoads", line: 36,
        data: {
          function: "queue_pop", first: "lduw_le_phys() in avail_idx() (queue.c:11)", second: "lduw_le_phys() in avail_ring() (queue.c:12)",
          holder: "the guest", partner: "smp_rmb() in queue_peek() (queue.c:22)",
        },
      }],
    },
    {
      name: "the used entries, then the index that publishes them, with no write barrier",
      filename: "queue.c",
      code: QUEUE + PUSH_MANY.replace("smp_wmb();", ""),
      errors: [{ messageId: "outsideStores", line: 37 }],
    },
  ],
});
