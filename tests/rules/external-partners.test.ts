import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import { resolveDialect } from "../../src/analysis/dialects/registry.js";
import { ownerAndField } from "../../src/analysis/ir/field-key.js";
import { externalHolderOf } from "../../src/analysis/pairing/external-partners.js";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/* Barriers whose other side runs outside the project: a kernel, a guest, a device. */

const tester = (dialects: string[], externalPartners?: Record<string, string>) => new RuleTester({
  plugins: { barriers: plugin }, language: "barriers/c",
  settings: { barriers: { dialects, ...(externalPartners ? { externalPartners } : {}), project: { enabled: false } } },
});

/** liburing's submission and completion rings, as an application that pokes them directly would. */
const URING = `
struct io_uring_sq { unsigned *khead; unsigned *ktail; unsigned sqe_tail; unsigned *array; unsigned ring_mask; };
struct io_uring_cq { unsigned *khead; unsigned *ktail; unsigned ring_mask; struct io_uring_cqe *cqes; };
struct io_uring_cqe { unsigned long long user_data; int res; };

void submit_one(struct io_uring_sq *sq, unsigned index)
{
    unsigned tail = sq->sqe_tail;
    sq->array[tail & sq->ring_mask] = index;
    io_uring_smp_store_release(sq->ktail, tail + 1);
}

int reap_one(struct io_uring_cq *cq)
{
    unsigned head = *cq->khead;
    if (head == io_uring_smp_load_acquire(cq->ktail)) {
        return -1;
    }
    return cq->cqes[head & cq->ring_mask].res;
}

void cq_advance(struct io_uring_cq *cq, unsigned nr)
{
    if (nr) {
        io_uring_smp_store_release(cq->khead, *cq->khead + nr);
    }
}
`;

/** A driver's mailbox with the device firmware. */
const MAILBOX = `
typedef struct Mailbox { int command; int doorbell; } Mailbox;

void ring_doorbell(Mailbox *m, int command)
{
    m->command = command;
    /* The firmware reads the command after it sees the doorbell. */
    smp_wmb();
    qatomic_set(&m->doorbell, 1);
}
`;

tester(["c11", "gcc", "liburing"]).run("unpaired-barrier (liburing rings)", plugin.rules["unpaired-barrier"]!, {
  valid: [{ name: "the kernel runs the other side of the ring indexes", filename: "app.c", code: URING }],
  invalid: [],
});

tester(["c11", "gcc", "liburing"]).run("mb-variable-mismatch (liburing rings)", plugin.rules["mb-variable-mismatch"]!, {
  valid: [{ name: "ktail waited for and khead published here are both the kernel's to pair", filename: "app.c", code: URING }],
  invalid: [],
});

tester(["c11", "gcc", "liburing"]).run("mb-variable-mismatch (the same ring, not shared)", plugin.rules["mb-variable-mismatch"]!, {
  valid: [],
  invalid: [{
    name: "renamed so that no dialect knows them, the two indexes look like a mismatch",
    filename: "app.c",
    code: URING.replaceAll("io_uring_cq", "my_cq").replaceAll("io_uring_sq", "my_sq").replaceAll("io_uring_cqe", "my_cqe"),
    errors: [{ messageId: "readNeverSet" }, { messageId: "setNeverRead" }],
  }],
});

tester(["qemu", "c11", "gcc"], { Mailbox: "the device firmware" }).run("unpaired-barrier (user table)", plugin.rules["unpaired-barrier"]!, {
  valid: [{ name: "a struct named in settings.barriers.externalPartners", filename: "mailbox.c", code: MAILBOX }],
  invalid: [],
});

tester(["qemu", "c11", "gcc"], { "Mailbox.command": "the device firmware" }).run("unpaired-barrier (field not the flag)", plugin.rules["unpaired-barrier"]!, {
  valid: [],
  invalid: [{
    name: "only the data is external: the flag decides, and the project has no reader of the doorbell",
    filename: "mailbox.c",
    code: MAILBOX,
    errors: [{ messageId: "unpaired", line: 8 }],
  }],
});

tester(["qemu", "c11", "gcc"]).run("unpaired-barrier (no table)", plugin.rules["unpaired-barrier"]!, {
  valid: [],
  invalid: [{ name: "without the table the mailbox has no partner", filename: "mailbox.c", code: MAILBOX, errors: [{ messageId: "unpaired", line: 8 }] }],
});

