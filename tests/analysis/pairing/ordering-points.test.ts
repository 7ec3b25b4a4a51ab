import { describe, expect, it } from "vitest";
import { functionFlow, projectPairing } from "../../../src/analysis/pairing/index.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import type { FileIR } from "../../../src/analysis/ir/index.js";
import { FileBuilder } from "./ir-builder.js";
import { keysOf, pointAtLine } from "./pairing-helpers.js";

function pointsOf(files: FileIR[], functionName: string, callDepth = 2) {
  const view = projectPairing(projectViewOf(files), callDepth);
  const fn = files.flatMap((file) => file.functions).find((candidate) => candidate.name === functionName)!;
  return view.pointsOf(fn);
}

describe("ordering points of a function", () => {
  it("a write barrier orders the stores back to the previous ordering point against those up to the next", () => {
    const file = new FileBuilder("w.c");
    file.fn("publish", (b) => {
      b.store("Ring.old");
      b.fence("wmb"); // line 3
      b.store("Ring.data");
      b.load("Ring.size");
      b.fence("compiler");
      b.store("Ring.head");
      b.fence("wmb"); // line 8
      b.store("Ring.tail");
    });
    const points = pointsOf([file.build()], "publish");
    expect(points.map((point) => point.label)).toEqual(["smp_wmb()", "smp_wmb()"]);
    const second = pointAtLine(points, 8);
    // barrier() is not an ordering point: the side runs through it; the load is not a store.
    expect(keysOf(second.write?.before)).toEqual(["Ring.data", "Ring.head"]);
    expect(keysOf(second.write?.after)).toEqual(["Ring.tail"]);
    expect(keysOf(pointAtLine(points, 3).write?.before)).toEqual(["Ring.old"]);
    expect(second.read).toBeUndefined();
  });

  it("a release store is its own later side and an acquire load its own earlier side", () => {
    const file = new FileBuilder("w.c");
    file.fn("both", (b) => {
      b.store("S.data");
      b.store("S.flag", { order: "release" }); // line 3
      b.load("S.flag", { order: "acquire" }); // line 4
      b.load("S.data");
    });
    const points = pointsOf([file.build()], "both");
    const release = pointAtLine(points, 3);
    expect(release.kind).toBe("release-store");
    expect(release.label).toBe("qatomic_store_release(S.flag)");
    expect(keysOf(release.write?.before)).toEqual(["S.data"]);
    expect(release.write?.after.map((side) => side.position)).toEqual(["self"]);
    const acquire = pointAtLine(points, 4);
    expect(acquire.kind).toBe("acquire-load");
    expect(acquire.read?.before.map((side) => side.position)).toEqual(["self"]);
    expect(keysOf(acquire.read?.after)).toEqual(["S.data"]);
  });

  it("follows both arms of a branch, the path that skips an arm, and stops at a return", () => {
    const file = new FileBuilder("w.c");
    file.fn("branchy", (b) => {
      b.branch((arm) => arm.store("S.a"), (arm) => arm.store("S.b"));
      b.branch((arm) => {
        arm.store("S.c");
        arm.fence("wmb"); // an arm with its own barrier stops that path
      }, () => undefined);
      b.fence("wmb"); // line 8
      b.branch((arm) => {
        arm.store("S.d");
        arm.exit("return");
      }, () => undefined);
      b.store("S.e");
    });
    const point = pointAtLine(pointsOf([file.build()], "branchy"), 8);
    expect(keysOf(point.write?.before).sort()).toEqual(["S.a", "S.b"]);
    expect(keysOf(point.write?.after).sort()).toEqual(["S.d", "S.e"]);
  });

  it("marks accesses reached only around a loop as belonging to another iteration", () => {
    const file = new FileBuilder("r.c");
    file.fn("consume", (b) => {
      b.load("Ring.before_loop");
      b.loop((body) => {
        body.load("Ring.head");
        body.fence("rmb"); // line 5
        body.load("Ring.slot");
      });
    });
    const point = pointAtLine(pointsOf([file.build()], "consume"), 5);
    const before = point.read!.before.map((side) => [side.access.key.id, side.crossesIteration]);
    expect(before).toEqual([["Ring.before_loop", false], ["Ring.head", false], ["Ring.slot", true]]);
  });

  it("includes callees' accesses to callDepth levels, labelled with the functions crossed", () => {
    const file = new FileBuilder("w.c");
    file.fn("inner", (b) => b.store("S.deep"));
    file.fn("fill", (b) => {
      b.store("S.data");
      b.call("inner");
    });
    file.fn("publish", (b) => {
      b.call("fill");
      b.fence("wmb");
      b.store("S.flag");
    });
    const built = file.build();
    const at = (depth: number) => pointsOf([built], "publish", depth)[0]!.write!.before.map((side) => `${side.access.key.id} via ${side.via.join(">")}`);
    expect(at(0)).toEqual([]);
    expect(at(1)).toEqual(["S.data via fill"]);
    expect(at(2)).toEqual(["S.data via fill", "S.deep via fill>inner"]);
  });

  it("continues into the callers when a side reaches the function's entry", () => {
    const file = new FileBuilder("async.c");
    file.fn("notify", (b) => {
      b.fence("mb");
      b.load("Ctx.notify_me", { order: "once" });
    });
    file.fn("schedule", (b) => {
      b.rmw("BH.flags");
      b.call("notify");
    });
    const point = pointsOf([file.build()], "notify")[0]!;
    expect(point.storeBuffering?.stores.map((side) => [side.access.key.id, side.context, side.via.join()])).toEqual([["BH.flags", "caller", "schedule"]]);
  });

  it("treats a call of a primitive wrapper as the barrier it wraps", () => {
    const file = new FileBuilder("w.c");
    file.fn("my_wmb", (b) => b.fence("wmb"), { isStatic: true, isPrimitiveWrapper: true });
    file.fn("publish", (b) => {
      b.store("S.data");
      b.call("my_wmb");
      b.store("S.flag");
    });
    const points = pointsOf([file.build()], "publish");
    expect(points.map((point) => [point.label, point.kind, keysOf(point.write?.before), keysOf(point.write?.after)]))
      .toEqual([["my_wmb()", "wmb", ["S.data"], ["S.flag"]]]);
  });

  it("joins an RMW with the before/after-rmw fences next to it; a lone one is a full barrier", () => {
    const file = new FileBuilder("aio.c");
    file.fn("prepare", (b) => {
      b.store("Ctx.x");
      b.rmw("Ctx.notify_me");
      b.fence("compiler");
      b.fence("after-rmw"); // line 5
      b.load("BH.flags");
    });
    file.fn("lonely", (b) => {
      b.store("Ctx.y");
      b.fence("after-rmw"); // line 9
      b.load("BH.flags");
    });
    const built = file.build();
    const [flanked] = pointsOf([built], "prepare");
    expect(pointsOf([built], "prepare")).toHaveLength(1);
    expect(flanked).toMatchObject({ kind: "rmw", explicit: true, label: "qatomic_or(Ctx.notify_me) + smp_mb__after_rmw()" });
    expect(flanked!.site.line).toBe(5);
    expect(flanked!.storeBuffering).toMatchObject({ strength: "rmw", flanks: { before: false, after: true } });
    expect(keysOf(flanked!.storeBuffering!.stores)).toEqual(["Ctx.x", "Ctx.notify_me"]);
    const lone = pointAtLine(pointsOf([built], "lonely"), 9);
    expect(lone.kind).toBe("mb");
    expect(lone.storeBuffering?.strength).toBe("full");
  });

  it("an RMW without fences is an implicit point, full only when the primitive says so", () => {
    const file = new FileBuilder("rmw.c");
    file.fn("plain_rmw", (b) => b.rmw("S.count"));
    file.fn("linux_rmw", (b) => b.rmw("S.count", { api: "atomic_inc_return", rmwIsFullBarrier: true }));
    file.fn("relaxed_rmw", (b) => b.rmw("S.count", { order: "once" }));
    const built = file.build();
    const [plain] = pointsOf([built], "plain_rmw");
    expect(plain).toMatchObject({ kind: "rmw", explicit: false, storeBuffering: { strength: "rmw" } });
    expect(plain!.write && plain!.read).toBeTruthy();
    expect(pointsOf([built], "linux_rmw")[0]!.storeBuffering?.strength).toBe("full");
    const [relaxed] = pointsOf([built], "relaxed_rmw");
    expect(relaxed!.write).toBeUndefined();
    expect(relaxed!.read).toBeUndefined();
  });

  it("an address dependency from a relaxed load is an implicit read-side point", () => {
    const file = new FileBuilder("r.c");
    file.fn("lookup", (b) => {
      const head = b.load("List.head", { order: "once", api: "READ_ONCE" });
      b.load("Node.value", { addressOf: [head] });
      b.load("Other.thing");
    });
    const [point] = pointsOf([file.build()], "lookup");
    expect(point).toMatchObject({ kind: "address-dependency", explicit: false, label: "address dependency on READ_ONCE(List.head)" });
    expect(keysOf(point!.read?.before)).toEqual(["List.head"]);
    expect(keysOf(point!.read?.after)).toEqual(["Node.value"]);
  });

  it("resolves a static callee in the caller's own file only", () => {
    const mine = new FileBuilder("a.c");
    mine.fn("fill", (b) => b.store("A.mine"), { isStatic: true });
    mine.fn("publish", (b) => {
      b.call("fill");
      b.fence("wmb");
      b.store("A.flag");
    });
    const theirs = new FileBuilder("b.c");
    theirs.fn("fill", (b) => b.store("B.theirs"), { isStatic: true });
    expect(keysOf(pointsOf([mine.build(), theirs.build()], "publish")[0]!.write?.before)).toEqual(["A.mine"]);
  });

  it("builds each function's flow and points once", () => {
    const file = new FileBuilder("w.c");
    const fn = file.fn("publish", (b) => {
      b.store("S.data");
      b.fence("wmb");
      b.store("S.flag");
    });
    const view = projectPairing(projectViewOf([file.build()]), 2);
    expect(functionFlow(fn)).toBe(functionFlow(fn));
    expect(view.pointsOf(fn)).toBe(view.pointsOf(fn));
  });
});
