import { describe, expect, it } from "vitest";
import { CSyntaxFacts } from "../../../src/analysis/mixed-access/c-syntax-facts.js";
import { LockFacts } from "../../../src/analysis/mixed-access/lock-regions.js";
import { resolveMixedAccessOptions } from "../../../src/analysis/mixed-access/mixed-access-options.js";
import { overlayScope } from "../../../src/analysis/pairing/code-scope.js";
import { leafEvents } from "../../../src/analysis/ir/walk.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import type { TranslationUnit } from "../../../src/languages/c/syntax-node.js";
import { cFile, functionNamed, type CTestFile } from "./project-files.js";

const HEADER = "typedef struct Dev { QemuMutex lock; int state; int count; } Dev;\n";

/** For each access of `name`, `line:held` (held = a lock is held on every path to it). */
function heldLines(file: CTestFile, name: string, options = resolveMixedAccessOptions(), others: CTestFile[] = []): string[] {
  const project = projectViewOf([file.fileIR, ...others.map((other) => other.fileIR)]);
  const syntax = new CSyntaxFacts(file.syntax.text, file.syntax.ast as TranslationUnit, options);
  const facts = new LockFacts(overlayScope(project, file.fileIR), options, 2, (fn) => (fn.site.file === file.fileIR.file ? syntax.guardLoops(fn) : new Set()));
  const fn = functionNamed(file, name);
  return leafEvents(fn.body).filter((event) => event.kind === "access")
    .map((event) => `${event.site.line}:${facts.isHeldAt(fn, event.id) ? "held" : "free"}`);
}

