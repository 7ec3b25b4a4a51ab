import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { getProjectIndexStats, resetProjectIndexes } from "../../src/analysis/index/project-index.js";
import { checkProperty, FUZZ_DIALECTS, FuzzTally } from "./fuzz-run.js";
import { lintProject, verdictLines, writeProject, type Verdict } from "./lint-programs.js";
import { programArbitrary, renameField } from "./program-model.js";
import { render } from "./render.js";

/** Each program is written to disk and linted two or three times through the project index (50-150 ms a run). */
const RUNS = 10;
const TIME_LIMIT_MS = 3_000;
const tally = new FuzzTally();
const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
  resetProjectIndexes();
  console.info(`fuzz, split over files with the project index: ${tally.summary()}`);
});

function project(files: Parameters<typeof writeProject>[0]): string {
  const directory = writeProject(files);
  directories.push(directory);
  return directory;
}

const RENAMED_SUFFIX = "_moved";

describe.each(FUZZ_DIALECTS)("generated $label programs split over two files and a shared declaration", ({ label, language, dialects, vocabulary }) => {
  const preset = language === "c" ? "qemu" : "js";

  it("get the same verdicts on a second run and from a warm disk cache", async () => {
    let warmHits = 0;
    let reported = 0;
    await checkProperty(programArbitrary(vocabulary), async (program) => {
      tally.count(`${label} second run and warm cache`);
      const files = render(program, vocabulary, language, true);
      const directory = project(files);
      const cacheDirectory = path.join(directory, ".cache");
      resetProjectIndexes();
      const cold = verdictLines(await lintProject(directory, files, preset, dialects, cacheDirectory));
      const again = verdictLines(await lintProject(directory, files, preset, dialects, cacheDirectory));
      resetProjectIndexes();
      const warm = verdictLines(await lintProject(directory, files, preset, dialects, cacheDirectory));
      warmHits += getProjectIndexStats().reduce((sum, stats) => sum + stats.cacheHits, 0);
      reported += cold.length;
      expect(again).toEqual(cold);
      expect(warm).toEqual(cold);
    }, RUNS, TIME_LIMIT_MS);
    // The warm runs read the disk cache rather than lowering again.
    expect(warmHits).toBeGreaterThan(0);
    expect(reported).toBeGreaterThan(0);
  });

  it("get the same verdicts when a shared field is renamed in every file", async () => {
    await checkProperty(fc.tuple(programArbitrary(vocabulary), fc.nat()), async ([program, which]) => {
      tally.count(`${label} field renamed`);
      const field = which % program.fields.length;
      const original = program.fields[field]!;
      const renamed = `${original}${RENAMED_SUFFIX}`;
      const before = render(program, vocabulary, language, true);
      const after = render(renameField(program, field, renamed), vocabulary, language, true);
      const verdictsBefore = await lintProject(project(before), before, preset, dialects, false);
      const verdictsAfter = await lintProject(project(after), after, preset, dialects, false);
      const back = (verdict: Verdict): Verdict => ({ ...verdict, message: verdict.message.replaceAll(renamed, original) });
      expect(verdictLines(verdictsAfter.map(back))).toEqual(verdictLines(verdictsBefore));
    }, RUNS, TIME_LIMIT_MS);
    expect(tally.tried(`${label} field renamed`)).toBeGreaterThan(0);
  });
});
