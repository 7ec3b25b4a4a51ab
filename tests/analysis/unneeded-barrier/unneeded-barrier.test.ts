import { describe, expect, it } from "vitest";
import { duplicateFences } from "../../../src/analysis/unneeded-barrier/duplicate-fences.js";
import { fenceUsesOf, subsumes, type FenceUse } from "../../../src/analysis/unneeded-barrier/fence-uses.js";
import { SideProber } from "../../../src/analysis/unneeded-barrier/side-probe.js";
import { unneededBarrierChecker } from "../../../src/analysis/unneeded-barrier/unneeded-barrier-checker.js";
import { overlayScope } from "../../../src/analysis/pairing/code-scope.js";
import { FlowScanner } from "../../../src/analysis/pairing/flow-scan.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import { messageOf } from "../pairing/pairing-helpers.js";
import { cFile, check, functionNamed, optionsFor, placesOf, type CTestFile } from "../mixed-access/project-files.js";

const RING = "typedef struct Ring { unsigned head; unsigned tail; unsigned slot[8]; } Ring;\n";

function use(kind: FenceUse["kind"], flavour: FenceUse["flavour"] = "smp"): FenceUse {
  return { node: 0, kind, flavour, api: kind, site: { file: "x.c", range: [0, 0], line: 1, column: 0, endLine: 1, endColumn: 0 } };
}

function usesOf(file: CTestFile, name: string): FenceUse[] {
  return fenceUsesOf(functionNamed(file, name), overlayScope(projectViewOf([file.fileIR]), file.fileIR));
}

describe("barrier strength", () => {
  it("knows which barrier orders everything another does", () => {
    expect(subsumes(use("mb"), use("rmb"))).toBe(true);
    expect(subsumes(use("mb"), use("wmb"))).toBe(true);
    expect(subsumes(use("rmb"), use("read-depends"))).toBe(true);
    expect(subsumes(use("acquire"), use("rmb"))).toBe(true);
    expect(subsumes(use("release"), use("wmb"))).toBe(true);
    expect(subsumes(use("rmb"), use("wmb"))).toBe(false);
    expect(subsumes(use("wmb"), use("mb"))).toBe(false);
    expect(subsumes(use("acquire"), use("release"))).toBe(false);
    expect(subsumes(use("read-depends"), use("rmb"))).toBe(false);
  });

  it("lets a mandatory barrier cover an smp one, not the other way round", () => {
    expect(subsumes(use("wmb", "mandatory"), use("wmb", "smp"))).toBe(true);
    expect(subsumes(use("wmb", "mandatory"), use("wmb", "dma"))).toBe(true);
    expect(subsumes(use("wmb", "smp"), use("wmb", "mandatory"))).toBe(false);
    expect(subsumes(use("wmb", "smp"), use("wmb", "dma"))).toBe(false);
  });

  it("lists barriers and wrapper calls, not compiler barriers", () => {
    const file = cFile("/p/r.c", `${RING}static inline void ring_wmb(void) { smp_wmb(); }
void f(Ring *r) { barrier(); ring_wmb(); smp_mb(); }`);
    expect(usesOf(file, "f").map((fence) => `${fence.api}:${fence.kind}`)).toEqual(["ring_wmb:wmb", "smp_mb:mb"]);
  });
});

describe("back-to-back barriers", () => {
  function duplicatesIn(code: string, preset: "qemu" | "linux" = "qemu"): string[] {
    const file = cFile("/p/r.c", `${RING}${code}`, preset);
    const fn = file.fileIR.functions[file.fileIR.functions.length - 1]!;
    const uses = usesOf(file, fn.name);
    return duplicateFences(fn, uses).map((duplicate) => `${duplicate.redundant.site.line}:${duplicate.position}:${duplicate.covering.site.line}`);
  }

  it("reports the second of two equal barriers and a weaker one after a stronger one", () => {
    expect(duplicatesIn("void f(void)\n{\n    smp_wmb();\n    smp_wmb();\n}")).toEqual(["5:after:4"]);
    expect(duplicatesIn("void f(void)\n{\n    smp_mb();\n    barrier();\n    smp_rmb();\n}")).toEqual(["6:after:4"]);
  });

  it("reports a weaker barrier right before a stronger one", () => {
    expect(duplicatesIn("void f(void)\n{\n    smp_rmb();\n    smp_mb();\n}")).toEqual(["4:before:5"]);
  });

  it("compares a third barrier with the one that covers the second", () => {
    expect(duplicatesIn("void f(void)\n{\n    smp_mb();\n    smp_mb();\n    smp_wmb();\n}")).toEqual(["5:after:4", "6:after:4"]);
  });

  it("leaves barriers alone when an access, a call or a branch comes between them, or neither covers the other", () => {
    expect(duplicatesIn("void f(Ring *r)\n{\n    smp_wmb();\n    r->head = 1;\n    smp_wmb();\n}")).toEqual([]);
    expect(duplicatesIn("void f(Ring *r)\n{\n    smp_wmb();\n    kick(r);\n    smp_wmb();\n}")).toEqual([]);
    expect(duplicatesIn("void f(int c)\n{\n    smp_wmb();\n    if (c) {\n        smp_wmb();\n    }\n}")).toEqual([]);
    expect(duplicatesIn("void f(void)\n{\n    smp_rmb();\n    smp_wmb();\n}")).toEqual([]);
  });
});

