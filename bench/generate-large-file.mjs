// Generates one large, deterministic source file for `npm run bench:large`: C (QEMU atomics) or TS
// (SharedArrayBuffer + Atomics), in one of two shapes, grown unit by unit until it reaches a size.
//   pairs: many small writer/reader pairs, each function holding one barrier (about 4,000 functions a MB);
//   large: long functions, each publishing and consuming many slots with a barrier per slot, in loops.
// Both shapes share struct fields between functions, comment most barriers (some claims are wrong on
// purpose, some barriers have no comment) and call helpers, so every checker has work to do.

/** The text of one file of about `bytes` bytes. */
export function generateLargeFile(language, shape, bytes) {
  const units = UNITS[language]?.[shape];
  if (!units) throw new Error(`unknown language/shape ${language}/${shape}`);
  const parts = [units.prologue()];
  let size = parts[0].length;
  for (let index = 0; size < bytes; index++) {
    const unit = units.unit(index);
    parts.push(unit);
    size += unit.length;
  }
  return parts.join("");
}

/** A claim that names the right partner most of the time, a wrong one sometimes, and none now and then. */
function claim(index, right, wrong) {
  if (index % 17 === 5) return "";
  return index % 11 === 3 ? wrong : right;
}

const cPairs = {
  prologue: () => `/* Generated: many small writer/reader pairs over shared rings. */
#include <stdint.h>
#include <stdbool.h>

typedef struct Slot {
    uint64_t addr;
    uint32_t len;
    uint32_t flags;
} Slot;
`,
  unit: (i) => {
    const writerComment = claim(i, `    /* Pairs with smp_rmb() in ring${i}_pop(). */\n`, `    /* Pairs with smp_rmb() in ring${i}_poll(). */\n`);
    const readerComment = claim(i + 1, `    /* Pairs with smp_wmb() in ring${i}_push(). */\n`, `    // see ring${i}_reset() for the other side\n`);
    return `
typedef struct Ring${i} {
    Slot slots[64];
    unsigned int head;
    unsigned int tail;
    bool notify;
} Ring${i};

static int ring${i}_weight(const Slot *s, int n)
{
    int total = 0;
    for (int k = 0; k < n; k++) {
        total += s[k].len >> ${i % 5};
    }
    return total;
}

void ring${i}_push(Ring${i} *r, uint64_t addr, uint32_t len)
{
    unsigned int head = r->head;
    r->slots[head % 64].addr = addr;
    r->slots[head % 64].len = len;
${writerComment}    smp_wmb();
    qatomic_set(&r->head, head + 1);
}

int ring${i}_pop(Ring${i} *r, Slot *out)
{
    unsigned int head = qatomic_read(&r->head);
    if (head == r->tail) {
        return -1;
    }
${readerComment}    smp_rmb();
    *out = r->slots[r->tail % 64];
    r->tail++;
    return ring${i}_weight(out, 1);
}
`;
  },
};

const SLOTS_PER_LARGE_FUNCTION = 24;

