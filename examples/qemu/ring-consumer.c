/* Consumer: see the new index, then read the descriptor it covers. */
#include "ring.h"

int ring_consume(DescRing *ring, Descriptor *out)
{
    uint16_t seen = ring->last_seen;

    /* Pairs with smp_wmb() in ring_publish(). */
    smp_rmb();
    if (qatomic_read(&ring->avail_idx) == seen) {
        return 0;
    }
    out->addr = ring->desc[seen % RING_SIZE].addr;
    out->len = ring->desc[seen % RING_SIZE].len;
    ring->last_seen = seen + 1;
    qatomic_add(&ring->stats_bytes, out->len);
    return 1;
}
