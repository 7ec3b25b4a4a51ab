import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IncrementalIndex } from "../../../src/analysis/index/incremental-index.js";
import { indexedCopyIfSame } from "../../../src/analysis/index/payload-hash.js";
import { SummaryCache } from "../../../src/analysis/index/summary-cache.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import { fakeLowerer, makeProject } from "./index-fixtures.js";

const projects: { remove(): void }[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function indexOf(files: Record<string, string>, withCache: boolean) {
  const project = makeProject(files);
  projects.push(project);
  const lowerer = fakeLowerer();
  const make = () => new IncrementalIndex({
    root: project.root, files: ["**/*.c"], ignores: [], lowerFile: lowerer.lowerFile, fingerprint: "test",
    cache: withCache ? new SummaryCache(path.join(project.root, ".cache"), "test") : undefined,
  });
  return { ...project, lowerer, make };
}

describe("indexedCopyIfSame", () => {
  for (const withCache of [false, true]) {
    it(`gives the index's own copy of the linted file when its IR is the same (${withCache ? "read back from the disk cache" : "lowered"})`, () => {
      const { root, lowerer, make } = indexOf({ "a.c": "fn writer\nfn reader", "b.c": "fn other" }, withCache);
      if (withCache) make().view();
      const index = make();
      const view = index.view();
      expect(index.stats.parsed).toBe(withCache ? 0 : 2);
      const file = path.join(root, "a.c");
      const copy = view.fileNamed!(file)!;
      const fresh = lowerer.lowerFile(file, "fn writer\nfn reader");
      expect(fresh).not.toBe(copy);
      expect(indexedCopyIfSame(view, fresh)).toBe(copy);
    });
  }

  it("keeps the fresh IR when it differs from the copy (an unsaved edit) or the view has no copy", () => {
    const { root, lowerer, make } = indexOf({ "a.c": "fn writer" }, false);
    const view = make().view();
    const file = path.join(root, "a.c");
    const edited = lowerer.lowerFile(file, "fn writer\nfn added");
    expect(indexedCopyIfSame(view, edited)).toBe(edited);
    const elsewhere = lowerer.lowerFile(path.join(root, "new.c"), "fn writer");
    expect(indexedCopyIfSame(view, elsewhere)).toBe(elsewhere);
    // A view built by hand records no payload: the fresh IR stays.
    const handMade = projectViewOf([structuredClone(view.fileNamed!(file)!)]);
    const same = lowerer.lowerFile(file, "fn writer");
    expect(indexedCopyIfSame(handMade, same)).toBe(same);
  });
});
