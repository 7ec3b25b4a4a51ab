import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pairedModules, projectWith } from "../cli/cli-harness.js";
import { bin, cacheFiles, configFile, lintInProcess, ownedClaims, runIndex, seededRandom } from "./fault-harness.js";

/** Fixed, so that a failure can be replayed; change it to explore other kill points. */
const SEED = 20_261_203;
const KILLS = 3;

describe("the disk cache after killed and concurrent index builds", () => {
  it("a build killed at random points, then two at once, leave a cache the next lint uses or rebuilds, with the same reports", async () => {
    expect(existsSync(bin), "run `npm run build` first").toBe(true);
    const files = { ...pairedModules(60, 6), ...configFile() };
    const reference = await lintInProcess(projectWith(files));
    expect(reference.stats.files).toBe(180);
    expect(reference.reports.length).toBeGreaterThan(0);

    const root = projectWith(files);
    const random = seededRandom(SEED);
    const ends = [];
    for (let kill = 0; kill < KILLS; kill++) {
      // Node's start alone takes a few hundred ms: most kills land while the files are being lowered.
      const delay = 300 + Math.floor(random() * 1_700);
      ends.push(await runIndex(root, ["--concurrency", kill % 2 === 0 ? "2" : "off"], delay));
    }
    expect(ends.some((end) => end.signal === "SIGKILL"), JSON.stringify(ends)).toBe(true);
    for (const end of ends.filter((candidate) => candidate.signal === null)) expect(end).toMatchObject({ code: 0, stderr: "" });

    // Whatever the kills left is used or rebuilt: never a damaged entry, always the same reports.
    const afterKills = await lintInProcess(root);
    expect(afterKills.stats.cacheRejected).toBe(0);
    expect(afterKills.stats.files).toBe(180);
    expect(afterKills.reports).toEqual(reference.reports);

    // Two builds at once, one of them with worker threads, on the cache the kills left.
    const [first, second] = await Promise.all([runIndex(root, ["--concurrency", "2"]), runIndex(root, [])]);
    expect([first, second].map((end) => [end.code, end.stderr])).toEqual([[0, ""], [0, ""]]);
    const afterRace = await lintInProcess(root);
    expect(afterRace.stats).toMatchObject({ parsed: 0, cacheHits: 180, cacheRejected: 0 });
    expect(afterRace.reports).toEqual(reference.reports);
    // Nothing of the killed writers is left but entries: their temp files and claims are cleaned up.
    expect(cacheFiles(root).filter((file) => file.endsWith(".tmp"))).toEqual([]);
    expect(ownedClaims(root), JSON.stringify([...ends, first, second])).toEqual([]);
  });
});