describe("lock regions", () => {
  it("holds the lock between lock and unlock calls, not before or after", () => {
    const file = cFile("/p/dev.c", `${HEADER}void f(Dev *d)
{
    d->state = 1;
    qemu_mutex_lock(&d->lock);
    d->state = 2;
    qemu_mutex_unlock(&d->lock);
    d->state = 3;
}`);
    expect(heldLines(file, "f")).toEqual(["4:free", "6:held", "8:free"]);
  });

  it("requires the lock on every path: an arm that unlocks and returns does not join, one that unlocks and falls through does", () => {
    const file = cFile("/p/dev.c", `${HEADER}void f(Dev *d, int early)
{
    qemu_mutex_lock(&d->lock);
    if (early) {
        qemu_mutex_unlock(&d->lock);
        return;
    }
    d->state = 1;
    if (d->count) {
        qemu_mutex_unlock(&d->lock);
    }
    d->state = 2;
}`);
    expect(heldLines(file, "f")).toEqual(["9:held", "10:held", "13:free"]);
  });

  it("holds QEMU_LOCK_GUARD to the end of its block and WITH_QEMU_LOCK_GUARD over its body", () => {
    const file = cFile("/p/dev.c", `${HEADER}void f(Dev *d)
{
    if (d->count) {
        QEMU_LOCK_GUARD(&d->lock);
        d->state = 1;
    }
    d->state = 2;
    WITH_QEMU_LOCK_GUARD(&d->lock) {
        d->state = 3;
    }
    d->state = 4;
}`);
    expect(heldLines(file, "f")).toEqual(["4:free", "6:held", "8:free", "10:held", "12:free"]);
  });

  it("does not take an RCU guard block for a lock", () => {
    const file = cFile("/p/dev.c", `${HEADER}void f(Dev *d)
{
    scoped_guard(rcu) {
        d->state = 1;
    }
    scoped_guard(spinlock, &d->lock) {
        d->state = 2;
    }
}`, "linux");
    expect(heldLines(file, "f")).toEqual(["5:free", "8:held"]);
  });

  it("knows the spin locks of Linux and pthread mutexes, and the user's own lock names", () => {
    const file = cFile("/p/dev.c", `${HEADER}void f(Dev *d, pthread_mutex_t *m)
{
    unsigned long flags;
    spin_lock_irqsave(&d->lock, flags);
    d->state = 1;
    spin_unlock_irqrestore(&d->lock, flags);
    pthread_mutex_lock(m);
    d->state = 2;
    pthread_mutex_unlock(m);
    dev_lock(d);
    d->state = 3;
    dev_unlock(d);
}`, "linux");
    expect(heldLines(file, "f")).toEqual(["6:held", "9:held", "12:free"]);
    const options = resolveMixedAccessOptions({ lockFunctions: ["dev_lock"], unlockFunctions: ["dev_unlock"] });
    expect(heldLines(file, "f", options)).toEqual(["6:held", "9:held", "12:held"]);
  });

  it("finds lock and unlock functions of the project from their bodies", () => {
    const file = cFile("/p/dev.c", `${HEADER}static void take(Dev *d) { if (d->count) { qemu_mutex_lock(&d->lock); } else { qemu_spin_lock(&d->spin); } }
static void give(Dev *d) { qemu_mutex_unlock(&d->lock); }
static void guarded(Dev *d) { QEMU_LOCK_GUARD(&d->lock); }
static void take_unless(Dev *d) { if (d->count) { return; } qemu_mutex_lock(&d->lock); }
static void take_again(Dev *d) { take(d); }
void f(Dev *d)
{
    take(d);
    d->state = 1;
    give(d);
    guarded(d);
    d->state = 2;
    take_unless(d);
    d->state = 3;
    give(d);
    take_again(d);
    d->state = 4;
    give(d);
    d->state = 5;
}`);
    expect(heldLines(file, "f")).toEqual(["10:held", "13:free", "15:free", "18:held", "20:free"]);
  });

  it("follows the callers of static functions further than callDepth", () => {
    const file = cFile("/p/dev.c", `${HEADER}static int peek(Dev *d) { return d->state; }
static int peek2(Dev *d) { return peek(d); }
static int peek3(Dev *d) { return peek2(d); }
static int peek4(Dev *d) { return peek3(d); }
void f(Dev *d) { qemu_mutex_lock(&d->lock); peek4(d); qemu_mutex_unlock(&d->lock); }
int peek_open(Dev *d) { return d->state; }
int peek_open2(Dev *d) { return peek_open(d); }
int peek_open3(Dev *d) { return peek_open2(d); }
void g(Dev *d) { qemu_mutex_lock(&d->lock); peek_open3(d); qemu_mutex_unlock(&d->lock); }`);
    expect(heldLines(file, "peek")).toEqual(["2:held"]);
    expect(heldLines(file, "peek_open")).toEqual(["7:free"]);
  });

  it("enters a function with the lock held when its name ends in _locked or every caller holds one", () => {
    const file = cFile("/p/dev.c", `${HEADER}void bump_locked(Dev *d) { d->count++; }
static void bump(Dev *d) { d->count++; }
static void bump_sometimes(Dev *d) { d->count++; }
void a(Dev *d)
{
    qemu_mutex_lock(&d->lock);
    bump(d);
    bump_sometimes(d);
    qemu_mutex_unlock(&d->lock);
    bump_sometimes(d);
}`);
    expect(heldLines(file, "bump_locked")).toEqual(["2:held"]);
    expect(heldLines(file, "bump")).toEqual(["3:held"]);
    expect(heldLines(file, "bump_sometimes")).toEqual(["4:free"]);
  });

  it("follows callers into other files of the project", () => {
    const helper = cFile("/p/helper.c", `${HEADER}void set_state(Dev *d, int v) { d->state = v; }`);
    const caller = cFile("/p/caller.c", `${HEADER}void g(Dev *d) { qemu_mutex_lock(&d->lock); set_state(d, 1); qemu_mutex_unlock(&d->lock); }`);
    expect(heldLines(helper, "set_state", resolveMixedAccessOptions(), [caller])).toEqual(["2:held"]);
    expect(heldLines(helper, "set_state")).toEqual(["2:free"]);
  });
});
