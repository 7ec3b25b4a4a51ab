import { describe, expect, it } from "vitest";
import { fullBarrierPairingChecker, unpairedBarrierChecker } from "../../../src/analysis/pairing/index.js";
import { FileBuilder, type BodyBuilder } from "./ir-builder.js";
import { analyzeFile, messageOf, optionsFor } from "./pairing-helpers.js";

function writerFile(body: (b: BodyBuilder) => void = (b) => {
  b.store("S.data");
  b.fence("wmb");
  b.store("S.flag", { order: "once" });
}) {
  const file = new FileBuilder("src/writer.c");
  file.fn("publish", body);
  return file.build();
}

function readerFile(body: (b: BodyBuilder) => void) {
  const file = new FileBuilder("src/reader.c");
  file.fn("consume", body);
  return file.build();
}

const unpaired = (file: ReturnType<typeof writerFile>, project: ReturnType<typeof writerFile>[]) =>
  analyzeFile(file, project, [unpairedBarrierChecker]);

describe("unpaired-barrier findings", () => {
  it("names the fields a lone write barrier orders and the partner it looked for", () => {
    const writer = writerFile();
    const [finding] = unpaired(writer, [writer]);
    expect(finding!.site.line).toBe(3);
    expect(messageOf(finding!)).toBe("smp_wmb() in publish() orders stores to S.data before S.flag, but the project has no partner for it: "
      + "no read barrier (smp_rmb(), an acquire load or a full barrier) loads S.flag before S.data.");
  });

  it("reports nothing for a paired barrier, in either file", () => {
    // Marked data: the reader here loads it whatever the flag says, which races with a plain store.
    const writer = writerFile((b) => {
      b.store("S.data", { order: "once" });
      b.fence("wmb");
      b.store("S.flag", { order: "once" });
    });
    const reader = readerFile((b) => {
      b.load("S.flag", { order: "once" });
      b.fence("rmb");
      b.load("S.data", { order: "once" });
    });
    expect(unpaired(writer, [writer, reader])).toEqual([]);
    expect(unpaired(reader, [writer, reader])).toEqual([]);
  });

  it("says why no partner could be looked for when an ordered access has an empty side", () => {
    const writer = writerFile((b) => {
      b.store("S.flag", { order: "release", api: "qatomic_store_release" });
    });
    const [finding] = unpaired(writer, [writer]);
    expect(messageOf(finding!)).toBe("qatomic_store_release(S.flag) in publish() has no shared store before it, so no partner could be looked for.");
  });

  it("leaves fences with an empty side to unneeded-barrier", () => {
    const writer = writerFile((b) => {
      b.fence("wmb");
      b.store("S.flag");
    });
    expect(unpaired(writer, [writer])).toEqual([]);
    const full = writerFile((b) => {
      b.load("S.a");
      b.fence("mb");
    });
    expect(unpaired(full, [full])).toEqual([]);
  });

  it("describes every role of a full barrier that could pair", () => {
    const file = writerFile((b) => {
      b.store("S.a");
      b.fence("mb");
      b.store("S.b");
      b.load("S.c");
    });
    expect(messageOf(unpaired(file, [file])[0]!)).toBe(
      "smp_mb() in publish() orders stores to S.a before S.b, and stores to S.a before loads of S.c, but the project has no partner for it: "
      + "no read barrier (smp_rmb(), an acquire load or a full barrier) loads S.b before S.a, and no full barrier (smp_mb()) stores S.c before loading S.a.",
    );
  });

  it("reports a reader that loads the data before its barrier and the flag after it, pointing at the writer", () => {
    const writer = writerFile();
    const reader = readerFile((b) => {
      b.load("S.data");
      b.fence("rmb");
      b.load("S.flag", { order: "once" });
    });
    const [finding] = unpaired(reader, [writer, reader]);
    expect(finding).toMatchObject({ messageId: "reversed", site: { line: 3 } });
    expect(messageOf(finding!)).toBe("smp_rmb() in consume() loads S.data before S.flag, and its candidate partner "
      + "smp_wmb() in publish() (writer.c:3) stores them in the same order (S.data before its barrier, S.flag after it): "
      + "one of the two has its accesses on the wrong sides of its barrier. LKMM allows it: consume()'s load S.data reads 0 (the initial value), "
      + "and consume()'s qatomic_read(S.flag) reads 1 (written at writer.c:4 by publish()).");
    expect(finding!.related.map((related) => related.site.file)).toEqual(["src/writer.c"]);
    expect(messageOf(unpaired(writer, [writer, reader])[0]!)).toBe("smp_wmb() in publish() stores S.data before S.flag, and its candidate "
      + "partner smp_rmb() in consume() (reader.c:3) loads them in the same order (S.data before its barrier, S.flag after it): "
      + "one of the two has its accesses on the wrong sides of its barrier. LKMM allows it: consume()'s load S.data reads 0 (the initial value), "
      + "and consume()'s qatomic_read(S.flag) reads 1 (written at writer.c:4 by publish()).");
  });

  it("reports a read barrier placed after the data loads, and tells the writer where its reader went wrong", () => {
    const writer = writerFile();
    const reader = readerFile((b) => {
      b.load("S.flag", { order: "once" });
      b.load("S.data");
      b.fence("rmb"); // line 4
    });
    const [atReader] = unpaired(reader, [writer, reader]);
    expect(atReader).toMatchObject({ messageId: "earlyData", site: { line: 4 } });
    expect(messageOf(atReader!)).toBe("smp_rmb() in consume() comes after loading S.data, but its candidate partner smp_wmb() "
      + "in publish() (writer.c:3) stores S.data before S.flag: load S.data after the barrier. LKMM allows it: consume()'s qatomic_read(S.flag) reads 1 (written at writer.c:4 by publish()), and consume()'s load S.data reads 0 (the initial value).");
    expect(messageOf(unpaired(writer, [writer, reader])[0]!)).toBe("smp_wmb() in publish() orders stores to S.data before S.flag, "
      + "but its only candidate partner smp_rmb() in consume() (reader.c:4) loads S.data before its barrier, as it does S.flag, "
      + "so nothing orders them: the reader must load S.data after its barrier. LKMM allows it: consume()'s qatomic_read(S.flag) reads 1 (written at writer.c:4 by publish()), and consume()'s load S.data reads 0 (the initial value).");
  });

  it("reports a read barrier placed before the flag load", () => {
    const writer = writerFile();
    const reader = readerFile((b) => {
      b.load("S.other", { order: "once" });
      b.fence("rmb"); // line 3
      b.load("S.flag", { order: "once" });
      b.load("S.data");
    });
    expect(messageOf(unpaired(reader, [writer, reader])[0]!)).toBe("smp_rmb() in consume() comes before loading S.flag, but its "
      + "candidate partner smp_wmb() in publish() (writer.c:3) stores S.flag after S.data: load S.flag before the barrier. LKMM allows it: consume()'s qatomic_read(S.flag) reads 1 (written at writer.c:4 by publish()), and consume()'s load S.data reads 0 (the initial value).");
  });

  it("reports the data load that sits before a paired read barrier", () => {
    const writer = writerFile((b) => {
      b.store("S.data");
      b.store("S.more");
      b.fence("wmb");
      b.store("S.flag", { order: "once" });
    });
    const reader = readerFile((b) => {
      b.load("S.more"); // line 2: too early
      b.load("S.flag", { order: "once" });
      b.fence("rmb");
      b.load("S.data");
    });
    const [finding] = unpaired(reader, [writer, reader]);
    expect(finding).toMatchObject({ messageId: "misplacedLoad", site: { line: 2, file: "src/reader.c" } });
    expect(messageOf(finding!)).toBe("The load of S.more comes before smp_rmb() in consume(), but its partner smp_wmb() in publish() "
      + "(writer.c:4) stores S.more before S.flag: load it after the barrier. LKMM allows it: consume()'s load S.more reads 0 (the initial value), and consume()'s qatomic_read(S.flag) reads 1 (written at writer.c:5 by publish()).");
  });

  it("reports the data store that sits after a paired write barrier", () => {
    const writer = writerFile((b) => {
      b.store("S.data");
      b.fence("wmb");
      b.store("S.flag", { order: "once" });
      b.store("S.late"); // line 5
    });
    const reader = readerFile((b) => {
      b.load("S.flag", { order: "once" });
      b.fence("rmb");
      b.load("S.data");
      b.load("S.late");
    });
    const [finding] = unpaired(writer, [writer, reader]);
    expect(finding).toMatchObject({ messageId: "misplacedStore", site: { line: 5 } });
    expect(messageOf(finding!)).toBe("The store to S.late comes after smp_wmb() in publish(), but its partner smp_rmb() in consume() "
      + "(reader.c:3) loads S.late after S.flag: store it before the barrier. LKMM allows it: consume()'s qatomic_read(S.flag) reads 1 (written at writer.c:4 by publish()), and consume()'s load S.late reads 0 (the initial value).");
  });

  it("does not report inside primitive wrappers, for device barriers, or empty sides of functions with parse errors", () => {
    const file = new FileBuilder("w.c");
    file.fn("my_wmb", (b) => b.fence("wmb"), { isPrimitiveWrapper: true });
    file.fn("device", (b) => {
      b.store("Desc.addr");
      b.fence("wmb", "dma_wmb", "dma");
      b.store("Desc.flags");
    });
    file.fn("broken", (b) => b.fence("rmb"), { hasParseErrors: true });
    const built = file.build();
    expect(unpaired(built, [built])).toEqual([]);
  });

  it("does not report implicit points (seq-cst accesses, plain RMWs, address dependencies)", () => {
    const file = writerFile((b) => {
      b.store("S.a");
      b.store("S.b", { order: "seqcst" });
      b.rmw("S.c");
      const head = b.load("S.head", { order: "once" });
      b.load("S.node", { addressOf: [head] });
    });
    expect(unpaired(file, [file])).toEqual([]);
  });
});

