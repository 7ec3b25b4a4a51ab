import type { FieldKey } from "./field-key.js";
import type { Order } from "./order.js";
import type { Site } from "./site.js";
import type { TypeInfo } from "./type-info.js";

export type AccessOp = "load" | "store" | "rmw";

/** How a later access depends on the value of an earlier load. */
export interface Dependency {
  loadId: string;
  via: "address" | "value" | "control";
}

export interface Access {
  kind: "access";
  /** Deterministic: `<function>#<ordinal>`. */
  id: string;
  key: FieldKey;
  op: AccessOp;
  order: Order;
  /** For RMWs: whether the dialect makes it a full barrier for the accesses around it. */
  rmwIsFullBarrier?: boolean;
  /** Whether an RMW returns a value (Linux value-returning atomics are fully ordered). */
  returnsValue?: boolean;
  /** Type of the accessed object when known; used by the width rule. */
  type?: TypeInfo;
  /** Primitive name used (`qatomic_read`, `READ_ONCE`, `Atomics.load`), or `plain`. */
  api: string;
  dependsOn: Dependency[];
  /** For stores: the address of a shared location (`rcu_assign_pointer(p, &obj)`) or a constant, when that is what is stored. */
  stores?: StoredValue;
  site: Site;
}

export type StoredValue = { addressOf: FieldKey } | { constant: number };

/** A branch condition that compares one load's value with a constant: the first arm runs when it holds. */
export interface BranchTest {
  loadId: string;
  op: "==" | "!=";
  value: number;
}

export type FenceKind =
  | "compiler" | "rmb" | "wmb" | "mb" | "acquire" | "release" | "read-depends"
  | "before-rmw" | "after-rmw";

export interface Fence {
  kind: "fence";
  id: string;
  fence: FenceKind;
  /** `mandatory`, `dma` or `virt` for Linux's non-smp barriers; `smp` otherwise. */
  flavour: "smp" | "mandatory" | "dma" | "virt";
  api: string;
  site: Site;
}

export interface Call {
  kind: "call";
  id: string;
  callee: string;
  site: Site;
}

export interface Loop {
  kind: "loop";
  id: string;
  loopKind: "for" | "while" | "do" | "foreach";
  /** For `foreach`: the macro (`QLIST_FOREACH`, `WITH_QEMU_LOCK_GUARD`), so other files can tell guard blocks. */
  macro?: string;
  body: IrEvent[];
  /** Loads read by the loop condition (also listed as events before/inside the body). */
  conditionLoads: string[];
  site: Site;
}

export interface Branch {
  kind: "branch";
  id: string;
  /** Ids of loads whose values the condition reads: later accesses in the arms are control-dependent on them. */
  conditionLoads: string[];
  /** When the condition is one load compared with a constant (`if (r)`, `if (!READ_ONCE(x))`, `if (r == 1)`). */
  test?: BranchTest;
  arms: IrEvent[][];
  site: Site;
}

export interface Exit {
  kind: "exit";
  id: string;
  exitKind: "return" | "break" | "continue" | "goto";
  site: Site;
}

export type IrEvent = Access | Fence | Call | Loop | Branch | Exit;
