import { describe, expect, it } from "vitest";
import { resolveDialect } from "../../../src/analysis/dialects/registry.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { accessSummaries, functionNamed } from "../../frontends/c/lower-helpers.js";

const liburcu = resolveDialect(["liburcu", "gcc"]);
const lower = (code: string) => lowerCSource("/project/urcu.c", code, { dialect: liburcu, hostPointerSize: 8 });

describe("the liburcu dialect", () => {
  it("reads uatomic_load()/uatomic_store() orders from liburcu's own CMM_* names, relaxed without one", () => {
    const ir = lower(`struct q { int head; int tail; };
void q_push(struct q *q) { uatomic_store(&q->tail, 1, CMM_RELEASE); uatomic_store(&q->head, 2); }
int q_pop(struct q *q) { return uatomic_load(&q->tail, CMM_ACQUIRE) + uatomic_load_mo(&q->head, CMM_RELAXED); }`);
    expect(accessSummaries(functionNamed(ir, "q_push"))).toEqual(["store q.tail release", "store q.head once"]);
    expect(accessSummaries(functionNamed(ir, "q_pop"))).toEqual(["load q.tail acquire", "load q.head once"]);
  });

  it("knows its memory orders only where the dialect is active", () => {
    expect(liburcu.memoryOrders.get("CMM_SEQ_CST_FENCE")).toBe("seqcst");
    expect(resolveDialect(["qemu", "c11", "gcc"]).memoryOrders.has("CMM_ACQUIRE")).toBe(false);
  });

  it("takes the value-returning read-modify-writes for full barriers, as their CMM_SEQ_CST_FENCE default says", () => {
    const xchg = liburcu.primitives.get("uatomic_xchg");
    expect(xchg).toMatchObject({ kind: "access", op: "rmw", rmwIsFullBarrier: true, orderArg: 2 });
    expect(liburcu.primitives.get("uatomic_add")).toMatchObject({ kind: "access", op: "rmw", order: "once" });
  });

  it("names the pointer API's out-of-line functions, so their bodies are implementations", () => {
    const ir = lower("void *rcu_set_pointer_sym(void **p, void *v)\n{\n    cmm_wmb();\n    uatomic_store(p, v);\n    return v;\n}\n");
    expect(functionNamed(ir, "rcu_set_pointer_sym").isPrimitiveWrapper).toBe(true);
  });
});

describe("lock facts of the dialects", () => {
  it("are merged from the active dialects only", () => {
    expect(resolveDialect(["qemu", "c11", "gcc"]).locking.heldPredicates.has("bql_locked")).toBe(true);
    expect(resolveDialect(["linux", "gcc"]).locking.assertions.has("lockdep_assert_held")).toBe(true);
    expect(resolveDialect(["linux", "gcc"]).locking.heldPredicates.has("bql_locked")).toBe(false);
    expect(resolveDialect(["c11", "gcc"]).locking.requiresAnnotations.size).toBe(0);
  });
});