describe("full-barrier-pairing findings", () => {
  function storeBuffering(otherSide: (b: BodyBuilder) => void, dialects?: string[]) {
    const async = new FileBuilder("util/async.c");
    async.fn("aio_notify", (b) => {
      b.fence("mb");
      b.load("AioContext.notify_me", { order: "once" });
    });
    async.fn("qemu_bh_schedule", (b) => {
      b.rmw("QEMUBH.flags", { api: "qatomic_fetch_or" });
      b.call("aio_notify");
    });
    const poll = new FileBuilder("util/aio-posix.c");
    poll.fn("aio_compute_timeout", (b) => b.load("QEMUBH.flags", { order: "once" }));
    poll.fn("aio_ctx_prepare", otherSide);
    const [asyncIR, pollIR] = [async.build(), poll.build()];
    return analyzeFile(pollIR, [asyncIR, pollIR], [fullBarrierPairingChecker], optionsFor(dialects));
  }

  it("reports an RMW used as a full barrier and names both sides and the fence to add", () => {
    const [finding] = storeBuffering((b) => {
      b.rmw("AioContext.notify_me");
      b.call("aio_compute_timeout");
    });
    expect(finding).toMatchObject({ rule: "full-barrier-pairing", messageId: "rmwNotFullBarrier", site: { file: "util/aio-posix.c", line: 4 } });
    expect(messageOf(finding!)).toBe("qatomic_or(AioContext.notify_me) in aio_ctx_prepare() is not a full barrier for the accesses around it: "
      + "nothing orders the store to AioContext.notify_me before the load of QEMUBH.flags (via aio_compute_timeout()). "
      + "Store buffering with smp_mb() in aio_notify() (async.c:2), which orders the store to QEMUBH.flags (via caller qemu_bh_schedule()) "
      + "before the load of AioContext.notify_me, needs both; add smp_mb__after_rmw() after it. LKMM allows it: aio_ctx_prepare()'s qatomic_read(QEMUBH.flags) reads 0 (the initial value), and aio_notify()'s qatomic_read(AioContext.notify_me) reads 0 (the initial value).");
    expect(finding!.related[0]!.label).toBe("smp_mb() in aio_notify() (async.c:2) needs a full barrier on this side");
  });

  it("says when the pair was matched by field name only", () => {
    const [finding] = storeBuffering((b) => {
      b.rmw("?.notify_me");
      b.call("aio_compute_timeout");
    });
    expect(finding!.data.confidence).toBe(" (lower confidence: matched by field name only, the owner type of ?.notify_me is unknown)");
    expect(messageOf(finding!)).toMatch(/add smp_mb__after_rmw\(\) after it \(lower confidence: matched by field name only, the owner type of \?\.notify_me is unknown\)\. LKMM allows it: /u);
  });

  it("accepts the RMW once smp_mb__after_rmw() follows it", () => {
    expect(storeBuffering((b) => {
      b.rmw("AioContext.notify_me");
      b.fence("after-rmw");
      b.call("aio_compute_timeout");
    })).toEqual([]);
  });

  it("still follows the corrected semantics under the 2020 dialect, where smp_mb() is the fix", () => {
    const [finding] = storeBuffering((b) => {
      b.rmw("AioContext.notify_me", { api: "atomic_or" });
      b.call("aio_compute_timeout");
    }, ["qemu2020", "gcc"]);
    expect(finding!.data.fix).toBe("smp_mb() after it");
  });

  it("drops the store before an RMW of the field the partner also updates by RMW: the two RMWs are ordered", () => {
    // The shape wants smp_mb__before_rmw(), but qemu_bh_schedule() updates QEMUBH.flags by RMW too: one of the two RMWs
    // reads the other's value, and that release/acquire pair orders the store to notify_me before aio_notify()'s load.
    expect(storeBuffering((b) => {
      b.store("AioContext.notify_me", { order: "once" });
      b.rmw("QEMUBH.flags", { api: "qatomic_xchg" });
    })).toEqual([]);
  });

  it("reports a weaker barrier against a full one", () => {
    const [finding] = storeBuffering((b) => {
      b.store("AioContext.notify_me", { order: "once" });
      b.fence("wmb");
      b.call("aio_compute_timeout");
    });
    expect(messageOf(finding!)).toBe("smp_wmb() in aio_ctx_prepare() does not order the store to AioContext.notify_me before the load of "
      + "QEMUBH.flags (via aio_compute_timeout()). Store buffering with smp_mb() in aio_notify() (async.c:2), which orders the store to "
      + "QEMUBH.flags (via caller qemu_bh_schedule()) before the load of AioContext.notify_me with a full barrier, needs one on this side too: "
      + "use smp_mb() instead. LKMM allows it: aio_ctx_prepare()'s qatomic_read(QEMUBH.flags) reads 0 (the initial value), and aio_notify()'s qatomic_read(AioContext.notify_me) reads 0 (the initial value).");
  });

  it("accepts a full barrier, or seq-cst accesses, on this side", () => {
    expect(storeBuffering((b) => {
      b.store("AioContext.notify_me", { order: "once" });
      b.fence("mb");
      b.call("aio_compute_timeout");
    })).toEqual([]);
    expect(storeBuffering((b) => {
      b.store("AioContext.notify_me", { order: "seqcst" });
      b.load("QEMUBH.flags", { order: "seqcst" });
    })).toEqual([]);
  });
});
