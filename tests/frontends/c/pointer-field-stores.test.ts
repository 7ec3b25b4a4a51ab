import { describe, expect, it } from "vitest";
import { tailQueue } from "../../helpers/tail-queue.js";
import { accessSummaries, functionNamed, lower } from "./lower-helpers.js";

describe("pointers that always hold one field's address", () => {
  it("names what *tail reaches after the xchg: the field every stored address points to", () => {
    const fileIR = lower(tailQueue(), "qemu", {}, "/p/rcu.c");
    expect(accessSummaries(functionNamed(fileIR, "enqueue"))).toEqual([
      "store rcu_head.next plain", "rmw rcu.c::tail seqcst", "store rcu_head.next release",
    ]);
  });

  it("leaves *tail alone when the file also stores an address of something else into tail", () => {
    const fileIR = lower(tailQueue("static void reset(struct rcu_head **other) { tail = other; }"), "qemu", {}, "/p/rcu.c");
    expect(accessSummaries(functionNamed(fileIR, "enqueue"))).toEqual([
      "store rcu_head.next plain", "rmw rcu.c::tail seqcst", "store *rcu.c::tail release",
    ]);
  });
});
