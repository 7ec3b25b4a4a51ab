/* Producer: fill a descriptor, then publish it by moving avail_idx. */
#include <string.h>
#include "ring.h"

void ring_publish(DescRing *ring, uint64_t addr, uint32_t len)
{
    uint16_t idx = ring->avail_idx;
    Descriptor *d = &ring->desc[idx % RING_SIZE];

    d->addr = addr;
    d->len = len;
    /* Make the descriptor visible before the index. Pairs with smp_rmb() in ring_consume(). */
    smp_wmb();
    qatomic_set(&ring->avail_idx, idx + 1);
}

void ring_reset(DescRing *ring)
{
    ring->stats_bytes = 0;
    smp_wmb();
    memset(ring->desc, 0, sizeof(ring->desc));
}
