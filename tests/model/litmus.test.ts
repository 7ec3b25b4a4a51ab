import { describe, expect, it } from "vitest";
import type { Skeleton } from "../../src/model/index.js";
import { c11, check, lkmm, readLitmus, runLitmus, runLitmusTest, writeLitmus } from "../../src/model/index.js";

const POINTER_MP = `C MP+onceassign+deref
(* Result: Never *)
{
y=z;
z=0;
}

P0(int *x, int **y)
{
	WRITE_ONCE(*x, 1);
	rcu_assign_pointer(*y, x);
}

P1(int *x, int **y)
{
	int *r0;
	int r1;

	rcu_read_lock();
	r0 = rcu_dereference(*y);
	r1 = READ_ONCE(*r0);
	rcu_read_unlock();
}

locations [1:r0; x] (* printed, not tested *)
exists (1:r0=x /\\ 1:r1=0)
`;

describe("litmus reader", () => {
  it("reads the init block, pointers, comments and the final condition", () => {
    const t = readLitmus(POINTER_MP);
    expect(t.name).toBe("MP+onceassign+deref");
    expect(t.recorded).toBe("Never");
    expect(t.init.get("y")).toEqual({ addressOf: "z" });
    expect(t.threads.map((p) => p.params)).toEqual([["x", "y"], ["x", "y"]]);
    expect(t.condition.quantifier).toBe("exists");
  });

  it("follows a published pointer: the address dependency orders the reader", () => {
    expect(runLitmus(POINTER_MP, lkmm)).toMatchObject({ status: "checked", verdict: "Never" });
    // With the pointer stored by a plain WRITE_ONCE, the outcome is still forbidden
    // on the reader side but the writer no longer orders its stores.
    const unordered = POINTER_MP.replace("rcu_assign_pointer(*y, x);", "WRITE_ONCE(*y, x);");
    expect(runLitmus(unordered, lkmm)).toMatchObject({ status: "checked", verdict: "Sometimes" });
  });

  it("supports ~exists, forall, disjunctions and register initialisation", () => {
    const base = `C T\n{ 0:r1=5; }\nP0(int *x) { int r0; r0 = READ_ONCE(*x); }\nP1(int *x) { WRITE_ONCE(*x, 1); }\n`;
    expect(runLitmus(`${base}~exists (0:r0=2)`, lkmm)).toMatchObject({ verdict: "Never" });
    expect(runLitmus(`${base}forall (0:r0=0 \\/ 0:r0=1)`, lkmm)).toMatchObject({ verdict: "Always" });
    expect(runLitmus(`${base}exists (0:r1=5 /\\ x=1)`, lkmm)).toMatchObject({ verdict: "Always" });
  });

  it("control dependencies cover the branch, not what follows it", () => {
    const lb = (tail: string) => `C LB\n{}\nP0(int *x, int *y) { int r0; r0 = READ_ONCE(*x); ${tail} }\nP1(int *x, int *y) { int r0; r0 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }\nexists (0:r0=1 /\\ 1:r0=1)`;
    expect(runLitmus(lb("if (r0) WRITE_ONCE(*y, 1);"), lkmm)).toMatchObject({ verdict: "Never" });
    expect(runLitmus(lb("if (r0) { } WRITE_ONCE(*y, 1);"), lkmm)).toMatchObject({ verdict: "Sometimes" });
  });

  it("RMWs: xchg is fully ordered, xchg_relaxed is not, a failed cmpxchg orders nothing", () => {
    const sb = (op: string) => `C SB\n{}\nP0(int *x, int *y) { int r0; int r9; r9 = ${op}; r0 = READ_ONCE(*y); }\nP1(int *x, int *y) { int r0; WRITE_ONCE(*y, 1); smp_mb(); r0 = READ_ONCE(*x); }\nexists (0:r0=0 /\\ 1:r0=0)`;
    expect(runLitmus(sb("xchg(x, 1)"), lkmm)).toMatchObject({ verdict: "Never" });
    expect(runLitmus(sb("xchg_relaxed(x, 1)"), lkmm)).toMatchObject({ verdict: "Sometimes" });
    expect(runLitmus(sb("atomic_inc_return(x)"), lkmm)).toMatchObject({ verdict: "Never" });
    expect(runLitmus(sb("cmpxchg(x, 5, 1)"), lkmm)).toMatchObject({ verdict: "Sometimes" });
  });

  it("drops a path that dereferences a number when no consistent execution reaches it", () => {
    // P1 may read tmp's initial 0 on paper, but coherence makes it read its own store.
    const text = `C tmp\n{ int *x = &a; }\nP0(int **x, int *b) { *b = 1; smp_store_release(x, b); }\nP1(int **x, int **tmp) { int *r1; int *r2; int r3; r1 = READ_ONCE(*x); *tmp = r1; r2 = *tmp; r3 = *r2; }\nexists (1:r1=b /\\ 1:r3=0)`;
    expect(runLitmus(text, lkmm)).toMatchObject({ status: "checked", verdict: "Never" });
    // Here a consistent execution does dereference 0: the test is refused, not answered.
    const reachable = `C null\n{}\nP0(int **x, int *y) { int *r1; int r2; r1 = READ_ONCE(*x); r2 = READ_ONCE(*r1); }\nexists (0:r2=0)`;
    expect(runLitmus(reachable, lkmm)).toEqual({ status: "unsupported", reason: "unsupported: dereference of a value that is not an address" });
  });

  it("an RMW's own result does not feed its read; concurrent increments are refused, not guessed", () => {
    const one = `C inc\n{}\nP0(int *x) { int r0; r0 = atomic_inc_return(x); }\nP1(int *x) { int r0; r0 = READ_ONCE(*x); }\nexists (1:r0=1 /\\ x=1)`;
    expect(runLitmus(one, lkmm)).toMatchObject({ status: "checked", verdict: "Sometimes" });
    expect(runLitmus(one.replace("exists (1:r0=1 /\\ x=1)", "exists (x=2)"), lkmm)).toMatchObject({ status: "checked", verdict: "Never" });
    const two = `C inc2\n{}\nP0(int *x) { int r0; r0 = atomic_inc_return(x); }\nP1(int *x) { int r0; r0 = atomic_inc_return(x); }\nexists (x=2)`;
    expect(runLitmus(two, lkmm)).toEqual({ status: "unsupported", reason: "unsupported: values that keep growing (no finite value domain)" });
  });

  it("spinlocks: critical sections exclude each other and order like acquire/release", () => {
    const mp = (p0: string, p1: string) => `C MP+locks\n{}\nP0(int *x, int *y, spinlock_t *l) { ${p0} }\nP1(int *x, int *y, spinlock_t *l) { int r0; int r1; ${p1} }\nexists (1:r0=1 /\\ 1:r1=0)`;
    const inside = "spin_lock(l); r0 = READ_ONCE(*y); spin_unlock(l); r1 = READ_ONCE(*x);";
    expect(runLitmus(mp("WRITE_ONCE(*x, 1); spin_lock(l); WRITE_ONCE(*y, 1); spin_unlock(l);", inside), lkmm)).toMatchObject({ verdict: "Never" });
    expect(runLitmus(mp("WRITE_ONCE(*x, 1); WRITE_ONCE(*y, 1);", inside), lkmm)).toMatchObject({ verdict: "Sometimes" });
    // Mutual exclusion: store buffering inside critical sections of one lock cannot miss both stores.
    const sb = (lock: string, unlock: string) =>
      `C SB+locks\n{}\nP0(int *x, int *y, spinlock_t *l) { int r0; ${lock} WRITE_ONCE(*x, 1); r0 = READ_ONCE(*y); ${unlock} }\nP1(int *x, int *y, spinlock_t *l) { int r0; ${lock} WRITE_ONCE(*y, 1); r0 = READ_ONCE(*x); ${unlock} }\nexists (0:r0=0 /\\ 1:r0=0)`;
    expect(runLitmus(sb("spin_lock(l);", "spin_unlock(l);"), lkmm)).toMatchObject({ status: "checked", verdict: "Never" });
    expect(runLitmus(sb("", ""), lkmm)).toMatchObject({ status: "checked", verdict: "Sometimes" });
  });

  it("reads C11 atomics: the memory_order argument gives the ordering", () => {
    const sb = (store: string, load: string) =>
      `C SB+c11\n{}\nP0(atomic_int *x, atomic_int *y) { int r0; atomic_store_explicit(x, 1, ${store}); r0 = atomic_load_explicit(y, ${load}); }\nP1(atomic_int *x, atomic_int *y) { int r0; atomic_store_explicit(y, 1, ${store}); r0 = atomic_load_explicit(x, ${load}); }\nexists (0:r0=0 /\\ 1:r0=0)`;
    expect(runLitmus(sb("memory_order_seq_cst", "memory_order_seq_cst"), c11)).toMatchObject({ status: "checked", verdict: "Never" });
    expect(runLitmus(sb("memory_order_release", "memory_order_acquire"), c11)).toMatchObject({ status: "checked", verdict: "Sometimes" });
    expect(runLitmus(sb("memory_order_seq_cst", "memory_order_seq_cst"), lkmm)).toEqual({ status: "unsupported", reason: "unsupported: seq_cst accesses are not LKMM primitives" });
    const fenced = `C SB+fences\n{}\nP0(atomic_int *x, atomic_int *y) { int r0; atomic_store_explicit(x, 1, memory_order_relaxed); atomic_thread_fence(memory_order_seq_cst); r0 = atomic_load_explicit(y, memory_order_relaxed); }\nP1(atomic_int *x, atomic_int *y) { int r0; atomic_store_explicit(y, 1, memory_order_relaxed); atomic_thread_fence(memory_order_seq_cst); r0 = atomic_load_explicit(x, memory_order_relaxed); }\nexists (0:r0=0 /\\ 1:r0=0)`;
    expect(runLitmus(fenced, c11)).toMatchObject({ status: "checked", verdict: "Never" });
  });

  it("names what it does not support instead of answering", () => {
    const lock = `C L\n{}\nP0(spinlock_t *s, int *x) { int r0; r0 = spin_trylock(s); WRITE_ONCE(*x, 1); }\nexists (x=1)`;
    expect(runLitmus(lock, lkmm)).toEqual({ status: "unsupported", reason: "unsupported: spin_trylock" });
    const loop = `C W\n{}\nP0(int *x) { while (READ_ONCE(*x) == 0) ; }\nexists (x=0)`;
    expect(runLitmus(loop, lkmm)).toEqual({ status: "unsupported", reason: "unsupported: 'while' statement" });
    expect(runLitmus("not a litmus test", lkmm)).toMatchObject({ status: "unsupported", reason: expect.stringContaining("first line") });
    const filtered = `C F\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nfilter (x=1)\nexists (x=1)`;
    expect(runLitmus(filtered, lkmm)).toEqual({ status: "unsupported", reason: "unsupported: filter clause" });
  });
});

