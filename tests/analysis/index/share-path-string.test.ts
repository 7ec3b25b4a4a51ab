import { describe, expect, it } from "vitest";
import { sharePathString } from "../../../src/analysis/index/share-path-string.js";

/** A site whose `file` records every assignment, so the test can see which ones were rewritten. */
function spySite(file: string, writes: string[]) {
  let value = file;
  return {
    line: 1,
    get file() { return value; },
    set file(next: string) { writes.push(next); value = next; },
  };
}

describe("sharePathString", () => {
  it("rewrites every `file` equal to the path, at any depth, with the shared string, and nothing else", () => {
    const writes: string[] = [];
    const tree = {
      file: "/p/a.c",
      functions: [
        { site: spySite("/p/a.c", writes), body: [{ arms: [[{ site: spySite("/p/a.c", writes) }]] }] },
        { site: spySite("/p/other.c", writes), body: [] },
      ],
      definedMacros: ["file", "/p/a.c"],
    };
    const before = JSON.stringify(tree);
    expect(sharePathString(tree, "/p/a.c")).toBe(tree);
    expect(writes).toEqual(["/p/a.c", "/p/a.c"]);
    expect(JSON.stringify(tree)).toBe(before);
  });
});
