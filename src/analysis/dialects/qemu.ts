import { family, fence, load, rmw, store } from "./build-table.js";
import type { Dialect, LockingFacts, Primitive } from "./primitive.js";
import { qemuQueuePrimitives } from "./queue-macros.js";

const QEMU_RMW_OPERATIONS = ["inc", "dec", "add", "sub", "and", "or", "xor"] as const;
const QEMU_BARRIERS = ["smp_mb", "smp_rmb", "smp_wmb", "smp_mb_acquire", "smp_mb_release", "smp_read_barrier_depends"];

/**
 * QEMU's atomics under a given prefix. RMWs are sequentially consistent for the variable they touch,
 * but they are not treated as full barriers for the plain or relaxed accesses around them: that
 * assumption (stated by the 2020 text) broke aio_notify() on Arm and was withdrawn in 2023.
 */
function qemuPrimitives(prefix: string): Record<string, Primitive> {
  const sequentiallyConsistentRmw = rmw("seqcst", { rmwIsFullBarrier: false });
  const valueReturningRmw = rmw("seqcst", { rmwIsFullBarrier: false, returnsValue: true });
  return {
    [`${prefix}read`]: load("once"),
    [`${prefix}set`]: store("once"),
    [`${prefix}read__nocheck`]: load("once"),
    [`${prefix}set__nocheck`]: store("once"),
    [`${prefix}read_i64`]: load("once"),
    [`${prefix}set_i64`]: store("once"),
    [`${prefix}read_u64`]: load("once"),
    [`${prefix}set_u64`]: store("once"),
    [`${prefix}load_acquire`]: load("acquire"),
    [`${prefix}store_release`]: store("release"),
    [`${prefix}rcu_read`]: load("consume"),
    [`${prefix}rcu_set`]: store("release"),
    [`${prefix}mb_read`]: load("mb", "pointer", { mbForm: true }),
    [`${prefix}mb_set`]: store("mb", "pointer", { mbForm: true }),
    ...family(prefix, QEMU_RMW_OPERATIONS, "", sequentiallyConsistentRmw),
    ...family(`${prefix}fetch_`, QEMU_RMW_OPERATIONS, "", valueReturningRmw),
    ...family(prefix, QEMU_RMW_OPERATIONS, "_fetch", valueReturningRmw),
    [`${prefix}fetch_inc_nonzero`]: valueReturningRmw,
    [`${prefix}xchg`]: valueReturningRmw,
    [`${prefix}xchg__nocheck`]: valueReturningRmw,
    [`${prefix}cmpxchg`]: valueReturningRmw,
    [`${prefix}cmpxchg__nocheck`]: valueReturningRmw,
    ...qemuQueuePrimitives(valueReturningRmw, valueReturningRmw),
    smp_mb: fence("mb"),
    smp_rmb: fence("rmb"),
    smp_wmb: fence("wmb"),
    smp_mb_acquire: fence("acquire"),
    smp_mb_release: fence("release"),
    smp_read_barrier_depends: fence("read-depends"),
    barrier: fence("compiler"),
    signal_barrier: fence("compiler"),
  };
}

const GUEST_MEMORY = "<guest memory>";
const guestLoad = load("plain", "pointer", { externalMemory: GUEST_MEMORY });
const guestStore = store("plain", "pointer", { externalMemory: GUEST_MEMORY });
const guestCopy = rmw("plain", { externalMemory: GUEST_MEMORY });

/**
 * QEMU's ways into guest RAM (address spaces, DMA, virtio's cached rings). Device models order these
 * accesses against the guest's driver, whose barriers are outside QEMU.
 */
function guestMemoryPrimitives(): Record<string, Primitive> {
  const table: Record<string, Primitive> = {};
  const loads = ["ldub", "lduw", "ldsw", "ldl", "ldq"];
  const stores = ["stb", "stw", "stl", "stq"];
  for (const endian of ["", "_le", "_be"]) {
    for (const [names, primitive] of [[loads, guestLoad], [stores, guestStore]] as const) {
      for (const name of names) {
        for (const suffix of ["", "_cached", "_cached_slow"]) table[`address_space_${name}${endian}${suffix}`] = primitive;
        table[`${name}${endian}_phys`] = primitive;
        table[`${name}${endian}_dma`] = primitive;
        table[`${name}${endian}_pci_dma`] = primitive;
        table[`virtio_${name}${endian}_phys`] = primitive;
        table[`virtio_${name}${endian}_phys_cached`] = primitive;
      }
    }
  }
  for (const prefix of ["address_space_", "dma_memory_", "pci_dma_", "cpu_physical_memory_"]) {
    table[`${prefix}read`] = guestLoad;
    table[`${prefix}write`] = guestStore;
    table[`${prefix}rw`] = guestCopy;
  }
  Object.assign(table, {
    address_space_read_cached: guestLoad, address_space_write_cached: guestStore, address_space_read_full: guestLoad,
    dma_memory_set: guestStore, address_space_set: guestStore,
  });
  return table;
}

/**
 * QEMU's target- and fixed-endian accessors of a host pointer (include/qemu/bswap.h): plain loads and
 * stores of the location the pointer names, which is guest-format memory (guest RAM mapped into QEMU,
 * or a table in the guest's layout such as sPAPR's hash page table).
 */