describe("barrier sides", () => {
  /** The side of the last barrier of `name`. */
  function probe(file: CTestFile, others: CTestFile[], name: string, direction: "backward" | "forward", callDepth = 2) {
    const scope = overlayScope(projectViewOf([file.fileIR, ...others.map((other) => other.fileIR)]), file.fileIR);
    const fn = functionNamed(file, name);
    const fence = fenceUsesOf(fn, scope).pop();
    return new SideProber(scope, new FlowScanner(scope, callDepth), callDepth).probe(fn, fence!.node, direction);
  }

  it("stops at the previous barrier and says so, going past ordered accesses as the pairing analysis does", () => {
    const file = cFile("/p/r.c", `${RING}void f(Ring *r)
{
    r->slot[0] = 1;
    smp_mb();
    r->head = 2;
    qatomic_store_release(&r->tail, 1);
    smp_wmb();
}`);
    const side = probe(file, [], "f", "backward");
    expect(side.accesses.map((access) => access.key.id)).toEqual(["Ring.tail", "Ring.head"]);
    expect(side.stops.map((stop) => `${stop.label}:${stop.site.line}`)).toEqual(["smp_mb():5"]);
    expect(side.reachedBoundary).toBe(false);
  });

  it("looks into callees to the call depth, and calls what it cannot see unseen", () => {
    const file = cFile("/p/r.c", `${RING}static void fill2(Ring *r) { r->slot[1] = 2; }
static void fill1(Ring *r) { fill2(r); }
void f(Ring *r) { fill1(r); smp_wmb(); }
void g(Ring *r) { fill_elsewhere(r); smp_wmb(); }`);
    const deep = probe(file, [], "f", "backward", 2);
    expect(deep.accesses.map((access) => access.key.id)).toEqual(["Ring.slot[]"]);
    expect(deep.lookedThrough).toEqual(["fill1", "fill2"]);
    const shallow = probe(file, [], "f", "backward", 1);
    expect(shallow.accesses).toEqual([]);
    expect(shallow.unseen).toBe("fill2() is deeper than the call depth");
    expect(probe(file, [], "g", "backward").unseen).toBe("fill_elsewhere() is not defined in the analysed code");
  });

  it("goes past the function's end into its direct callers, in other files too", () => {
    const file = cFile("/p/r.c", `${RING}void ring_flush(Ring *r) { r->slot[0] = 1; smp_wmb(); }`);
    const caller = cFile("/p/user.c", `${RING}void produce(Ring *r) { ring_flush(r); qatomic_set(&r->tail, 1); }`);
    const alone = probe(file, [], "ring_flush", "forward");
    expect(alone.accesses).toEqual([]);
    expect(alone.reachedBoundary).toBe(true);
    const withCaller = probe(file, [caller], "ring_flush", "forward");
    expect(withCaller.accesses.map((access) => access.key.id)).toEqual(["Ring.tail"]);
    expect(withCaller.lookedThrough).toEqual(["caller produce"]);
  });
});