tester(["qemu", "c11", "gcc"], { Mailbox: "the device firmware" }).run("barrier-comment (external partner)", plugin.rules["barrier-comment"]!, {
  valid: [{ name: "a commented barrier", filename: "mailbox.c", code: MAILBOX }],
  invalid: [{
    name: "the missing comment names the outside partner",
    filename: "mailbox.c",
    code: MAILBOX.replace("    /* The firmware reads the command after it sees the doorbell. */\n", ""),
    errors: [{
      message: "smp_wmb() in ring_doorbell() has no comment saying what it orders and what it pairs with; its partner is outside "
        + "the project, in the device firmware (through Mailbox.doorbell).",
    }],
  }],
});

/** A device model: it reads the guest's request through the address space and completes it there. */
const DEVICE = `
typedef struct Device { void *as; unsigned long ring; unsigned short last_idx; unsigned inflight; } Device;

int device_fetch(Device *d, void *req)
{
    unsigned short idx;
    address_space_read(d->as, d->ring, 0, &idx, sizeof(idx));
    if (idx == d->last_idx) {
        return 0;
    }
    /* Read the index before the request the guest wrote ahead of it. */
    smp_rmb();
    address_space_read(d->as, d->ring + 8, 0, req, 64);
    d->inflight++;
    return 1;
}

void device_complete(Device *d, void *resp)
{
    address_space_write(d->as, d->ring + 128, 0, resp, 16);
    /* The guest reads the response after it sees the used index. */
    smp_wmb();
    address_space_stw_le(d->as, d->ring + 256, d->last_idx);
}
`;

tester(["qemu", "c11", "gcc"]).run("unpaired-barrier (guest memory)", plugin.rules["unpaired-barrier"]!, {
  valid: [{ name: "a device model's barriers pair with the guest's driver", filename: "device.c", code: DEVICE }],
  invalid: [],
});

describe("guest memory never pairs inside the project", () => {
  it("leaves the device's writer and reader unpaired with each other, though both touch guest memory", async () => {
    const { lowerCSource } = await import("../../src/frontends/c/lower-file.js");
    const { projectViewOf } = await import("../../src/analysis/project-view.js");
    const { projectPairing } = await import("../../src/analysis/pairing/pairing-view.js");
    const dialect = resolveDialect(["qemu", "c11", "gcc"]);
    const fileIR = lowerCSource("/p/device.c", DEVICE, { dialect, hostPointerSize: 8 });
    const view = projectPairing(projectViewOf([fileIR]), 2);
    const points = view.allPoints();
    expect(points.map((point) => point.label)).toEqual(["smp_rmb()", "smp_wmb()"]);
    expect(points.every((point) => point.read?.before.some((side) => side.access.key.id === "<guest memory>") || point.write)).toBe(true);
    expect(points.flatMap((point) => view.partnersOf(point))).toEqual([]);
  });
});

describe("external partner lookup", () => {
  it("reads the owner and field through dereferences and brackets", () => {
    expect(ownerAndField("*io_uring_sq.ktail")).toEqual(["io_uring_sq", "ktail"]);
    expect(ownerAndField("VRing.desc[]")).toEqual(["VRing", "desc"]);
    expect(ownerAndField("?.ktail")).toBeUndefined();
    expect(ownerAndField("ring.c::tail")).toBeUndefined();
    expect(ownerAndField("global_flag")).toBeUndefined();
  });

  it("prefers a field entry to its struct's entry, and the user's table to the dialect's", () => {
    const dialect = resolveDialect(["qemu", "liburing"], {}, { "kvm_run.immediate_exit": "a test harness", io_uring_sq: "a ring simulator" });
    expect(externalHolderOf("kvm_run.immediate_exit", dialect)).toBe("a test harness");
    expect(externalHolderOf("kvm_run.exit_reason", dialect)).toBe("the host kernel (KVM)");
    expect(externalHolderOf("*io_uring_sq.ktail", dialect)).toBe("the kernel (submission ring)");
    expect(externalHolderOf("io_uring_sq.sqe_tail", dialect)).toBe("a ring simulator");
    expect(externalHolderOf("AioContext.notify_me", dialect)).toBeUndefined();
  });
});
