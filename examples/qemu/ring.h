/* A descriptor ring shared by a device model (producer) and a backend thread (consumer). */
#ifndef RING_H
#define RING_H

#include <stdint.h>

#define RING_SIZE 256

typedef struct Descriptor {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
} Descriptor;

typedef struct DescRing {
    Descriptor desc[RING_SIZE];
    uint16_t avail_idx;
    uint16_t last_seen;
    uint64_t stats_bytes;
} DescRing;

void ring_publish(DescRing *ring, uint64_t addr, uint32_t len);
int ring_consume(DescRing *ring, Descriptor *out);
void ring_reset(DescRing *ring);

#endif
