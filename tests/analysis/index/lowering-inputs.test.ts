import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getProjectView, resetProjectIndexes } from "../../../src/analysis/index/project-index.js";
import { leafEvents } from "../../../src/analysis/ir/walk.js";
import { analysisOptionsFromSettings, type BarrierSettings } from "../../../src/analysis/settings.js";
import { makeProject } from "./index-fixtures.js";

/** The layout module: the array's name here is the key every importer's accesses get. */
const LAYOUT = "export const control = new Int32Array(new SharedArrayBuffer(8));\n";
/** The same text length, but the array is now declared as `cells` and exported under the old name. */
const LAYOUT_RENAMED = "const cells = new Int32Array(new SharedArrayBuffer(8)); export { cells as control };\n";

const CONSUMER = `import { control } from "./layout.js";
export function ready(): boolean {
  return Atomics.load(control, 0) === 1;
}
`;

const projects: { remove(): void }[] = [];
beforeEach(() => resetProjectIndexes());
afterEach(() => {
  resetProjectIndexes();
  for (const project of projects.splice(0)) project.remove();
});

/** The keys the index holds for the consumer's accesses. */
function consumerKeys(root: string, settings: BarrierSettings): string[] {
  const view = getProjectView(root, settings, analysisOptionsFromSettings(settings), "js");
  const consumer = [...view.files()].find((file) => file.file.endsWith("consumer.ts"))!;
  return consumer.functions.flatMap((fn) => leafEvents(fn.body)).flatMap((event) => event.kind === "access" ? [event.key.id] : []);
}

describe("a lowering that read other files", () => {
  it("records them, and the disk cache lowers the importer again when one of them changed", () => {
    const project = makeProject({ "layout.ts": LAYOUT, "consumer.ts": CONSUMER });
    projects.push(project);
    const settings: BarrierSettings = { dialects: ["js"], project: { cacheDirectory: path.join(project.root, ".cache") } };
    const before = consumerKeys(project.root, settings);
    expect(before.some((key) => key.startsWith("control"))).toBe(true);

    // A new process: the consumer's own text is unchanged, so its cache entry is found by its key.
    resetProjectIndexes();
    writeFileSync(path.join(project.root, "layout.ts"), LAYOUT_RENAMED);
    const warm = consumerKeys(project.root, settings);

    resetProjectIndexes();
    const cold = consumerKeys(project.root, { ...settings, project: { cacheDirectory: false } });
    expect(cold.some((key) => key.startsWith("cells"))).toBe(true);
    expect(warm).toEqual(cold);
  });

  it("a long-lived index sees the importer's keys change when only the imported module was edited", () => {
    const project = makeProject({ "layout.ts": LAYOUT, "consumer.ts": CONSUMER });
    projects.push(project);
    const settings: BarrierSettings = { dialects: ["js"], project: { cacheDirectory: false } };
    expect(consumerKeys(project.root, settings).some((key) => key.startsWith("control"))).toBe(true);
    writeFileSync(path.join(project.root, "layout.ts"), LAYOUT_RENAMED);
    // The index re-checks files on its own schedule; a fresh registry entry is not needed, only time.
    const deadline = Date.now() + 5_000;
    let keys = consumerKeys(project.root, settings);
    while (!keys.some((key) => key.startsWith("cells")) && Date.now() < deadline) keys = consumerKeys(project.root, settings);
    expect(keys.some((key) => key.startsWith("cells"))).toBe(true);
  });
});
