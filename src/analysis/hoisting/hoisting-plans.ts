import type { FenceKind } from "../ir/events.js";
import type { Order } from "../ir/order.js";
import type { AddressForm } from "../dialects/primitive.js";
import type { ResolvedDialect } from "../dialects/registry.js";
import type { SyntaxNode } from "../../languages/c/syntax-node.js";

interface FenceChoice {
  name: string;
  /** The kind the dialect table must give `name`; a plan whose names disagree with the table is dropped. */
  kind: FenceKind;
}

/** How one ordered primitive used in a loop is rewritten when its ordering is hoisted out of the loop. */
export interface HoistPlan {
  dialect: string;
  /** The ordered primitive found in the loop (`atomic_mb_read`). */
  primitive: string;
  op: "load" | "store";
  addressForm: AddressForm;
  /** Its relaxed counterpart, used inside the loop (`atomic_read`). */
  relaxed: string;
  relaxedAddressForm: AddressForm;
  /** Barrier placed once before the loop (stores). */
  before?: FenceChoice;
  /** Barrier placed once after the loop. */
  after?: FenceChoice;
  /** Barrier between the two loops when a loop with two such stores per iteration is split. */
  storeStore: FenceChoice;
}

/** A call of an ordered primitive that has a plan, found inside a loop. */
export interface HoistCandidate {
  call: SyntaxNode;
  plan: HoistPlan;
}

type PlanSpec = Omit<HoistPlan, "dialect" | "op" | "addressForm" | "relaxedAddressForm"> & { orders: readonly Order[] };

const QEMU_ACQUIRE = { name: "smp_mb_acquire", kind: "acquire" } as const;
const QEMU_RELEASE = { name: "smp_mb_release", kind: "release" } as const;
const FULL = { name: "smp_mb", kind: "mb" } as const;
const WMB = { name: "smp_wmb", kind: "wmb" } as const;

/**
 * QEMU's forms, from the reference's own definitions: mb_read = read; smp_mb_acquire(), and
 * mb_set = smp_mb_release(); set; smp_mb(). A release store orders nothing after it, so hoisting it
 * needs no barrier after the loop; an acquire load is an mb_read without the implied barrier before it.
 */
function qemuSpecs(prefix: string, mbSetNames: readonly string[]): PlanSpec[] {
  return [
    { primitive: `${prefix}mb_read`, orders: ["mb"], relaxed: `${prefix}read`, after: QEMU_ACQUIRE, storeStore: WMB },
    { primitive: `${prefix}load_acquire`, orders: ["acquire"], relaxed: `${prefix}read`, after: QEMU_ACQUIRE, storeStore: WMB },
    ...mbSetNames.map((name): PlanSpec =>
      ({ primitive: name, orders: ["mb"], relaxed: `${prefix}set`, before: QEMU_RELEASE, after: FULL, storeStore: WMB })),
    { primitive: `${prefix}store_release`, orders: ["release"], relaxed: `${prefix}set`, before: QEMU_RELEASE, storeStore: WMB },
  ];
}

/**
 * The kernel has no stand-alone acquire or release fence: smp_rmb() does not order loads before later
 * stores, smp_wmb() does not order earlier loads before stores, and smp_acquire__after_ctrl_dep() needs
 * a control dependency that a counted loop does not give. smp_mb() is the only fence that replaces
 * either; see docs/rules/hoistable-barrier-in-loop.md.
 */
const LINUX_SPECS: PlanSpec[] = [
  { primitive: "smp_load_acquire", orders: ["acquire"], relaxed: "READ_ONCE", after: FULL, storeStore: WMB },
  { primitive: "smp_store_release", orders: ["release"], relaxed: "WRITE_ONCE", before: FULL, storeStore: WMB },
];

/**
 * The names are chosen here rather than searched for in the tables because a table offers several
 * relaxed forms per dialect (`atomic_read_i64`, `__nocheck`) and no table says which fence is the
 * right replacement. The tables are the check: every name must mean there what the plan assumes.
 */
const PLAN_SPECS: Readonly<Record<string, readonly PlanSpec[]>> = {
  qemu2020: qemuSpecs("atomic_", ["atomic_mb_set"]),
  /** qatomic_mb_read/qatomic_mb_set lived from the 2020 rename until 2023; the tables still know them. */
  qemu: qemuSpecs("qatomic_", ["qatomic_mb_set", "qatomic_set_mb"]),
  linux: LINUX_SPECS,
};

/** The plans of the dialects in effect, by primitive name; a later dialect wins a name, as in the tables. */
export function activeHoistPlans(dialect: ResolvedDialect): ReadonlyMap<string, HoistPlan> {
  const plans = new Map<string, HoistPlan>();
  for (const id of dialect.ids) {
    for (const spec of PLAN_SPECS[id] ?? []) {
      const plan = resolvePlan(id, spec, dialect);
      if (plan) plans.set(plan.primitive, plan);
      else plans.delete(spec.primitive);
    }
  }
  return plans;
}

function resolvePlan(id: string, spec: PlanSpec, dialect: ResolvedDialect): HoistPlan | undefined {
  const primitive = dialect.primitives.get(spec.primitive);
  const relaxed = dialect.primitives.get(spec.relaxed);
  if (primitive?.kind !== "access" || relaxed?.kind !== "access") return undefined;
  if (primitive.op === "rmw" || relaxed.op !== primitive.op || relaxed.order !== "once") return undefined;
  if (!spec.orders.includes(primitive.order) || primitive.orderArg !== undefined) return undefined;
  if (primitive.addressArg !== 0 || relaxed.addressArg !== 0) return undefined;
  for (const fence of [spec.before, spec.after, spec.storeStore]) {
    if (!fence) continue;
    const entry = dialect.primitives.get(fence.name);
    if (entry?.kind !== "fence" || entry.fence !== fence.kind) return undefined;
  }
  const { orders: _orders, ...names } = spec;
  return { ...names, dialect: id, op: primitive.op, addressForm: primitive.addressForm, relaxedAddressForm: relaxed.addressForm };
}
