import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../../src/analysis/analyze.js";
import { unfencedSideChecker } from "../../../src/analysis/pairing/unfenced-side-checker.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { resolveCLanguageOptions } from "../../../src/languages/c/language-options.js";
import { parseC } from "../../../src/languages/c/parse-c.js";
import { CProject, PAIRING_CHECKERS } from "./c-project.js";
import { messageOf } from "./pairing-helpers.js";

const FIXTURES = path.resolve("tests/fixtures/sb-recall");

/** Every file of a fixture, linted with the pairing checkers and the check of a side with no barrier. */
function lintFixture(name: string): string[] {
  const project = CProject.fromFixture(path.join(FIXTURES, name));
  return Object.keys(project.sources).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const parsed = parseC(text, resolveCLanguageOptions(), true);
    if (!parsed.ok) throw new Error(parsed.message);
    const fileIR = lowerCSource(file, text, project.options);
    const result = analyze({ file, fileIR, syntax: { language: "c", text, ast: parsed.ast }, project: project.view, options: project.options },
      [...PAIRING_CHECKERS, unfencedSideChecker]);
    if (result.failures.length > 0) throw new Error(result.failures.map((failure) => failure.message).join("; "));
    return result.findings.map((finding) => `${path.basename(file)}:${finding.site.line} ${finding.rule}: ${messageOf(finding)}`);
  });
}

describe("store buffering that QEMU fixed (tests/fixtures/sb-recall)", () => {
  it.each(["waiter-list", "deep-callee"])("%s: every side has its full barrier", (name) => {
    expect(lintFixture(name)).toEqual([]);
  });

  // unpaired-barrier follows 16 callers per side, devices.c's first: it finds no second shared location
  // for event_set()/event_reset() and says so; full-barrier-pairing searches every caller of the partner.
  const storeBufferingReports = (name: string) => lintFixture(name).filter((report) => report.includes(" full-barrier-pairing: "));

  it("event-callers: the reset's RMW with smp_mb__after_rmw() against the set's barrier is paired", () => {
    expect(storeBufferingReports("event-callers")).toEqual([]);
  });

  it("waiter-list-broken: the push's cmpxchg alone is no full barrier, whose fence belongs in its caller", () => {
    expect(lintFixture("waiter-list-broken")).toEqual([
      "waiter-lock.c:25 full-barrier-pairing: QSLIST_INSERT_HEAD_ATOMIC(WaitLock.pushed) in add_waiter() is not a full barrier for "
      + "the accesses around it: nothing orders the store to WaitLock.pushed before the load of WaitLock.ticket (via caller "
      + "wait_lock_slowpath()). Store buffering with qatomic_set_mb(WaitLock.ticket) in wait_unlock() (waiter-lock.c:50), which "
      + "orders the store to WaitLock.ticket before the load of WaitLock.pushed, needs both; add smp_mb__after_rmw() after it.",
    ]);
  });

  it("deep-callee-broken: the poller's side without its barrier, whose load is two calls down", () => {
    expect(lintFixture("deep-callee-broken")).toEqual([
      "event-loop.c:25 barrier-comment: The comment on smp_mb() in loop_notify() says it pairs with smp_mb() in loop_prepare(), but "
      + "loop_prepare() (event-loop.c:52) holds no ordering point; no partner was found in the project.",
      "event-loop.c:25 unpaired-barrier: smp_mb() in loop_notify() orders loads of Task.flags before Loop.notify_me, and stores to "
      + "Task.flags before loads of Loop.notify_me, but the project has no partner for it: no write barrier (smp_wmb(), a release "
      + "store or a full barrier) stores Loop.notify_me before Task.flags, and no full barrier (smp_mb()) stores Loop.notify_me "
      + "before loading Task.flags.",
      "event-loop.c:54 full-barrier-pairing: loop_prepare() stores Loop.notify_me and then loads Task.flags (via loop_timeout() -> "
      + "task_timeout()) with nothing ordering them. Store buffering with smp_mb() in loop_notify() (event-loop.c:25), which orders "
      + "the store to Task.flags (via caller task_schedule()) before the load of Loop.notify_me with a full barrier, needs one on "
      + "this side too: add smp_mb() between them. LKMM allows it: loop_prepare()'s qatomic_read(Task.flags) reads 0 (the initial "
      + "value), and loop_notify()'s qatomic_read(Loop.notify_me) reads 0 (the initial value).",
    ]);
  });

  it("event-callers-broken: the reset's RMW against the set's barrier, both closed by callers past the 16 the sides follow", () => {
    expect(storeBufferingReports("event-callers-broken")).toEqual([
      "event.c:33 full-barrier-pairing: qatomic_or(Event.value) in event_reset() is not a full barrier for the accesses around it: "
      + "nothing orders the store to Event.value before the load of queue.c::pending (via caller work_queue_wait()). Store buffering "
      + "with smp_mb() in event_set() (event.c:21), which orders the store to queue.c::pending (via caller work_queue_add()) before "
      + "the load of Event.value, needs both; add smp_mb__after_rmw() after it.",
    ]);
  });

  it("event-one-caller: the reset's RMW and the set's barrier called by one function are one thread, not a pair", () => {
    expect(storeBufferingReports("event-one-caller")).toEqual([]);
  });
});