function hostPointerPrimitives(): Record<string, Primitive> {
  const table: Record<string, Primitive> = { ldub_p: load("plain"), ldsb_p: load("plain"), stb_p: store("plain") };
  for (const endian of ["", "_le", "_be", "_he"]) {
    for (const name of ["lduw", "ldsw", "ldl", "ldq"]) table[`${name}${endian}_p`] = load("plain");
    for (const name of ["stw", "stl", "stq"]) table[`${name}${endian}_p`] = store("plain");
  }
  return table;
}

/**
 * Structures QEMU shares with the host kernel or with the guest: the other side of a barrier that
 * orders them runs there, never in QEMU's own tree.
 */
const QEMU_EXTERNAL_PARTNERS: Readonly<Record<string, string>> = {
  kvm_run: "the host kernel (KVM)",
  kvm_coalesced_mmio_ring: "the host kernel (KVM)",
  kvm_dirty_gfn: "the host kernel (KVM)",
  aio_ring: "the host kernel (Linux AIO)",
  vring_desc: "the guest's virtio driver",
  vring_avail: "the guest's virtio driver",
  vring_used: "the guest's virtio driver",
  vring_used_elem: "the guest's virtio driver",
  vring_packed_desc: "the guest's virtio driver",
  vring_packed_desc_event: "the guest's virtio driver",
  vmclock_abi: "the guest (vmclock)",
  xenstore_domain_interface: "the guest (Xen xenstore ring)",
  vmbus_ring_buffer: "the guest (Hyper-V VMBus ring)",
  Vmxnet3_RxDesc: "the guest's vmxnet3 driver",
  Vmxnet3_TxDesc: "the guest's vmxnet3 driver",
  Vmxnet3_RxCompDesc: "the guest's vmxnet3 driver",
  Vmxnet3_TxCompDesc: "the guest's vmxnet3 driver",
  Vmxnet3_GenericDesc: "the guest's vmxnet3 driver",
  PVSCSIRingsState: "the guest's PVSCSI driver",
  PVSCSIRingReqDesc: "the guest's PVSCSI driver",
  PVSCSIRingCmpDesc: "the guest's PVSCSI driver",
  PVSCSIRingMsgDesc: "the guest's PVSCSI driver",
  tdx_get_quote_header: "the guest (TDX quote buffer)",
  // The hash page table QEMU keeps for an sPAPR guest, read by the vCPUs' hash MMU (and by KVM PR).
  "SpaprMachineState.htab": "the vCPUs' hash MMU (TCG or KVM PR)",
  [GUEST_MEMORY]: "the guest",
};

/**
 * What QEMU's code says about its locks: guards, the BQL asserted (`assert(bql_locked())`), the mmap
 * lock asserted (`assert_memory_lock()` expands to `assert(have_mmap_lock())`), and Clang's
 * thread-safety annotations (include/qemu/compiler.h; the block graph lock's GRAPH_RDLOCK/GRAPH_WRLOCK).
 */
const QEMU_LOCKING: LockingFacts = {
  scopedGuards: ["QEMU_LOCK_GUARD", "BQL_LOCK_GUARD", "JOB_LOCK_GUARD", "GRAPH_RDLOCK_GUARD", "GRAPH_RDLOCK_GUARD_MAINLOOP"],
  guardBlocks: ["WITH_QEMU_LOCK_GUARD", "WITH_JOB_LOCK_GUARD", "WITH_MMAP_LOCK_GUARD", "WITH_GRAPH_RDLOCK_GUARD"],
  heldPredicates: ["bql_locked", "qemu_mutex_iothread_locked", "have_mmap_lock"],
  assertMacros: ["assert", "g_assert", "g_assert_true"],
  assertions: ["assert_memory_lock"],
  requiresAnnotations: ["TSA_REQUIRES", "TSA_REQUIRES_SHARED", "TSA_ASSERT", "TSA_ASSERT_SHARED", "GRAPH_RDLOCK", "GRAPH_WRLOCK"],
};

/** QEMU as documented in docs/devel/atomics.rst in 2020: `atomic_*`, mb_read/mb_set. */
export const qemu2020Dialect: Dialect = {
  id: "qemu2020",
  description: "QEMU atomics before the 2020 rename (atomic_*, atomic_mb_read/atomic_mb_set)",
  primitives: { ...qemuPrimitives("atomic_"), ...guestMemoryPrimitives() },
  commentedBarriers: QEMU_BARRIERS,
  externalPartners: QEMU_EXTERNAL_PARTNERS,
  locking: QEMU_LOCKING,
};

/** QEMU today: `qatomic_*`, `qatomic_set_mb`, and `smp_mb__before_rmw()/smp_mb__after_rmw()`. */
export const qemuDialect: Dialect = {
  id: "qemu",
  description: "QEMU atomics today (qatomic_*, qatomic_set_mb, smp_mb__before_rmw/after_rmw)",
  primitives: {
    ...qemuPrimitives("qatomic_"),
    ...guestMemoryPrimitives(),
    ...hostPointerPrimitives(),
    qatomic_set_mb: store("mb", "pointer", { mbForm: true }),
    smp_mb__before_rmw: fence("before-rmw"),
    smp_mb__after_rmw: fence("after-rmw"),
  },
  commentedBarriers: [...QEMU_BARRIERS, "smp_mb__before_rmw", "smp_mb__after_rmw"],
  externalPartners: QEMU_EXTERNAL_PARTNERS,
  locking: QEMU_LOCKING,
};
