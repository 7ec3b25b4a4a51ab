import { describe, expect, it } from "vitest";
import type { FileIR } from "../../../src/analysis/ir/index.js";
import {
  buildPairingGraph, filePairing, graphToDot, graphToJSON, projectPairing, projectPairingGraph,
} from "../../../src/analysis/pairing/index.js";
import { resolveDialect } from "../../../src/analysis/dialects/registry.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import { graphToMermaid } from "../../../src/report/graph-picture.js";
import { FileBuilder } from "./ir-builder.js";

function messagePassingFiles(readerOrder: "correct" | "reversed" = "correct", readerKeys = { flag: "S.flag", data: "S.data" }): FileIR[] {
  const writer = new FileBuilder("src/writer.c");
  writer.fn("publish", (b) => {
    b.store("S.data");
    b.fence("wmb");
    b.store("S.flag", { order: "once" });
  });
  const reader = new FileBuilder("src/reader.c");
  reader.fn("consume", (b) => {
    const [first, second] = readerOrder === "correct" ? [readerKeys.flag, readerKeys.data] : [readerKeys.data, readerKeys.flag];
    b.load(first!, { order: "once" });
    b.fence("rmb");
    b.load(second!);
  });
  return [writer.build(), reader.build()];
}

function storeBufferingFiles(otherSide: "mb" | "rmw" | "rmw-fenced" | "rmw-only"): FileIR[] {
  const notify = new FileBuilder("util/async.c");
  notify.fn("schedule", (b) => {
    if (otherSide === "rmw-only") b.rmw("BH.flags");
    else b.store("BH.flags", { order: "once" });
    if (otherSide !== "rmw-only") b.fence("mb");
    b.load("Ctx.notify_me", { order: "once" });
  });
  const poll = new FileBuilder("util/aio-posix.c");
  poll.fn("poll", (b) => {
    if (otherSide === "mb") {
      b.store("Ctx.notify_me", { order: "once" });
      b.fence("mb");
    } else {
      b.rmw("Ctx.notify_me");
      if (otherSide === "rmw-fenced") b.fence("after-rmw");
    }
    b.load("BH.flags");
  });
  return [notify.build(), poll.build()];
}

const edgeSummary = (files: FileIR[]) => projectPairingGraph(projectViewOf(files), 2).edges
  .map((edge) => `${edge.kind} ${edge.from.fn.name}->${edge.to.fn.name} [${edge.first.map((m) => m.from.access.key.id)}] [${edge.second.map((m) => m.from.access.key.id)}] ${edge.confidence}`);

describe("message passing", () => {
  it("pairs a write barrier with a read barrier that loads the flag before and the data after", () => {
    expect(edgeSummary(messagePassingFiles())).toEqual([
      "message-passing publish->consume [S.flag] [S.data] exact",
    ]);
  });

  it("relates a reader that loads in the writer's order only as reversed", () => {
    expect(edgeSummary(messagePassingFiles("reversed"))).toEqual([
      "reversed publish->consume [S.data] [S.flag] exact",
    ]);
  });

  it("pairs a release store with an acquire load", () => {
    const writer = new FileBuilder("w.c");
    writer.fn("publish", (b) => {
      b.store("S.data");
      b.store("S.flag", { order: "release" });
    });
    const reader = new FileBuilder("r.c");
    reader.fn("consume", (b) => {
      b.load("S.flag", { order: "acquire" });
      b.load("S.data");
    });
    expect(edgeSummary([writer.build(), reader.build()])).toEqual(["message-passing publish->consume [S.flag] [S.data] exact"]);
  });

  it("does not let one access be both the flag and the data", () => {
    const writer = new FileBuilder("w.c");
    writer.fn("bump", (b) => {
      b.store("S.seq");
      b.fence("wmb");
      b.store("S.other");
    });
    const reader = new FileBuilder("r.c");
    reader.fn("peek", (b) => {
      b.load("S.other", { order: "once" });
      b.fence("rmb");
      b.load("S.unrelated");
    });
    expect(edgeSummary([writer.build(), reader.build()])).toEqual([]);
  });

  it("matches an owner-unknown key by field name, with lower confidence", () => {
    expect(edgeSummary(messagePassingFiles("correct", { flag: "?.flag", data: "S.data" }))).toEqual([
      "message-passing publish->consume [S.flag] [S.data] owner-unknown",
    ]);
    expect(edgeSummary(messagePassingFiles("correct", { flag: "Other.flag", data: "S.data" }))).toEqual([]);
  });

  it("follows callees to callDepth levels when looking for the data", () => {
    const writer = new FileBuilder("w.c");
    writer.fn("fill_slot", (b) => b.store("S.data"));
    writer.fn("fill", (b) => b.call("fill_slot"));
    writer.fn("publish", (b) => {
      b.call("fill");
      b.fence("wmb");
      b.store("S.flag");
    });
    const [, reader] = messagePassingFiles();
    const files = [writer.build(), reader!];
    const count = (depth: number) => projectPairingGraph(projectViewOf(files), depth).edges.filter((edge) => edge.kind === "message-passing").length;
    expect([count(1), count(2)]).toEqual([0, 1]);
  });
});

