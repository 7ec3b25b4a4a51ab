import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../../src/analysis/analyze.js";
import { outsidePartyChecker } from "../../../src/analysis/pairing/outside-party-checker.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { resolveCLanguageOptions } from "../../../src/languages/c/language-options.js";
import { parseC } from "../../../src/languages/c/parse-c.js";
import { CProject } from "./c-project.js";
import { messageOf } from "./pairing-helpers.js";

/** The ring layout a guest's driver and every device back-end of the project share (a named structure), declared in each file. */
const HEADER = `
struct vring_avail { unsigned short flags; unsigned short idx; unsigned short ring[]; };
typedef struct Virtq { struct vring_avail *avail; unsigned short last_avail; unsigned num; } Virtq;
void smp_rmb(void);
`;

/** One back-end orders the index before the entry. */
const ORDERED = `${HEADER}
int backend_a_pop(Virtq *vq)
{
    if (vq->avail->idx == vq->last_avail) {
        return -1;
    }
    /* The guest's driver writes the entry before the index. */
    smp_rmb();
    return vq->avail->ring[vq->last_avail++ % vq->num];
}
`;

/** Another back-end, in a file with no barrier of its own, reads the same two fields without one. */
const UNORDERED = `${HEADER}
int backend_b_pop(Virtq *vq)
{
    if (vq->avail->idx == vq->last_avail) {
        return -1;
    }
    return vq->avail->ring[vq->last_avail++ % vq->num];
}
`;

/** Raw guest memory is compared within its file only: two files' accessors are not the same accesses. */
const RAW_ORDERED = `
typedef unsigned long hwaddr;
typedef struct AddressSpace AddressSpace;
unsigned lduw_le_phys(AddressSpace *as, hwaddr addr);
void smp_rmb(void);

unsigned raw_a(AddressSpace *as, hwaddr base)
{
    unsigned idx = lduw_le_phys(as, base);
    /* The guest writes the entry before the index. */
    smp_rmb();
    return idx + lduw_le_phys(as, base + 2);
}
`;

const RAW_UNORDERED = `
typedef unsigned long hwaddr;
typedef struct AddressSpace AddressSpace;
unsigned lduw_le_phys(AddressSpace *as, hwaddr addr);

unsigned raw_b(AddressSpace *as, hwaddr base)
{
    unsigned idx = lduw_le_phys(as, base);
    return idx + lduw_le_phys(as, base + 2);
}
`;

function lint(project: CProject, file: string): string[] {
  const text = project.sources[file]!;
  const parsed = parseC(text, resolveCLanguageOptions(), true);
  if (!parsed.ok) throw new Error(parsed.message);
  const fileIR = lowerCSource(file, text, project.options);
  const result = analyze({ file, fileIR, syntax: { language: "c", text, ast: parsed.ast }, project: project.view, options: project.options }, [outsidePartyChecker]);
  return result.findings.map((finding) => `${path.basename(file)}:${finding.site.line} ${messageOf(finding)}`);
}

describe("a side whose partner is outside the project, left without its barrier", () => {
  it("a structure the dialect names as shared is compared across the project's files", () => {
    const project = new CProject({ "/p/a.c": ORDERED, "/p/b.c": UNORDERED });
    expect(lint(project, "/p/a.c")).toEqual([]);
    expect(lint(project, "/p/b.c")).toEqual([
      "b.c:8 backend_b_pop() loads vring_avail.idx in backend_b_pop() (b.c:8) and then vring_avail.ring[] in backend_b_pop() (b.c:11), "
      + "memory that the guest's virtio driver writes, with no barrier between them, while smp_rmb() in backend_a_pop() (a.c:12) "
      + "orders the same two loads: the second may read memory older than what the first saw.",
    ]);
  });

  it("raw guest memory is compared within one file", () => {
    const project = new CProject({ "/p/a.c": RAW_ORDERED, "/p/b.c": RAW_UNORDERED });
    expect(lint(project, "/p/a.c")).toEqual([]);
    expect(lint(project, "/p/b.c")).toEqual([]);
  });

  it("a dialect with no outside parties asks nothing", () => {
    const project = new CProject({ "/p/a.c": ORDERED, "/p/b.c": UNORDERED }, "linux");
    expect(lint(project, "/p/b.c")).toEqual([]);
  });
});
