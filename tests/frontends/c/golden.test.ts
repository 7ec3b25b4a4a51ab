import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PRESET_DIALECTS, resolveDialect } from "../../../src/analysis/dialects/registry.js";
import { dumpFileIR } from "../../../src/analysis/ir/dump.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";

/**
 * Golden files: every `<topic>/<name>.c` under tests/fixtures/c that has a fixture.json is lowered
 * and its dump compared with `<name>.c.shot` beside it. `UPDATE_SHOTS=1` rewrites the shots.
 */
const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/c");
const updating = process.env.UPDATE_SHOTS === "1";

interface FixtureConfig {
  preset: string;
}

const topics = fs.readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(fixturesRoot, entry.name, "fixture.json")))
  .map((entry) => entry.name)
  .sort();

describe("C front-end golden dumps", () => {
  it("finds the fixture topics", () => {
    expect(topics).toEqual(expect.arrayContaining(["virtio-ring", "seqlock", "rcu-publish", "qemu-bh", "spsc-ring", "mb-read-set"]));
  });

  for (const topic of topics) {
    const directory = path.join(fixturesRoot, topic);
    const config = JSON.parse(fs.readFileSync(path.join(directory, "fixture.json"), "utf8")) as FixtureConfig;
    const dialectIds = PRESET_DIALECTS[config.preset];
    const sources = fs.readdirSync(directory).filter((name) => name.endsWith(".c")).sort();
    for (const source of sources) {
      it(`${topic}/${source}`, () => {
        expect(dialectIds, `unknown preset ${config.preset}`).toBeDefined();
        const file = path.join(directory, source);
        const fileIR = lowerCSource(file, fs.readFileSync(file, "utf8"), { dialect: resolveDialect(dialectIds!), hostPointerSize: 8 });
        const dump = dumpFileIR(fileIR, { relativeTo: fixturesRoot });
        const shot = `${file}.shot`;
        if (updating) fs.writeFileSync(shot, dump);
        expect(fs.existsSync(shot), `missing ${shot}: run with UPDATE_SHOTS=1`).toBe(true);
        expect(dump).toBe(fs.readFileSync(shot, "utf8"));
      });
    }
  }
});
