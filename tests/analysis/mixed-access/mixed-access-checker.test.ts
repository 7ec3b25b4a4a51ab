import { describe, expect, it } from "vitest";
import { mixedAtomicAccessChecker } from "../../../src/analysis/mixed-access/mixed-access-checker.js";
import { setMixedAccessOptions } from "../../../src/analysis/mixed-access/mixed-access-options.js";
import { messageOf } from "../pairing/pairing-helpers.js";
import { cFile, check, optionsFor, placesOf, tsFile } from "./project-files.js";

const HEADER = "typedef struct Timer { QemuMutex lock; long deadline; bool armed; int fired; } Timer;\n";

const ARM = cFile("/p/timer-arm.c", `${HEADER}void timer_arm(Timer *t, long when)
{
    qemu_mutex_lock(&t->lock);
    qatomic_set(&t->deadline, when);
    qatomic_set(&t->armed, true);
    qemu_mutex_unlock(&t->lock);
}`);

/** A reader that takes the timer's lock around its plain read. */
const LOCKED_READER = cFile("/p/timer-locked.c", `${HEADER}long timer_deadline(Timer *t)
{
    long d;
    qemu_mutex_lock(&t->lock);
    d = t->deadline;
    qemu_mutex_unlock(&t->lock);
    return d;
}`);

