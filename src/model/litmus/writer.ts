/**
 * Writes a skeleton as a C litmus test that herd7 accepts with the kernel model
 * (or its C11 model for seq_cst and acq_rel accesses), so a finding can be
 * confirmed independently. The exists clause is the skeleton's outcome.
 */
import type { AccessOrder, FenceKind, Value } from "../events.js";
import { showValue } from "../events.js";
import type { Skeleton, SkeletonDeps, SkeletonEvent } from "../check.js";

const FENCE_CALL: Record<FenceKind, string> = {
  mb: "smp_mb()",
  wmb: "smp_wmb()",
  rmb: "smp_rmb()",
  "before-atomic": "smp_mb__before_atomic()",
  "after-atomic": "smp_mb__after_atomic()",
  "after-spinlock": "smp_mb__after_spinlock()",
  barrier: "barrier()",
  acquire: "atomic_thread_fence(memory_order_acquire)",
  release: "atomic_thread_fence(memory_order_release)",
  acq_rel: "atomic_thread_fence(memory_order_acq_rel)",
  sc: "atomic_thread_fence(memory_order_seq_cst)",
};

const RMW_SUFFIX = { full: "", once: "_relaxed", acquire: "_acquire", release: "_release" } as const;

/** `x` with an address dependency on the registers, written so herd7 keeps it. */
function pointer(loc: string, deps: SkeletonDeps | undefined): string {
  const regs = deps?.addr ?? [];
  return regs.length === 0 ? loc : `(${loc} + ${regs.map((r) => `(${r} & 0)`).join(" + ")})`;
}

/** `v` with a data dependency on the registers. */
function value(v: Value, deps: SkeletonDeps | undefined): string {
  const regs = deps?.data ?? [];
  return regs.length === 0 ? showValue(v) : `${showValue(v)} + ${regs.map((r) => `(${r} & 0)`).join(" + ")}`;
}

function load(loc: string, order: AccessOrder, deps: SkeletonDeps | undefined): string {
  const p = pointer(loc, deps);
  switch (order) {
    case "plain":
      return `*${p}`;
    case "once":
      return `READ_ONCE(*${p})`;
    case "consume":
      return `rcu_dereference(*${p})`;
    case "acquire":
      return `smp_load_acquire(${p})`;
    default:
      return `atomic_load_explicit(${p}, memory_order_${order === "sc" ? "seq_cst" : "acq_rel"})`;
  }
}

function store(loc: string, order: AccessOrder, v: string, deps: SkeletonDeps | undefined): string {
  const p = pointer(loc, deps);
  switch (order) {
    case "plain":
      return `*${p} = ${v};`;
    case "once":
    case "consume":
      return `WRITE_ONCE(*${p}, ${v});`;
    case "release":
      return `smp_store_release(${p}, ${v});`;
    default:
      return `atomic_store_explicit(${p}, ${v}, memory_order_${order === "sc" ? "seq_cst" : "acq_rel"});`;
  }
}

/** The location an access names: a shared location, or with `via` the register that points to it. */
function target(e: Exclude<SkeletonEvent, { kind: "fence" }>): string {
  return e.via ?? e.loc;
}

function guarded(e: SkeletonEvent): string {
  const tests = (e.when ?? []).map((test) => `${test.reg} ${test.op} ${showValue(test.value)}`);
  return tests.length === 0 ? statement(e) : `if (${tests.join(" && ")}) { ${statement(e)} }`;
}

function statement(original: SkeletonEvent): string {
  // Through a register, the address dependency on it is the access itself.
  const e: SkeletonEvent = original.kind === "fence" || original.via === undefined ? original
    : { ...original, loc: target(original), deps: { ...original.deps, addr: (original.deps?.addr ?? []).filter((reg) => reg !== original.via) } };
  switch (e.kind) {
    case "fence":
      return `${FENCE_CALL[e.fence]};`;
    case "read":
      return `${e.reg} = ${load(e.loc, e.order, e.deps)};`;
    case "write": {
      // A copy stores its register; the other data dependencies are kept as `(r & 0)` terms.
      const others = (e.deps?.data ?? []).filter((reg) => reg !== e.copies).map((reg) => `(${reg} & 0)`);
      return store(e.loc, e.order, e.copies === undefined ? value(e.value, e.deps) : [e.copies, ...others].join(" + "), e.deps);
    }
    case "rmw": {
      // A value-less RMW is written as an xchg whose result is dropped.
      const c11 = e.order === "sc" || e.order === "acq_rel";
      const call = c11
        ? `atomic_exchange_explicit(${pointer(e.loc, e.deps)}, ${value(e.value, e.deps)}, memory_order_${e.order === "sc" ? "seq_cst" : "acq_rel"})`
        : `xchg${RMW_SUFFIX[e.order]}(${pointer(e.loc, e.deps)}, ${value(e.value, e.deps)})`;
      return e.reg ? `${e.reg} = ${call};` : `${call};`;
    }
  }
}

export function writeLitmus(skeleton: Skeleton, name: string): string {
  const lines = [`C ${name}`, "", "{"];
  for (const [loc, v] of Object.entries(skeleton.init ?? {})) lines.push(`\t${loc}=${showValue(v)};`);
  lines.push("}", "");
  skeleton.threads.forEach((events, t) => {
    const addresses = skeleton.threads.flat().flatMap((e) => (e.kind === "write" || e.kind === "rmw") && typeof e.value !== "number" ? [e.value.addressOf] : []);
    const locs = [...new Set([...events.flatMap((e) => (e.kind !== "fence" && e.via === undefined ? [e.loc] : [])), ...addresses])].sort();
    const regs = [...new Set(events.flatMap((e) => ("reg" in e && e.reg ? [e.reg] : [])))];
    lines.push(`P${t}(${locs.map((l) => `int *${l}`).join(", ")})`, "{");
    for (const r of regs) lines.push(`\tint ${r};`);
    if (regs.length > 0) lines.push("");
    let depth = 1;
    const controlled = new Set<string>();
    for (const e of events) {
      for (const r of e.deps?.ctrl ?? []) {
        if (controlled.has(r)) continue;
        controlled.add(r);
        lines.push(`${"\t".repeat(depth)}if (${r} == ${r}) {`);
        depth++;
      }
      lines.push(`${"\t".repeat(depth)}${guarded(e)}`);
    }
    while (depth-- > 1) lines.push(`${"\t".repeat(depth)}}`);
    lines.push("}", "");
  });
  const atoms = skeleton.outcome.map((a) => ("reg" in a ? `${a.negated ? "~" : ""}${a.thread}:${a.reg}=${showValue(a.value)}` : `${a.negated ? "~" : ""}${a.loc}=${showValue(a.value)}`));
  lines.push(`exists (${atoms.join(" /\\ ") || "true"})`, "");
  return lines.join("\n");
}
