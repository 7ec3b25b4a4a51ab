// Runs the project's own litmus corpus (tests/fixtures/litmus, written by
// tools/litmus-corpus.mjs): each file states its expected verdict, and whether
// it races, in its "Result:" comment.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lkmm, readLitmus, runLitmusTest } from "../../src/model/index.js";

const ROOT = join(import.meta.dirname, "../fixtures/litmus");
const families = readdirSync(ROOT).sort();

describe("litmus corpus under LKMM", () => {
  it("covers the classic families", () => {
    expect(families).toEqual(expect.arrayContaining(["MP", "SB", "LB", "S", "R", "2+2W", "WRC", "ISA2", "IRIW"]));
  });

  for (const family of families) {
    const files = readdirSync(join(ROOT, family)).filter((f) => f.endsWith(".litmus")).sort();
    it(`${family}: ${files.length} tests agree with their recorded verdicts`, () => {
      expect(files.length).toBeGreaterThan(0);
      const wrong: string[] = [];
      for (const file of files) {
        const test = readLitmus(readFileSync(join(ROOT, family, file), "utf8"));
        const [verdict, ...flags] = (test.recorded ?? "").split(/\s+/);
        const result = runLitmusTest(test, lkmm, { detectRace: true });
        if (result.status !== "checked") {
          wrong.push(`${file}: ${result.reason}`);
          continue;
        }
        const racy = flags.includes("DATARACE");
        if (result.verdict !== verdict || result.dataRace !== racy) wrong.push(`${file}: expected ${test.recorded}, got ${result.verdict}${result.dataRace ? " DATARACE" : ""}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