describe("store buffering", () => {
  it("pairs two full barriers that each store what the other loads", () => {
    expect(edgeSummary(storeBufferingFiles("mb"))).toContain("store-buffering poll->schedule [Ctx.notify_me] [BH.flags] exact");
  });

  it("relates a full barrier to an RMW, fenced or not, and never two RMWs", () => {
    expect(edgeSummary(storeBufferingFiles("rmw"))).toContain("store-buffering poll->schedule [Ctx.notify_me] [BH.flags] exact");
    const fenced = projectPairingGraph(projectViewOf(storeBufferingFiles("rmw-fenced")), 2);
    const rmw = fenced.nodes.find((node) => node.kind === "rmw")!;
    expect(rmw.storeBuffering).toMatchObject({ strength: "rmw", flanks: { before: false, after: true } });
    expect(edgeSummary(storeBufferingFiles("rmw-only")).filter((edge) => edge.startsWith("store-buffering"))).toEqual([]);
  });
});

describe("project-wide structure", () => {
  it("is built once per project view and call depth", () => {
    const view = projectViewOf(messagePassingFiles());
    const first = projectPairing(view, 2);
    expect(projectPairing(view, 2)).toBe(first);
    expect(projectPairing(view, 2).index).toBe(first.index);
    expect(projectPairing(view, 1)).not.toBe(first);
    expect(projectPairing(projectViewOf(messagePassingFiles()), 2)).not.toBe(first);
  });

  it("replaces the project's copy of the linted file with its fresh IR", () => {
    const [writer, staleReader] = messagePassingFiles("reversed");
    const [, freshReader] = messagePassingFiles("correct");
    const view = projectViewOf([writer!, staleReader!]);
    const linting = filePairing(view, freshReader!, 2);
    const [point] = linting.filePoints();
    expect(linting.partnersOf(point!).map((edge) => edge.from.fn.name)).toEqual(["publish"]);
    expect(linting.allPoints().filter((p) => p.file === "src/reader.c")).toEqual([point]);
    expect(linting.filePoints()).toBe(filePairing(view, freshReader!, 2).filePoints());
  });

  it("gives the same graph whatever the order of the files", () => {
    const files = [...messagePassingFiles(), ...storeBufferingFiles("rmw")];
    const forward = graphToJSON(projectPairingGraph(projectViewOf(files), 2));
    const backward = graphToJSON(projectPairingGraph(projectViewOf([...files].reverse()), 2));
    expect(backward).toEqual(forward);
    expect(forward.nodes.map((node) => node.id)).toContain("src/writer.c::publish::publish#1");
    expect(JSON.parse(JSON.stringify(forward))).toEqual(forward);
  });
});

describe("graph output", () => {
  it("renders DOT with one cluster per file, one box per point and labelled edges", () => {
    const graph = buildPairingGraph(projectPairing(projectViewOf(messagePassingFiles()), 2));
    expect(graphToDot(graph, { relativeTo: "src" })).toBe([
      "digraph pairing {",
      "node[shape=box,style=\"rounded,filled\",fillcolor=white];",
      "subgraph \"cluster_1\" {",
      "label=\"reader.c\";",
      "p1[label=\"smp_rmb()\\nconsume():3\\nR: S.flag | S.data\"];",
      "}",
      "subgraph \"cluster_2\" {",
      "label=\"writer.c\";",
      "p2[label=\"smp_wmb()\\npublish():3\\nW: S.data | S.flag\"];",
      "}",
      "p2->p1[label=\"MP S.flag / S.data\"];",
      "}",
      "",
    ].join("\n"));
  });

  it("draws store buffering with a weaker side in red and reversed candidates dotted", () => {
    const rmwGraph = graphToDot(projectPairingGraph(projectViewOf(storeBufferingFiles("rmw")), 2));
    expect(rmwGraph).toMatch(/p\d+->p\d+\[label="SB Ctx\.notify_me \/ BH\.flags",style=dashed,dir=none,color=red\];/u);
    const reversed = graphToDot(projectPairingGraph(projectViewOf(messagePassingFiles("reversed")), 2));
    expect(reversed).toMatch(/p2->p1\[label="reversed S\.data \/ S\.flag",style=dotted,color=red\];/u);
  });

  it("draws a point whose partner is outside the project towards that party, in DOT, JSON and Mermaid", () => {
    const app = new FileBuilder("app.c");
    app.fn("submit", (b) => {
      b.store("io_uring_sqe.opcode");
      b.store("*io_uring_sq.ktail", { order: "release" });
    });
    const dialect = resolveDialect(["c11", "gcc", "liburing"]);
    const graph = projectPairingGraph(projectViewOf([app.build()]), 2, dialect);
    expect(graph.external.map(({ point, partner }) => [point.label, partner.holder, partner.key])).toEqual([
      ["qatomic_store_release(*io_uring_sq.ktail)", "the kernel (submission ring)", "*io_uring_sq.ktail"],
    ]);
    const dot = graphToDot(graph);
    expect(dot).toContain("x1[label=\"the kernel (submission ring)\",shape=ellipse,style=dashed];");
    expect(dot).toContain("p1->x1[label=\"*io_uring_sq.ktail\",style=dashed,color=gray40,dir=both];");
    expect(dot).not.toContain("#ffcccc");
    const json = graphToJSON(graph);
    expect(json.external).toEqual([{ point: json.nodes[0]!.id, holder: "the kernel (submission ring)", key: "*io_uring_sq.ktail" }]);
    expect(graphToMermaid(json, "/")).toContain("p0 <-.->|\"*io_uring_sq.ktail\"| x0");
    expect(projectPairingGraph(projectViewOf([app.build()]), 2).external).toEqual([]);
  });
});
