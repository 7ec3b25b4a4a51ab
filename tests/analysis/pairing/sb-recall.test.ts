import path from "node:path";
import { describe, expect, it } from "vitest";
import { CProject } from "./c-project.js";

const FIXTURES = path.resolve("tests/fixtures/sb-recall");
const fixture = (name: string) => CProject.fromFixture(path.join(FIXTURES, name));

describe("store buffering that QEMU fixed (tests/fixtures/sb-recall)", () => {
  it("waiter-list: the push's cmpxchg and smp_mb__after_rmw() against qatomic_set_mb() is paired", () => {
    expect(fixture("waiter-list").lintAll()).toEqual([]);
  });

  it("waiter-list-broken: the push's cmpxchg alone is no full barrier, whose fence belongs in its caller", () => {
    expect(fixture("waiter-list-broken").lintAll()).toEqual([
      "waiter-lock.c:25 full-barrier-pairing: QSLIST_INSERT_HEAD_ATOMIC(WaitLock.pushed) in add_waiter() is not a full barrier for "
      + "the accesses around it: nothing orders the store to WaitLock.pushed before the load of WaitLock.ticket (via caller "
      + "wait_lock_slowpath()). Store buffering with qatomic_set_mb(WaitLock.ticket) in wait_unlock() (waiter-lock.c:49), which "
      + "orders the store to WaitLock.ticket before the load of WaitLock.pushed, needs both; add smp_mb__after_rmw() after it.",
    ]);
  });
});
