import { describe, expect, it } from "vitest";
import { filePairing, projectPairing } from "../../../src/analysis/pairing/index.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { CProject } from "./c-project.js";

const HEADER = `
typedef struct Ring {
    unsigned idx;
    int slot[16];
} Ring;

static inline void ring_commit(Ring *r, unsigned idx)
{
    /* Slots before the index; pairs with smp_rmb() in ring_get(). */
    smp_wmb();
    qatomic_set(&r->idx, idx);
}
`;

const WRITER = `
#include "ring.h"

void ring_put(Ring *r, unsigned i, int v)
{
    r->slot[i % 16] = v;
    ring_commit(r, i + 1);
}
`;

const READER = `
#include "ring.h"

int ring_get(Ring *r, unsigned i)
{
    if (qatomic_read(&r->idx) <= i) {
        return -1;
    }
    /* Index before slots; pairs with smp_wmb() in ring_commit(). */
    smp_rmb();
    return r->slot[i % 16];
}
`;

const EARLY_READER = `
#include "ring.h"

int ring_get(Ring *r, unsigned i)
{
    int value = r->slot[i % 16];
    if (qatomic_read(&r->idx) <= i) {
        return -1;
    }
    /* Index before slots; pairs with smp_wmb() in ring_commit(). */
    smp_rmb();
    return value;
}
`;

const project = (reader: string) => new CProject({ "/ring/include/ring.h": HEADER, "/ring/writer.c": WRITER, "/ring/reader.c": reader });

describe("a writer, a reader and the header they share", () => {
  it("pairs the header's barrier (with the data stored by its caller) and the reader's barrier", () => {
    expect(project(READER).lintAll()).toEqual([]);
  });

  it("reports a reader loading the slot before its barrier, at both ends, naming files relative to the linted one", () => {
    expect(project(EARLY_READER).lintAll()).toEqual([
      "ring.h:10 unpaired-barrier: smp_wmb() in ring_commit() orders stores to Ring.slot[] before Ring.idx, but its only candidate "
      + "partner smp_rmb() in ring_get() (../reader.c:11) loads Ring.slot[] before its barrier, as it does Ring.idx, so nothing "
      + "orders them: the reader must load Ring.slot[] after its barrier. LKMM allows it: ring_get()'s load Ring.slot[] reads 0 (the initial value), and ring_get()'s qatomic_read(Ring.idx) reads 1 (written at ring.h:11 by ring_commit()).",
      "reader.c:11 unpaired-barrier: smp_rmb() in ring_get() comes after loading Ring.slot[], but its candidate partner smp_wmb() in "
      + "ring_commit() (include/ring.h:10) stores Ring.slot[] before Ring.idx: load Ring.slot[] after the barrier. LKMM allows it: ring_get()'s load Ring.slot[] reads 0 (the initial value), and ring_get()'s qatomic_read(Ring.idx) reads 1 (written at ring.h:11 by ring_commit()).",
    ]);
  });

  it("judges the linted file by its fresh text, not by the project's older copy", () => {
    const stale = project(EARLY_READER);
    expect(stale.lint("/ring/reader.c", READER)).toEqual([]);
    const fresh = project(READER);
    expect(fresh.lint("/ring/reader.c", EARLY_READER)).toHaveLength(1);
  });

  it("reports a comment that names a partner function which is not in the project", () => {
    const renamed = READER.replace("ring_commit()", "ring_publish()");
    expect(project(renamed).lint("/ring/reader.c")).toEqual([
      "reader.c:10 barrier-comment: The comment on smp_rmb() in ring_get() names ring_publish() as its partner, but the project has no "
      + "function ring_publish(); its partner is smp_wmb() in ring_commit() (include/ring.h:10).",
    ]);
  });

  it("builds the project-wide structure once, whatever number of files is linted", () => {
    const ring = project(READER);
    const shared = projectPairing(ring.view, 2);
    const index = shared.index;
    for (const file of Object.keys(ring.sources)) ring.lint(file);
    expect(projectPairing(ring.view, 2).index).toBe(index);
    const reader = lowerCSource("/ring/reader.c", READER, ring.options);
    expect(filePairing(ring.view, reader, 2).base).toBe(shared);
  });

  it("does not see a static function of another .c file", () => {
    const other = "static void ring_commit(Ring *r, unsigned idx) { r->idx = idx; }\n";
    const files = [
      lowerCSource("/ring/other.c", `${HEADER.split("static inline")[0]}${other}`, project(READER).options),
      ...project(READER).files,
    ];
    const view = projectPairing(projectViewOf(files), 2);
    const put = files.flatMap((file) => file.functions).find((fn) => fn.name === "ring_put")!;
    expect(view.scope.calleesOf(put, "ring_commit").map((fn) => fn.site.file)).toEqual(["/ring/include/ring.h"]);
  });
});
