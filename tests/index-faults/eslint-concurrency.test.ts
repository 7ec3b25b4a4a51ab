import { existsSync } from "node:fs";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { pairedModules, projectWith, reportLines } from "../cli/cli-harness.js";
import { builtPlugin, cacheFiles, configFile, runIndex } from "./fault-harness.js";

/** Lints the whole project with its config file (the built plugin), in `concurrency` worker threads. */
async function lint(root: string, concurrency: number | "off"): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, concurrency });
  return reportLines(await eslint.lintFiles(["."]), root);
}

describe("ESLint's --concurrency and the shared disk cache", () => {
  const files = { ...pairedModules(20), ...configFile() };

  it("two worker threads on a cold cache report what one thread reports, and leave one entry per file", async () => {
    expect(existsSync(builtPlugin), "run `npm run build` first: the config file loads the built plugin").toBe(true);
    const single = await lint(projectWith(files), "off");
    expect(single.some((line) => line.includes("barriers/unpaired-barrier"))).toBe(true);
    const root = projectWith(files);
    expect(await lint(root, 2)).toEqual(single);
    expect(cacheFiles(root).filter((file) => file.endsWith(".json"))).toHaveLength(60);
    // Warm, with the cache both threads wrote.
    expect(await lint(root, 2)).toEqual(single);
  });

  it("worker threads linting while `eslint-barriers index` builds the same cache report the same", async () => {
    const single = await lint(projectWith(files), "off");
    const root = projectWith(files);
    const [reports, index] = await Promise.all([lint(root, 2), runIndex(root, ["--concurrency", "2"])]);
    expect([index.code, index.stderr]).toEqual([0, ""]);
    expect(reports).toEqual(single);
    expect(await lint(root, "off")).toEqual(single);
  });
});