describe("mixed-atomic-access checker", () => {
  it("reports a plain access in one file to a field another file accesses atomically, naming where", () => {
    const poll = cFile("/p/timer-poll.c", `${HEADER}bool timer_expired(Timer *t, long now)
{
    return t->armed && now >= t->deadline;
}`);
    const findings = check(mixedAtomicAccessChecker, poll, [ARM, poll]);
    expect(placesOf(findings)).toEqual(["timer-poll.c:4", "timer-poll.c:4"]);
    expect(messageOf(findings[0]!)).toBe("Plain read of Timer.armed in timer_expired(), which is accessed atomically elsewhere "
      + "(qatomic_set() in timer_arm() at timer-arm.c:6): the compiler may tear, fuse or hoist a plain access; use qatomic_read().");
    expect(findings[0]!.related.map((related) => related.site.line)).toEqual([6]);
    expect(findings[0]!.related[0]!.label).toBe("accessed atomically with qatomic_set() in timer_arm()");
  });

  it("counts the other atomic sites and prefers an example in the linted file", () => {
    const both = cFile("/p/timer-both.c", `${HEADER}int timer_fire(Timer *t) { return qatomic_fetch_inc(&t->fired); }
int timer_fired(Timer *t) { return t->fired; }`);
    const other = cFile("/p/stats.c", `${HEADER}int timer_stats(Timer *t) { return qatomic_read(&t->fired); }`);
    const [finding] = check(mixedAtomicAccessChecker, both, [other, both]);
    expect(finding!.data.atomicFunction).toBe("timer_fire");
    expect(finding!.data.more).toBe(" and 1 other place");
    expect(finding!.related).toHaveLength(2);
  });

  it("uses the linted file's fresh IR, not the project's older copy of it", () => {
    const stale = cFile("/p/timer-poll.c", `${HEADER}bool timer_expired(Timer *t) { return qatomic_read(&t->armed); }`);
    const fresh = cFile("/p/timer-poll.c", `${HEADER}bool timer_expired(Timer *t) { return t->armed; }`);
    expect(placesOf(check(mixedAtomicAccessChecker, fresh, [stale]))).toEqual([]);
    expect(placesOf(check(mixedAtomicAccessChecker, fresh, [ARM, stale]))).toEqual(["timer-poll.c:2"]);
  });

  it("sees a guard block of another file as held: its writes are locked", () => {
    const guardedArm = cFile("/p/timer-guard.c", `${HEADER}void timer_arm(Timer *t, long when)
{
    WITH_QEMU_LOCK_GUARD(&t->lock) {
        qatomic_set(&t->deadline, when);
    }
}`);
    const reader = LOCKED_READER;
    expect(check(mixedAtomicAccessChecker, reader, [guardedArm, reader])).toEqual([]);
    const unguarded = cFile("/p/timer-guard.c", `${HEADER}void timer_arm(Timer *t, long when)
{
    QLIST_FOREACH(t, &timers, next) {
        qatomic_set(&t->deadline, when);
    }
}`);
    expect(placesOf(check(mixedAtomicAccessChecker, reader, [unguarded, reader]))).toEqual(["timer-locked.c:6"]);
  });

  it("leaves plain reads alone when every write in the project is under a lock, even in another file", () => {
    const reader = LOCKED_READER;
    expect(check(mixedAtomicAccessChecker, reader, [ARM, reader])).toEqual([]);
    const unlockedWriter = cFile("/p/timer-reset.c", `${HEADER}void timer_reset(Timer *t) { qatomic_set(&t->deadline, 0); }`);
    const findings = check(mixedAtomicAccessChecker, reader, [ARM, reader, unlockedWriter]);
    expect(placesOf(findings)).toEqual(["timer-locked.c:6"]);
    expect(findings[0]!.data.lockNote).toBe(" A lock is held here, but timer_reset() (timer-reset.c:2) writes it without one.");
  });

  it("reports a plain write under a lock when a reader does not take the lock", () => {
    const writer = cFile("/p/timer-set.c", `${HEADER}void timer_set(Timer *t, long when)
{
    WITH_QEMU_LOCK_GUARD(&t->lock) {
        t->deadline = when;
    }
}`);
    const lockFree = cFile("/p/timer-peek.c", `${HEADER}long timer_peek(Timer *t) { return qatomic_read(&t->deadline); }`);
    expect(check(mixedAtomicAccessChecker, writer, [writer, ARM])).toEqual([]);
    const findings = check(mixedAtomicAccessChecker, writer, [writer, ARM, lockFree]);
    expect(placesOf(findings)).toEqual(["timer-set.c:5"]);
    expect(findings[0]!.data.lockNote).toContain("timer_peek() (timer-peek.c:2) reads it without one");
  });

  it("does not let set-up stores elsewhere break the lock exception", () => {
    const setup = cFile("/p/timer-new.c", `${HEADER}Timer *timer_new(void)
{
    Timer *t = g_new0(Timer, 1);
    t->deadline = -1;
    return t;
}`);
    const reader = cFile("/p/timer-locked.c", `${HEADER}long timer_deadline_locked(Timer *t) { return t->deadline; }`);
    expect(check(mixedAtomicAccessChecker, reader, [ARM, reader, setup])).toEqual([]);
  });

  it("leaves initialisation alone unless told otherwise", () => {
    const setup = cFile("/p/timer-new.c", `${HEADER}Timer *timer_create_armed(long when)
{
    Timer *t = g_malloc0(sizeof(*t));
    t->armed = true;
    t->deadline = when;
    qatomic_set(&t->fired, 0);
    t->fired = 1;
    return t;
}`);
    expect(placesOf(check(mixedAtomicAccessChecker, setup, [ARM, setup]))).toEqual(["timer-new.c:8"]);
    setMixedAccessOptions(setup.syntax.ast as object, { ignoreInitialization: false });
    expect(placesOf(check(mixedAtomicAccessChecker, setup, [ARM, setup]))).toEqual(["timer-new.c:5", "timer-new.c:6", "timer-new.c:8"]);
  });

  it("does not report inside primitive wrappers", () => {
    const wrapper = cFile("/p/wrap.c", `${HEADER}static inline void timer_bump(Timer *t) { qatomic_set(&t->fired, t->fired + 1); }`);
    expect(check(mixedAtomicAccessChecker, wrapper, [wrapper])).toEqual([]);
    // A second writer with an atomic read-modify-write, so that the plain read is not a writer's own read.
    const notWrapper = cFile("/p/wrap.c", `${HEADER}static inline void timer_bump(Timer *t) { int n = t->fired; qatomic_set(&t->fired, n + 1); } void timer_reset(Timer *t) { qatomic_inc(&t->fired); }`);
    expect(placesOf(check(mixedAtomicAccessChecker, notWrapper, [notWrapper]))).toEqual(["wrap.c:2"]);
  });

  it("suggests the accessors of the dialect in use", () => {
    const code = "struct q { unsigned int head; };\nvoid q_push(struct q *q) { smp_store_release(&q->head, 1); }\nunsigned int q_head(struct q *q) { return q->head; }";
    const linux = cFile("/p/q.c", code, "linux");
    expect(check(mixedAtomicAccessChecker, linux, [linux], optionsFor("linux"))[0]!.data.fix).toBe("READ_ONCE()");
    const c11 = cFile("/p/q.c", code.replace("smp_store_release(&q->head, 1)", "atomic_store_explicit(&q->head, 1, memory_order_release)"), "c11");
    expect(check(mixedAtomicAccessChecker, c11, [c11], optionsFor("c11"))[0]!.data.fix).toBe("atomic_load_explicit(..., memory_order_relaxed)");
  });

  it("matches a JS flag that one thread sets with Atomics and another spins on with a plain index", () => {
    const main = tsFile("/p/main.ts", `
export const flag = new Int32Array(new SharedArrayBuffer(4));
export function release(): void { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }`);
    const worker = tsFile("/p/worker.ts", `
const flag = new Int32Array(new SharedArrayBuffer(4));
export function waitForRelease(): void { while (flag[0] === 0) {} }`);
    const findings = check(mixedAtomicAccessChecker, worker, [main, worker], optionsFor("js"));
    expect(placesOf(findings)).toEqual(["worker.ts:3"]);
    expect(findings[0]!.data.fix).toBe("Atomics.load()");
    expect(findings[0]!.data.atomicLocation).toBe("main.ts:3");
  });

  it("compares the constant indices of array elements it can see, and keeps other indices", () => {
    const cpu = cFile("/p/cpu.c", `typedef struct Env { unsigned regs[16]; } Env;
void raise_irq(Env *env, unsigned m) { qatomic_or(&env->regs[IRQ], m); }
void set_pc(Env *env, unsigned pc) { env->regs[PC] = pc; }
void clear_irq(Env *env) { env->regs[IRQ] = 0; }
void set_reg(Env *env, int i, unsigned v) { env->regs[i] = v; }`);
    expect(placesOf(check(mixedAtomicAccessChecker, cpu, [cpu]))).toEqual(["cpu.c:4", "cpu.c:5"]);
    const other = cFile("/p/helper.c", `typedef struct Env { unsigned regs[16]; } Env;
void set_sp(Env *env, unsigned sp) { env->regs[SP] = sp; }
void set_any(Env *env, int i) { env->regs[i] = 0; }`);
    expect(placesOf(check(mixedAtomicAccessChecker, other, [cpu, other]))).toEqual(["helper.c:3"]);
  });

  it("does not report in functions with parse errors, whose recovered accesses may be misnamed", () => {
    const broken = cFile("/p/timer-broken.c", `${HEADER}bool timer_expired(Timer *t)
{
    return t->armed && = ;
}`);
    expect(broken.fileIR.functions[0]!.hasParseErrors).toBe(true);
    expect(check(mixedAtomicAccessChecker, broken, [ARM, broken])).toEqual([]);
  });

  it("leaves out files that cannot be linked with the linted file because both define a function of one name", () => {
    const timers = cFile("/p/util/timer.c", `${HEADER}void timer_arm_at(Timer *t, long when)
{
    qemu_mutex_lock(&t->lock);
    qatomic_set(&t->deadline, when);
    qemu_mutex_unlock(&t->lock);
}
long timer_next(Timer *t) { QEMU_LOCK_GUARD(&t->lock); return t->deadline; }`);
    const stub = cFile("/p/tests/timer-stub.c", `${HEADER}void timer_arm_at(Timer *t, long when) { t->deadline = when; }`);
    const user = cFile("/p/tests/timer-user.c", `${HEADER}long timer_peek(Timer *t) { return t->deadline; }`);
    const project = [timers, stub, user];
    // The stub replaces timer.c in its program: neither file's accesses race with the other's.
    expect(placesOf(check(mixedAtomicAccessChecker, stub, project))).toEqual([]);
    expect(placesOf(check(mixedAtomicAccessChecker, timers, project))).toEqual([]);
    expect(placesOf(check(mixedAtomicAccessChecker, timers, [timers, user]))).toEqual([]);
    expect(placesOf(check(mixedAtomicAccessChecker, user, project))).toEqual(["timer-user.c:2"]);
    const unlockedStub = cFile("/p/tests/timer-stub.c", `${HEADER}void timer_stub_arm(Timer *t, long when) { t->deadline = when; }`);
    expect(placesOf(check(mixedAtomicAccessChecker, timers, [timers, unlockedStub]))).toEqual(["timer.c:8"]);
  });

  it("takes two main()s for two programs, but not two functions a macro names alike", () => {
    const testA = cFile("/p/tests/test-a.c", `${HEADER}extern Timer *shared_timer;
int main(void) { qatomic_set(&shared_timer->fired, 1); return 0; }`);
    const testB = cFile("/p/tests/test-b.c", `${HEADER}extern Timer *shared_timer;
int main(void) { return shared_timer->fired; }`);
    expect(check(mixedAtomicAccessChecker, testB, [testA, testB])).toEqual([]);
    const setter = cFile("/p/target/a.c", `${HEADER}void HELPER(fire)(Timer *t) { qatomic_set(&t->fired, 1); }`);
    const getter = cFile("/p/target/b.c", `${HEADER}int HELPER(fired)(Timer *t) { return t->fired; }`);
    expect(placesOf(check(mixedAtomicAccessChecker, getter, [setter, getter]))).toEqual(["b.c:2"]);
  });

  it("sees a lock function that another file defines", () => {
    const locks = cFile("/p/timer-lock.c", `${HEADER}void timer_lock(Timer *t) { qemu_mutex_lock(&t->lock); }
void timer_unlock(Timer *t) { qemu_mutex_unlock(&t->lock); }`);
    const reader = cFile("/p/timer-read.c", `${HEADER}long timer_deadline(Timer *t)
{
    long d;
    timer_lock(t);
    d = t->deadline;
    timer_unlock(t);
    return d;
}`);
    expect(placesOf(check(mixedAtomicAccessChecker, reader, [ARM, reader]))).toEqual(["timer-read.c:6"]);
    expect(check(mixedAtomicAccessChecker, reader, [ARM, locks, reader])).toEqual([]);
  });

  it("lets a thread-driving function run alone only on locations its own file keeps", () => {
    const driver = `${HEADER}static QemuThread worker_thread;
Timer *shared_timer;
static void *worker(void *opaque) { qatomic_inc(&shared_timer->fired); return NULL; }
int run_workers(void)
{
    shared_timer->fired = 0;
    qemu_thread_create(&worker_thread, "worker", worker, NULL, QEMU_THREAD_JOINABLE);
    qemu_thread_join(&worker_thread);
    return shared_timer->fired;
}`;
    const alone = cFile("/p/driver.c", driver);
    expect(check(mixedAtomicAccessChecker, alone, [alone])).toEqual([]);
    const elsewhere = cFile("/p/stats.c", `${HEADER}int timer_stats(Timer *t) { return qatomic_read(&t->fired); }`);
    expect(placesOf(check(mixedAtomicAccessChecker, alone, [alone, elsewhere]))).toEqual(["driver.c:7", "driver.c:10"]);
  });

  it("survives garbage", () => {
    const garbage = cFile("/p/garbage.c", "}}} struct { int x; ->->-> qatomic_set(&((", "qemu");
    expect(() => check(mixedAtomicAccessChecker, garbage, [ARM, garbage])).not.toThrow();
  });
});