describe("litmus writer", () => {
  const skeletons: Record<string, Skeleton> = {
    "MP+wmb+addr": {
      threads: [
        [{ kind: "write", loc: "data", order: "plain", value: 1 }, { kind: "fence", fence: "wmb" }, { kind: "write", loc: "flag", order: "once", value: 1 }],
        [{ kind: "read", loc: "flag", order: "once", reg: "r0" }, { kind: "read", loc: "data", order: "plain", reg: "r1", deps: { addr: ["r0"] } }],
      ],
      outcome: [{ thread: 1, reg: "r0", value: 1 }, { thread: 1, reg: "r1", value: 0 }],
    },
    "LB+ctrl+data": {
      threads: [
        [{ kind: "read", loc: "x", order: "once", reg: "r0" }, { kind: "write", loc: "y", order: "once", value: 1, deps: { ctrl: ["r0"] } }],
        [{ kind: "read", loc: "y", order: "once", reg: "r0" }, { kind: "write", loc: "x", order: "once", value: 1, deps: { data: ["r0"] } }],
      ],
      outcome: [{ thread: 0, reg: "r0", value: 1 }, { thread: 1, reg: "r0", value: 1 }],
    },
    "SB+xchg+mb": {
      threads: [
        [{ kind: "rmw", loc: "x", order: "full", value: 1 }, { kind: "read", loc: "y", order: "once", reg: "r0" }],
        [{ kind: "write", loc: "y", order: "release", value: 1 }, { kind: "fence", fence: "mb" }, { kind: "read", loc: "x", order: "acquire", reg: "r0" }],
      ],
      outcome: [{ thread: 0, reg: "r0", value: 0 }, { thread: 1, reg: "r0", value: 0 }],
    },
  };

  for (const [name, skeleton] of Object.entries(skeletons)) {
    it(`${name}: the written test reads back with the verdict of the skeleton`, () => {
      const text = writeLitmus(skeleton, name);
      expect(text).toMatch(new RegExp(`^C ${name.replace(/\+/g, "\\+")}\\n`));
      const direct = check(skeleton, lkmm);
      const viaLitmus = runLitmusTest(readLitmus(text), lkmm);
      expect(direct.status).toBe("checked");
      expect(viaLitmus.status).toBe("checked");
      if (direct.status !== "checked" || viaLitmus.status !== "checked") return;
      expect(viaLitmus.verdict === "Never").toBe(!direct.outcomeReachable);
    });
  }
});
