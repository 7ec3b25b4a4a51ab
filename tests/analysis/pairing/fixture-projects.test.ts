import path from "node:path";
import { describe, expect, it } from "vitest";
import { CProject } from "./c-project.js";

const FIXTURES = path.resolve("tests/fixtures/c");
const fixture = (name: string) => CProject.fromFixture(path.join(FIXTURES, name));

describe("the C fixtures (writer and reader in separate files, types in a header)", () => {
  it.each(["virtio-ring", "seqlock", "rcu-publish", "qemu-bh", "spsc-ring", "mb-read-set"])("%s: every barrier is paired and commented", (name) => {
    expect(fixture(name).lintAll()).toEqual([]);
  });

  it("virtio-ring-broken: the consumer's smp_rmb() comes after the descriptor loads", () => {
    expect(fixture("virtio-ring-broken").lintAll()).toEqual([
      "reader.c:18 unpaired-barrier: smp_rmb() in vring_pop() comes after loading VRingDesc.addr and VRingDesc.len, but its candidate "
      + "partner smp_wmb() in vring_push() (writer.c:15) stores VRingDesc.addr and VRingDesc.len before VRing.avail_idx: load "
      + "VRingDesc.addr and VRingDesc.len after the barrier. LKMM allows it: vring_pop()'s qatomic_read(VRing.avail_idx) reads 1 (written at writer.c:16 by vring_push()), and vring_pop()'s load VRingDesc.addr reads 0 (the initial value).",
      "writer.c:15 unpaired-barrier: smp_wmb() in vring_push() orders stores to VRingDesc.addr and VRingDesc.len before VRing.avail_idx, "
      + "but its only candidate partner smp_rmb() in vring_pop() (reader.c:18) loads VRingDesc.addr and VRingDesc.len before its "
      + "barrier, as it does VRing.avail_idx, so nothing orders them: the reader must load VRingDesc.addr and VRingDesc.len after "
      + "its barrier. LKMM allows it: vring_pop()'s qatomic_read(VRing.avail_idx) reads 1 (written at writer.c:16 by vring_push()), and vring_pop()'s load VRingDesc.addr reads 0 (the initial value).",
    ]);
  });

  it("seqlock-broken: without the reader's second smp_rmb(), the writer's first smp_wmb() has no partner", () => {
    expect(fixture("seqlock-broken").lintAll()).toEqual([
      "writer.c:9 unpaired-barrier: smp_wmb() in clock_stats_update() orders stores to ClockStats.seq before ClockStats.ticks and "
      + "ClockStats.offset, but the project has no partner for it: no read barrier (smp_rmb(), an acquire load or a full barrier) "
      + "loads ClockStats.ticks and ClockStats.offset before ClockStats.seq. LKMM allows it: clock_stats_read()'s load ClockStats.ticks reads 1 (written at writer.c:10 by clock_stats_update()), and clock_stats_read()'s qatomic_read(ClockStats.seq) reads 0 (the initial value).",
    ]);
  });

  it("qemu-bh-broken: the 2020 Arm hang, an RMW taken for a full barrier", () => {
    expect(fixture("qemu-bh-broken").lintAll()).toEqual([
      "reader.c:23 full-barrier-pairing: qatomic_add(EventLoop.notify_me) in loop_prepare() is not a full barrier for the accesses "
      + "around it: nothing orders the store to EventLoop.notify_me before the load of Tasklet.flags (via loop_has_work()). Store "
      + "buffering with smp_mb() in loop_notify() (writer.c:11), which orders the store to Tasklet.flags (via caller "
      + "tasklet_schedule()) before the load of EventLoop.notify_me, needs both; add smp_mb__after_rmw() after it. LKMM allows it: loop_prepare()'s qatomic_read(Tasklet.flags) reads 0 (the initial value), and loop_notify()'s qatomic_read(EventLoop.notify_me) reads 0 (the initial value).",
      // The writer's comment names the barrier the reader was meant to have.
      "writer.c:11 barrier-comment: The comment on smp_mb() in loop_notify() says it pairs with smp_mb() in loop_prepare(), but "
      + "loop_prepare() (reader.c:17) holds no smp_mb(); its partner is qatomic_add(EventLoop.notify_me) in loop_prepare() (reader.c:23).",
    ]);
  });

  it("spsc-ring-broken: the consumer's READ_ONCE() leaves the producer's release without a partner, and its comment wrong", () => {
    expect(fixture("spsc-ring-broken").lintAll()).toEqual([
      "writer.c:14 barrier-comment: The comment on smp_store_release() in spsc_produce() says it pairs with smp_load_acquire() in "
      + "spsc_consume(), but spsc_consume() (reader.c:3) holds only smp_store_release(spsc_ring.tail) (line 13), which cannot pair "
      + "with smp_store_release(); no partner was found in the project.",
      "writer.c:14 unpaired-barrier: smp_store_release(spsc_ring.head) in spsc_produce() orders accesses to spsc_ring.tail, "
      + "spsc_ring.mask and spsc_ring.slots[] before stores to spsc_ring.head, but the project has no partner for it: no acquire (an "
      + "acquire load or fence, or a full barrier) orders a load of spsc_ring.head before accesses to spsc_ring.tail, spsc_ring.mask "
      + "and spsc_ring.slots[]. LKMM allows it: spsc_consume()'s READ_ONCE(spsc_ring.head) reads 1 (written at writer.c:14 by spsc_produce()), and spsc_consume()'s load spsc_ring.slots[] reads 0 (the initial value).",
    ]);
  });
});
