import { describe, expect, it } from "vitest";
import { accessesOf, describeAccess, flatten, functionNamed, lowerTs } from "./lower-helpers.js";

/** A TypeScript port of a C atomics API, called by name, goes through the same dialect tables. */
describe("C-style primitives called from TS", () => {
  it("lowers QEMU names: fences, once/acquire/release accesses keyed by class field, and the plain data around them", () => {
    const ir = lowerTs(`
      import { qatomic_load_acquire, qatomic_read, qatomic_set, qatomic_store_release, smp_rmb, smp_wmb } from "./qatomic.js";
      export class Mailbox {
        ready = 0;
        payload = 0;
        post(value: number) {
          this.payload = value;
          smp_wmb();
          qatomic_set(this.ready, 1);
        }
        take(): number {
          if (!qatomic_read(this.ready)) return -1;
          smp_rmb();
          return this.payload;
        }
        handOff() { qatomic_store_release(this.ready, 2); return qatomic_load_acquire(this.ready); }
      }`, { dialects: ["qemu"] });
    const lines = (name: string) => flatten(functionNamed(ir, name).body)
      .map((event) => event.kind === "access" ? describeAccess(event) : event.kind === "fence" ? `fence ${event.fence} ${event.api}` : event.kind);
    expect(lines("Mailbox.post")).toEqual(["store Mailbox.payload plain", "fence wmb smp_wmb", "store Mailbox.ready once qatomic_set"]);
    expect(lines("Mailbox.take")).toEqual(["load Mailbox.ready once qatomic_read", "branch", "exit", "fence rmb smp_rmb", "load Mailbox.payload plain", "exit"]);
    expect(lines("Mailbox.handOff")).toEqual([
      "store Mailbox.ready release qatomic_store_release", "load Mailbox.ready acquire qatomic_load_acquire", "exit",
    ]);
  });

  it("keeps plain member accesses out of the IR in files that call no C-style primitive", () => {
    const ir = lowerTs(`export class Plain { value = 0; set(v: number) { this.value = v; } }`, { dialects: ["qemu"] });
    expect(accessesOf(functionNamed(ir, "Plain.set"))).toEqual([]);
  });

  it("lowers Linux names with lvalue arguments, parameters as *x, and value-returning RMWs as full barriers", () => {
    const ir = lowerTs(`
      declare function WRITE_ONCE(target: unknown, value: unknown): void;
      declare function READ_ONCE<T>(target: T): T;
      declare function smp_mb(): void;
      declare function atomic_inc_return(v: unknown): number;
      export function sb(x: { v: number }, y: number, counter: unknown) {
        WRITE_ONCE(x.v, 1);
        smp_mb();
        const r = READ_ONCE(y);
        return atomic_inc_return(counter) + r;
      }`, { dialects: ["linux"] });
    const accesses = accessesOf(functionNamed(ir, "sb"));
    expect(accesses.map(describeAccess)).toEqual(["store ?.v once WRITE_ONCE", "load *y once READ_ONCE", "rmw *counter seqcst atomic_inc_return"]);
    expect(accesses[2]).toMatchObject({ rmwIsFullBarrier: true, returnsValue: true });
  });

  it("reads C11 memory-order arguments by their last name segment and fences through a namespace import", () => {
    const ir = lowerTs(`
      import * as c11 from "./stdatomic.js";
      import { MemoryOrder } from "./stdatomic.js";
      export function publish(flag: unknown) {
        c11.atomic_thread_fence(MemoryOrder.memory_order_release);
        c11.atomic_store_explicit(flag, 1, "memory_order_relaxed");
        c11.atomic_thread_fence(c11.memory_order_seq_cst);
      }`, { dialects: ["c11"] });
    const events = functionNamed(ir, "publish").body;
    expect(events.map((event) => event.kind === "fence" ? `fence ${event.fence}` : event.kind === "access" ? describeAccess(event) : event.kind)).toEqual([
      "fence release", "store *flag once atomic_store_explicit", "fence mb",
    ]);
  });

  it("applies the user's own primitives from settings", () => {
    const ir = lowerTs(`
      const flags = new Int32Array(new SharedArrayBuffer(4));
      export function go() { publishFence(); flags[0] = 1; }`, {
      dialects: ["js"], primitives: { publishFence: { kind: "fence", fence: "release" } },
    });
    const events = functionNamed(ir, "go").body;
    expect(events.map((event) => event.kind === "fence" ? `fence ${event.fence} ${event.api}` : event.kind === "access" ? describeAccess(event) : event.kind))
      .toEqual(["fence release publishFence", "store flags[0] plain"]);
  });

  it("knows Atomics whatever dialects the settings name, also through globalThis", () => {
    const ir = lowerTs(`
      const flags = new Int32Array(new SharedArrayBuffer(4));
      export function go() { globalThis.Atomics.store(flags, 0, 1); }`, { dialects: ["qemu"] });
    expect(accessesOf(functionNamed(ir, "go")).map(describeAccess)).toEqual(["store flags[0] seqcst Atomics.store"]);
  });
});
