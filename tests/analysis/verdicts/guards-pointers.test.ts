import { describe, expect, it } from "vitest";
import { PRESET_DIALECTS, resolveDialect } from "../../../src/analysis/dialects/registry.js";
import { judgePair, modelOf } from "../../../src/analysis/verdicts/pair-verdict.js";
import { withVerdict } from "../../../src/analysis/verdicts/point-verdicts.js";
import { wholeFunction } from "../../../src/analysis/verdicts/thread-items.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";

function judge(source: string, preset = "linux") {
  const dialect = resolveDialect(PRESET_DIALECTS[preset]!);
  const fileIR = lowerCSource("/src/pair.c", source, { dialect, hostPointerSize: 8 });
  const [first, second] = fileIR.functions;
  return judgePair([wholeFunction(first!), wholeFunction(second!)], modelOf(dialect)!);
}

const WRITER = `struct s { int flag; int data; };
void publish(struct s *p)
{
    p->data = 1;
    smp_wmb();
    WRITE_ONCE(p->flag, 1);
}
`;

describe("judgePair: guards, pointers and bounds", () => {
  it("plain data read only when the flag was seen: no race, forbidden", () => {
    expect(judge(`${WRITER}
int consume(struct s *p)
{
    if (!READ_ONCE(p->flag))
        return 0;
    smp_rmb();
    return p->data;
}`).kind).toBe("forbidden");
  });

  it("the same read whatever the flag says: LKMM finds the race", () => {
    const verdict = judge(`${WRITER}
int consume(struct s *p)
{
    int f = READ_ONCE(p->flag);
    smp_rmb();
    return f + p->data;
}`);
    expect(verdict).toMatchObject({ kind: "allowed", race: true });
  });

  it("a race that a branch the skeleton cannot express may prevent is no answer", () => {
    const verdict = judge(`${WRITER}
int consume(struct s *p, int last)
{
    if (READ_ONCE(p->flag) == last)
        return 0;
    smp_rmb();
    return p->data;
}`);
    expect(verdict.kind).toBe("unknown");
    if (verdict.kind !== "unknown") return;
    expect(verdict.reason).toMatch(/branch the skeleton cannot express/);
  });

  it("follows a published pointer: the address dependency orders the reader", () => {
    const publisher = `struct obj { int val; };
struct obj *gp;
struct obj target;
void publisher(void)
{
    WRITE_ONCE(target.val, 1);
    smp_store_release(&gp, &target);
}
`;
    expect(judge(`${publisher}
int reader(void)
{
    struct obj *p = READ_ONCE(gp);
    return READ_ONCE(p->val);
}`).kind).toBe("forbidden");
    // Through a copy kept in memory, as LKMM carries the dependency.
    expect(judge(`${publisher}
struct obj *tmp;
int reader(void)
{
    tmp = READ_ONCE(gp);
    struct obj *p = tmp;
    return READ_ONCE(p->val);
}`).kind).toBe("forbidden");
  });

  it("a guard on a location only ever set to 0 is decided: the store under it never runs", () => {
    const reader = `struct s { int busy; int x; int y; };
void clear(struct s *p)
{
    if (READ_ONCE(p->x)) {
        if (READ_ONCE(p->busy))
            WRITE_ONCE(p->busy, 0);
    }
    smp_wmb();
    WRITE_ONCE(p->y, 1);
}
`;
    // Load buffering on x/y: the store to busy depends on x by control and smp_wmb() orders it
    // before y, but that store never runs.
    const verdict = judge(`${reader}
void other(struct s *p)
{
    if (READ_ONCE(p->y)) {
        WRITE_ONCE(p->x, 1);
        WRITE_ONCE(p->busy, 0);
    }
}`);
    expect(verdict, JSON.stringify(verdict)).toMatchObject({ kind: "allowed", race: false });
    // A location also written with another constant keeps distinct values, and no guard.
    const guarded = judge(`${reader}
void other(struct s *p)
{
    if (READ_ONCE(p->y)) {
        WRITE_ONCE(p->x, 1);
        WRITE_ONCE(p->busy, 1);
    }
}`);
    expect(guarded.kind).toBe("forbidden");
  });

  it("over the bound, no guess: the shape-based report stands and says why", () => {
    const big = (n: number) => Array.from({ length: n }, (_, i) => `    smp_mb();\n    smp_mb();\n    smp_mb();\n    smp_mb();\n    WRITE_ONCE(p->f${i % 2 === 0 ? "a" : "b"}, ${i + 1});`).join("\n");
    const over = judge(`struct t { int fa; int fb; };
void many(struct t *p)
{
${big(10)}
}
int readers(struct t *p)
{
    int r = READ_ONCE(p->fb);
    smp_rmb();
    return r + READ_ONCE(p->fa);
}`);
    expect(over.kind).toBe("unknown");
    if (over.kind !== "unknown") return;
    expect(over.reason).toMatch(/^not checked: \d+ events over the bound of 40$/);
    const finding = withVerdict({ rule: "unpaired-barrier", messageId: "unpaired", site: { file: "/src/pair.c", range: [0, 1], line: 1, column: 0, endLine: 1, endColumn: 1 }, related: [], data: {} }, over);
    expect(finding?.data.model).toMatch(/^not checked: \d+ events over the bound of 40; shape check only$/);
    expect(finding?.data.witness).toBe("");
  });
});
