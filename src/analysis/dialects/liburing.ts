import { fence, load, store } from "./build-table.js";
import type { Dialect } from "./primitive.js";

export const liburingDialect: Dialect = {
  id: "liburing",
  description: "liburing's barrier.h (io_uring_smp_store_release, io_uring_smp_load_acquire, IO_URING_READ_ONCE)",
  primitives: {
    io_uring_smp_store_release: store("release"),
    io_uring_smp_load_acquire: load("acquire"),
    IO_URING_READ_ONCE: load("once", "lvalue"),
    IO_URING_WRITE_ONCE: store("once", "lvalue"),
    io_uring_smp_mb: fence("mb"),
    io_uring_barrier: fence("compiler"),
  },
  commentedBarriers: ["io_uring_smp_mb"],
  // The rings' indexes are shared with the kernel, which runs the other side of every pair on them.
  externalPartners: {
    "io_uring_sq.khead": "the kernel (submission ring)",
    "io_uring_sq.ktail": "the kernel (submission ring)",
    "io_uring_sq.kflags": "the kernel (submission ring)",
    "io_uring_sq.kdropped": "the kernel (submission ring)",
    "io_uring_cq.khead": "the kernel (completion ring)",
    "io_uring_cq.ktail": "the kernel (completion ring)",
    "io_uring_cq.kflags": "the kernel (completion ring)",
    "io_uring_cq.koverflow": "the kernel (completion ring)",
    "io_uring_cqe": "the kernel (completion ring)",
    "io_uring_buf_ring.tail": "the kernel (provided-buffer ring)",
    "io_uring_zcrx_rq.khead": "the kernel (zero-copy refill ring)",
    "io_uring_zcrx_rq.ktail": "the kernel (zero-copy refill ring)",
  },
};
