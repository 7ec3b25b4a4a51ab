import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../../src/analysis/analyze.js";
import { outsidePartySides } from "../../../src/analysis/pairing/outside-party-checker.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { resolveCLanguageOptions } from "../../../src/languages/c/language-options.js";
import { parseC } from "../../../src/languages/c/parse-c.js";
import { CProject } from "./c-project.js";
import { messageOf } from "./pairing-helpers.js";

/** A table in the guest's format that two files of the project write (a named structure's pointee). */
const HEADER = `
typedef unsigned long hwaddr;
typedef struct SpaprMachineState { void *htab; } SpaprMachineState;
void stq_p(void *ptr, unsigned long v);
void smp_wmb(void);
`;

/** One file orders the two words of an entry. */
const ORDERED = `${HEADER}
void entry_set(SpaprMachineState *spapr, hwaddr offset, unsigned long pte0, unsigned long pte1)
{
    stq_p(spapr->htab + offset + 8, pte1);
    /* The second word before the valid bit. */
    smp_wmb();
    stq_p(spapr->htab + offset, pte0);
}
`;

/** Another file, with no barrier of its own, writes them without one. */
const UNORDERED = `${HEADER}
void entry_set_fast(SpaprMachineState *spapr, hwaddr offset, unsigned long pte0, unsigned long pte1)
{
    stq_p(spapr->htab + offset + 8, pte1);
    stq_p(spapr->htab + offset, pte0);
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
  const result = analyze({ file, fileIR, syntax: { language: "c", text, ast: parsed.ast }, project: project.view, options: project.options }, [{ name: "outside-party", rules: ["unpaired-barrier"], check: outsidePartySides }]);
  return result.findings.map((finding) => `${path.basename(file)}:${finding.site.line} ${messageOf(finding)}`);
}

describe("a side whose partner is outside the project, left without its barrier", () => {
  it("a structure the dialect names as shared is compared across the project's files", () => {
    const project = new CProject({ "/p/a.c": ORDERED, "/p/b.c": UNORDERED });
    expect(lint(project, "/p/a.c")).toEqual([]);
    expect(lint(project, "/p/b.c")).toEqual([
      "b.c:9 entry_set_fast() stores *SpaprMachineState.htab in entry_set_fast() (b.c:9) and then *SpaprMachineState.htab in "
      + "entry_set_fast() (b.c:10), memory that the vCPUs' hash MMU (TCG or KVM PR) reads, with no barrier between them, while "
      + "smp_wmb() in entry_set() (a.c:11) orders the same two stores: the vCPUs' hash MMU (TCG or KVM PR) may see the second store before the first.",
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