const cLarge = {
  prologue: () => `/* Generated: long producer and consumer functions over one shared device state. */
#include <stdint.h>
#include <stdbool.h>

typedef struct Desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} Desc;
`,
  unit: (i) => {
    let producer = "";
    let consumer = "";
    for (let s = 0; s < SLOTS_PER_LARGE_FUNCTION; s++) {
      const n = i * SLOTS_PER_LARGE_FUNCTION + s;
      producer += `
    for (int k = 0; k < budget; k++) {
        d->desc${s}[k % 16].addr = base + k;
        d->desc${s}[k % 16].len = ${n % 4096};
    }
${claim(n, `    /* Pairs with smp_rmb() in dev${i}_consume(). */\n`, `    /* Pairs with smp_rmb() in dev${i}_produce(). */\n`)}    smp_wmb();
    qatomic_set(&d->avail${s}, qatomic_read(&d->avail${s}) + budget);
    if (qatomic_read(&d->wanted${s})) {
        dev${i}_kick(d, ${s});
    }
`;
      consumer += `
    avail = qatomic_read(&d->avail${s});
    if (avail != d->used${s}) {
${claim(n + 1, `        /* Pairs with smp_wmb() in dev${i}_produce(). */\n`, "")}        smp_rmb();
        while (d->used${s} != avail) {
            total += d->desc${s}[d->used${s} % 16].len;
            d->used${s}++;
        }
    }
`;
    }
    const fields = Array.from({ length: SLOTS_PER_LARGE_FUNCTION }, (_, s) =>
      `    Desc desc${s}[16];\n    unsigned int avail${s};\n    unsigned int used${s};\n    bool wanted${s};\n`).join("");
    return `
typedef struct Dev${i} {
${fields}} Dev${i};

static void dev${i}_kick(Dev${i} *d, int queue)
{
    d->used0 += queue;
}

void dev${i}_produce(Dev${i} *d, uint64_t base, int budget)
{${producer}}

int dev${i}_consume(Dev${i} *d)
{
    unsigned int avail;
    int total = 0;
${consumer}    return total;
}
`;
  },
};

const tsPairs = {
  prologue: () => `// Generated: many small writer/reader pairs over shared Int32Arrays.
declare const workerData: { control: Int32Array; slots: Int32Array };
const control: Int32Array = workerData.control;
const slots: Int32Array = workerData.slots;
`,
  unit: (i) => {
    // Indexes never wrap: each pair has its own, so a larger file holds more pairs, not denser ones.
    const head = i * 2;
    const tail = head + 1;
    return `
function weight${i}(values: Int32Array, n: number): number {
  let total = 0;
  for (let k = 0; k < n; k++) total += values[k] >> ${i % 5};
  return total;
}

export function push${i}(value: number): void {
  const head = Atomics.load(control, ${head});
  slots[(head + ${i}) & 1023] = value;
${claim(i, `  // Publishes the slot: pairs with the Atomics.load(control, ${head}) in pop${i}().\n`, "")}  Atomics.store(control, ${head}, (head + 1) | 0);
  Atomics.notify(control, ${head});
}

export function pop${i}(): number {
  const tail = Atomics.load(control, ${tail});
  const head = Atomics.load(control, ${head});
  if (head === tail) return -1;
  const value = slots[(tail + ${i}) & 1023];
  Atomics.store(control, ${tail}, (tail + 1) | 0);
  return value + weight${i}(slots, 2);
}
`;
  },
};

const tsLarge = {
  prologue: tsPairs.prologue,
  unit: (i) => {
    let producer = "";
    let consumer = "";
    for (let s = 0; s < SLOTS_PER_LARGE_FUNCTION; s++) {
      const index = 2 * (i * SLOTS_PER_LARGE_FUNCTION + s);
      producer += `
  for (let k = 0; k < budget; k++) slots[(${index} + k) & 1023] = base + k;
  Atomics.store(control, ${index}, Atomics.load(control, ${index}) + budget);
  if (Atomics.load(control, ${index + 1}) !== 0) kick${i}(${s});
`;
      consumer += `
  avail = Atomics.load(control, ${index});
  while (used${s} !== avail) {
    total += slots[(${index} + used${s}) & 1023];
    used${s}++;
  }
  Atomics.store(control, ${index + 1}, 0);
`;
    }
    const counters = Array.from({ length: SLOTS_PER_LARGE_FUNCTION }, (_, s) => `  let used${s} = 0;\n`).join("");
    return `
function kick${i}(queue: number): void {
  Atomics.notify(control, queue);
}

export function produce${i}(base: number, budget: number): void {${producer}}

export function consume${i}(): number {
  let avail = 0;
  let total = 0;
${counters}${consumer}  return total;
}
`;
  },
};

const UNITS = { c: { pairs: cPairs, large: cLarge }, ts: { pairs: tsPairs, large: tsLarge } };