describe("unneeded-barrier checker", () => {
  it("reports a write barrier with nothing stored before it, saying what it looked at", () => {
    const file = cFile("/p/r.c", `${RING}static unsigned ring_next(Ring *r) { return r->head + 1; }
void ring_commit(Ring *r)
{
    unsigned next = ring_next(r);
    smp_wmb();
    qatomic_set(&r->tail, next);
}`);
    const findings = check(unneededBarrierChecker, file, [file]);
    expect(placesOf(findings)).toEqual(["r.c:6"]);
    expect(messageOf(findings[0]!)).toBe("Nothing is stored before smp_wmb() in ring_commit() "
      + "(looked back to the start of ring_commit(), through ring_next()): it orders nothing there.");
    expect(findings[0]!.related.map((related) => related.label)).toEqual(["Ring.tail is stored after it"]);
  });

  it("judges a barrier at the end of a function by what its callers do next", () => {
    const file = cFile("/p/r.c", `${RING}void ring_fill(Ring *r, unsigned v) { r->slot[0] = v; smp_wmb(); }`);
    const caller = cFile("/p/user.c", `${RING}void produce(Ring *r) { ring_fill(r, 1); qatomic_set(&r->tail, 1); }`);
    const idle = cFile("/p/idle.c", `${RING}void idle(Ring *r) { ring_fill(r, 0); }`);
    expect(check(unneededBarrierChecker, file, [file, caller])).toEqual([]);
    const findings = check(unneededBarrierChecker, file, [file, idle]);
    expect(messageOf(findings[0]!)).toBe("Nothing is stored after smp_wmb() in ring_fill() "
      + "(looked ahead to the end of ring_fill(), through caller idle()): it orders nothing there.");
  });

  it("names the next ordering point where the empty side ends", () => {
    const file = cFile("/p/r.c", `${RING}unsigned ring_peek(Ring *r)
{
    smp_rmb();
    r->slot[0] = 0;
    return qatomic_load_acquire(&r->head);
}`);
    const findings = check(unneededBarrierChecker, file, [file]);
    expect(findings.map((finding) => finding.data.missing)).toEqual(["Nothing is loaded before"]);
    const after = cFile("/p/r.c", `${RING}void ring_peek(Ring *r)
{
    unsigned h = qatomic_read(&r->head);
    smp_rmb();
    r->slot[h] = 0;
    smp_wmb();
    qatomic_set(&r->tail, 1);
}`);
    const [finding] = check(unneededBarrierChecker, after, [after]);
    expect(finding!.data.missing).toBe("Nothing is loaded after");
    expect(finding!.data.looked).toBe("looked ahead to smp_wmb() (r.c:7)");
    expect(finding!.related.map((related) => related.label)).toEqual(["the next ordering point, smp_wmb()", "Ring.head is loaded before it"]);
  });

  it("reports a duplicate once, and does not call the kept barrier's side empty because of it", () => {
    const file = cFile("/p/r.c", `${RING}void ring_push(Ring *r)
{
    r->slot[0] = 1;
    smp_wmb();
    smp_wmb();
    qatomic_set(&r->tail, 1);
}`);
    const findings = check(unneededBarrierChecker, file, [file]);
    expect(findings.map((finding) => `${finding.site.line} ${finding.messageId}`)).toEqual(["6 duplicateAfter"]);
    expect(messageOf(findings[0]!)).toBe("smp_wmb() right after smp_wmb() in ring_push() adds nothing: no access comes between them "
      + "and smp_wmb() already orders everything smp_wmb() does.");
    expect(findings[0]!.related[0]!.site.line).toBe(5);
  });

  it("stays quiet when a side calls code it cannot see", () => {
    const file = cFile("/p/r.c", `${RING}void ring_push(Ring *r) { fill_from_device(r); smp_wmb(); qatomic_set(&r->tail, 1); }`);
    expect(check(unneededBarrierChecker, file, [file])).toEqual([]);
  });

  it("does not report in primitive wrappers, in functions with parse errors, or on device barriers", () => {
    const wrapper = cFile("/p/r.c", `${RING}static inline void ring_barrier(void) { smp_mb(); }`);
    expect(check(unneededBarrierChecker, wrapper, [wrapper])).toEqual([]);
    const broken = cFile("/p/r.c", `${RING}void f(Ring *r)\n{\n    smp_wmb();\n    r->tail = = 1 +;\n}`);
    expect(broken.fileIR.functions[0]!.hasParseErrors).toBe(true);
    expect(check(unneededBarrierChecker, broken, [broken])).toEqual([]);
    const device = cFile("/p/r.c", `${RING}void f(Ring *r) { r->slot[0] = 1; wmb(); writel(1, r); }`, "linux");
    expect(check(unneededBarrierChecker, device, [device], optionsFor("linux"))).toEqual([]);
  });

  it("checks a wrapper's call as the barrier it stands for", () => {
    const file = cFile("/p/r.c", `${RING}static inline void ring_wmb(void) { smp_wmb(); }
void ring_publish(Ring *r) { ring_wmb(); qatomic_set(&r->tail, 1); }`);
    const [finding] = check(unneededBarrierChecker, file, [file]);
    expect(finding!.data.barrier).toBe("ring_wmb()");
    expect(finding!.site.line).toBe(3);
  });

  it("survives garbage", () => {
    const garbage = cFile("/p/g.c", "void f( { smp_mb(); smp_mb(); }}} ((( smp_wmb(");
    expect(() => check(unneededBarrierChecker, garbage, [garbage])).not.toThrow();
  });
});
