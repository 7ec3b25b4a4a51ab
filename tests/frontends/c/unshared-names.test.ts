import { describe, expect, it } from "vitest";
import { accessSummaries, functionNamed, lower } from "./lower-helpers.js";

describe("names that are not shared memory", () => {
  it("reads errno, stderr and macro constants with leading underscores as no access", () => {
    const fileIR = lower(`
int futex_wake(int *uaddr)
{
    int ret = syscall(__NR_futex, uaddr, FUTEX_WAKE, 1) + syscall(SYS_futex, uaddr, FUTEX_WAIT, 0);
    if (ret < 0 && errno != EAGAIN) {
        fprintf(stderr, "futex: %d\\n", errno);
    }
    return qatomic_read(uaddr);
}`);
    expect(accessSummaries(functionNamed(fileIR, "futex_wake"))).toEqual(["load *uaddr once"]);
  });

  it("still reads an undeclared lower-case global as one", () => {
    const fileIR = lower("int peek(void) { return qatomic_read(&shared_count) + pending; }");
    expect(accessSummaries(functionNamed(fileIR, "peek"))).toEqual(["load shared_count once", "load pending plain"]);
  });
});

describe("functions that implement a primitive", () => {
  it("flags a barrier-named function holding a fence, and a function the dialect names as a primitive", () => {
    const fileIR = lower(`
static void smp_mb_master(void)
{
    if (has_membarrier) {
        membarrier_all();
    } else {
        smp_mb();
    }
}

int dma_memory_rw(void *as, unsigned long addr, void *buf, int len, int dir)
{
    smp_mb();
    return dma_memory_rw_relaxed(as, addr, buf, len, dir);
}

void flush_queue(int *q)
{
    qatomic_set(q, 0);
    smp_mb();
    kick(q);
}`);
    expect(fileIR.functions.map((fn) => [fn.name, fn.isPrimitiveWrapper])).toEqual([
      ["smp_mb_master", true], ["dma_memory_rw", true], ["flush_queue", false],
    ]);
  });

  it("does not flag a barrier-named function without a fence", () => {
    const fileIR = lower("int membarrier_supported(void) { return qatomic_read(&membarrier_state) > 0 && probe(); }");
    expect(functionNamed(fileIR, "membarrier_supported").isPrimitiveWrapper).toBe(false);
  });
});

describe("macro arguments that name fields", () => {
  it("does not read the field-name argument of call_rcu() or of a queue macro as a global", () => {
    const fileIR = lower(`
typedef struct Node { int key; struct Node *next_link; struct rcu_head rcu; } Node;
void node_drop(Node *n, void *list)
{
    QLIST_REMOVE(n, next_link);
    call_rcu(n, node_free, rcu);
}`);
    expect(accessSummaries(functionNamed(fileIR, "node_drop"))).toEqual([]);
  });
});
