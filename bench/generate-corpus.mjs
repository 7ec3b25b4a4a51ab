// Generates a deterministic C corpus for `npm run bench`: modules of a made-up device emulator, each
// a header with shared state and a producer and a consumer file using QEMU-style atomics and barriers.
// `generateCorpus(directory, { modules, helpers })` makes larger ones (bench/growth.mjs): `modules`
// triples of files, each C file with `helpers` plain functions around its pair.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const MODULES = 120;
const HELPERS_PER_FILE = 12;
const VERSION = "corpus-v1";

function header(index) {
  return `/* Shared state of queue module ${index}. */
#ifndef QUEUE${index}_H
#define QUEUE${index}_H
#include <stdint.h>
#include <stdbool.h>

typedef struct Queue${index}Entry {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} Queue${index}Entry;

typedef struct Queue${index} {
    Queue${index}Entry ring[256];
    unsigned int avail_idx;
    unsigned int used_idx;
    bool notify_me;
    int pending;
    void *opaque;
} Queue${index};

void queue${index}_push(Queue${index} *q, uint64_t addr, uint32_t len);
bool queue${index}_pop(Queue${index} *q, Queue${index}Entry *out);
#endif
`;
}

function helpers(index, role, count) {
  let text = "";
  for (let helper = 0; helper < count; helper++) {
    text += `
static int ${role}_helper_${index}_${helper}(Queue${index} *q, int budget)
{
    int done = 0;
    for (int i = 0; i < budget && i < ${8 + helper}; i++) {
        Queue${index}Entry *e = &q->ring[(q->used_idx + i) % 256];
        if (e->flags & ${1 << (helper % 8)}) {
            done += e->len >> ${helper % 5};
        } else if (e->len > ${helper * 3}) {
            done -= 1;
        }
    }
    switch (budget & 3) {
    case 0:
        return done;
    case 1:
        return done + ${helper};
    default:
        break;
    }
    return done * 2;
}
`;
  }
  return text;
}

function producer(index, helperCount) {
  return `/* Producer side of queue module ${index}. */
#include "queue${index}.h"
${helpers(index, "producer", helperCount)}
void queue${index}_push(Queue${index} *q, uint64_t addr, uint32_t len)
{
    unsigned int idx = q->avail_idx;
    Queue${index}Entry *e = &q->ring[idx % 256];

    e->addr = addr;
    e->len = len;
    /* Pairs with smp_rmb() in queue${index}_pop(). */
    smp_wmb();
    qatomic_set(&q->avail_idx, idx + 1);
    /* Pairs with smp_mb() in queue${index}_poll(). */
    smp_mb();
    if (qatomic_read(&q->notify_me)) {
        producer_helper_${index}_0(q, 4);
    }
}
`;
}

function consumer(index, helperCount) {
  return `/* Consumer side of queue module ${index}. */
#include "queue${index}.h"
${helpers(index, "consumer", helperCount)}
bool queue${index}_pop(Queue${index} *q, Queue${index}Entry *out)
{
    unsigned int idx = qatomic_read(&q->avail_idx);

    if (idx == q->used_idx) {
        return false;
    }
    /* Pairs with smp_wmb() in queue${index}_push(). */
    smp_rmb();
    *out = q->ring[q->used_idx % 256];
    out->addr = q->ring[q->used_idx % 256].addr;
    q->used_idx++;
    return true;
}

void queue${index}_poll(Queue${index} *q)
{
    qatomic_set(&q->notify_me, true);
    /* Pairs with smp_mb() in queue${index}_push(). */
    smp_mb();
    if (qatomic_read(&q->avail_idx) != q->used_idx) {
        consumer_helper_${index}_1(q, 8);
    }
}
`;
}

/** Modules per subdirectory: a directory of tens of thousands of files is slow to list on any file system. */
const MODULES_PER_DIRECTORY = 500;

export function generateCorpus(directory, { modules = MODULES, helpers: helperCount = HELPERS_PER_FILE } = {}) {
  const stamp = path.join(directory, ".version");
  // The default corpus keeps its old layout and stamp, so an existing bench/corpus/generated stays valid.
  const version = modules === MODULES && helperCount === HELPERS_PER_FILE ? VERSION : `${VERSION} modules=${modules} helpers=${helperCount}`;
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === version) return directory;
  mkdirSync(directory, { recursive: true });
  for (let index = 0; index < modules; index++) {
    const folder = modules > MODULES_PER_DIRECTORY ? path.join(directory, `part${Math.floor(index / MODULES_PER_DIRECTORY)}`) : directory;
    if (index % MODULES_PER_DIRECTORY === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `queue${index}.h`), header(index));
    writeFileSync(path.join(folder, `queue${index}-producer.c`), producer(index, helperCount));
    writeFileSync(path.join(folder, `queue${index}-consumer.c`), consumer(index, helperCount));
  }
  writeFileSync(stamp, version);
  return directory;
}
