import { describe, expect, it } from "vitest";
import { PRESET_DIALECTS, resolveDialect } from "../../../src/analysis/dialects/registry.js";
import type { Access } from "../../../src/analysis/ir/events.js";
import { leafEvents } from "../../../src/analysis/ir/walk.js";
import { judgePair, modelOf } from "../../../src/analysis/verdicts/pair-verdict.js";
import { accessShape } from "../../../src/analysis/verdicts/model-events.js";
import { wholeFunction } from "../../../src/analysis/verdicts/thread-items.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";

/** The two functions of `source` as the two threads of a pair, judged by the preset's model. */
function judge(source: string, preset = "linux") {
  const dialect = resolveDialect(PRESET_DIALECTS[preset]!);
  const fileIR = lowerCSource("/src/pair.c", source, { dialect, hostPointerSize: 8 });
  const [first, second] = fileIR.functions;
  return judgePair([wholeFunction(first!), wholeFunction(second!)], modelOf(dialect)!);
}

function firstAccess(source: string, preset: string): Access {
  const dialect = resolveDialect(PRESET_DIALECTS[preset]!);
  const fileIR = lowerCSource("/src/one.c", source, { dialect, hostPointerSize: 8 });
  return leafEvents(fileIR.functions[0]!.body).find((event): event is Access => event.kind === "access")!;
}

const MP_WRITER = `void publish(int *data, int *flag)
{
    WRITE_ONCE(*data, 1);
    smp_wmb();
    WRITE_ONCE(*flag, 1);
}
`;

describe("judgePair: two functions as a skeleton for the model", () => {
  it("forbids message passing with smp_wmb() against smp_rmb()", () => {
    const verdict = judge(`${MP_WRITER}
int consume(int *data, int *flag)
{
    int ready = READ_ONCE(*flag);
    smp_rmb();
    return ready + READ_ONCE(*data);
}`);
    expect(verdict.kind).toBe("forbidden");
  });

  it("allows it without the read barrier, and says which read sees what", () => {
    const verdict = judge(`${MP_WRITER}
int consume(int *data, int *flag)
{
    int ready = READ_ONCE(*flag);
    return ready + READ_ONCE(*data);
}`);
    expect(verdict.kind).toBe("allowed");
    if (verdict.kind !== "allowed") return;
    expect(verdict.witness).toBe("LKMM allows it: consume()'s READ_ONCE(*flag) reads 1 (written at pair.c:5 by publish()), "
      + "and consume()'s READ_ONCE(*data) reads 0 (the initial value)");
  });

  it("forbids load buffering when one side has smp_mb() and the other a control dependency, as herd7 does", () => {
    const mb = `void first(int *x, int *y)
{
    int r = READ_ONCE(*x);
    smp_mb();
    WRITE_ONCE(*y, 1);
}
`;
    expect(judge(`${mb}
void second(int *x, int *y)
{
    if (READ_ONCE(*y))
        WRITE_ONCE(*x, 1);
}`).kind).toBe("forbidden");
    expect(judge(`${mb}
void second(int *x, int *y)
{
    int r = READ_ONCE(*y);
    WRITE_ONCE(*x, 1);
}`).kind).toBe("allowed");
  });

  it("keeps a dependency carried through a location only one thread uses", () => {
    expect(judge(`void first(int *x, int *y, int *tmp)
{
    *tmp = READ_ONCE(*x);
    WRITE_ONCE(*y, *tmp);
}

void second(int *x, int *y)
{
    int r = smp_load_acquire(y);
    smp_store_release(x, r);
}`).kind).toBe("forbidden");
  });

  it("takes QEMU's RMW for acquire/release, not a full barrier: store buffering stays allowed until smp_mb__after_rmw()", () => {
    const notifier = `void notify(int *flags, int *notify_me)
{
    qatomic_set(flags, 1);
    smp_mb();
    if (qatomic_read(notify_me))
        kick();
}
`;
    const poller = (fence: string) => `
int poll(int *flags, int *notify_me)
{
    qatomic_or(notify_me, 1);${fence}
    return qatomic_read(flags);
}`;
    expect(judge(notifier + poller(""), "qemu").kind).toBe("allowed");
    expect(judge(notifier + poller("\n    smp_mb__after_rmw();"), "qemu").kind).toBe("forbidden");
  });

  it("refuses rather than guesses when the skeleton is over the bound", () => {
    // Five RMWs and five reads a side: an RMW counts as a read, a write and the link between them.
    const many = (name: string, mine: string, theirs: string) => `int ${name}(int *a, int *b)
{
    int r = 0;
${Array.from({ length: 5 }, () => `    qatomic_fetch_add(${mine}, 1);\n    r += qatomic_read(${theirs});`).join("\n")}
    return r;
}
`;
    const verdict = judge(many("one", "a", "b") + many("two", "b", "a"), "qemu");
    expect(verdict).toMatchObject({ kind: "unknown" });
    if (verdict.kind === "unknown") expect(verdict.reason).toMatch(/^not checked: \d+ events over the bound of 40$/u);
  });

  it("needs two shared locations for a cycle", () => {
    expect(judge(`void a(int *x) { WRITE_ONCE(*x, 1); }
int b(int *x) { return READ_ONCE(*x); }`)).toEqual({ kind: "unknown", reason: "no cycle over two shared locations" });
  });
});

describe("model events per dialect", () => {
  it("maps a value-returning Linux RMW to a full one, and QEMU's to an acquire/release one", () => {
    expect(accessShape(firstAccess("int f(int *x) { return atomic_inc_return((atomic_t *)x); }", "linux"), modelOf(resolveDialect(PRESET_DIALECTS.linux!))!))
      .toMatchObject({ kind: "rmw", order: "full" });
    expect(accessShape(firstAccess("int f(int *x) { return qatomic_fetch_inc(x); }", "qemu"), modelOf(resolveDialect(PRESET_DIALECTS.qemu!))!))
      .toMatchObject({ kind: "rmw", order: "acq_rel" });
  });
});
