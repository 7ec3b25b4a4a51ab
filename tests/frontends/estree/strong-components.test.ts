import { describe, expect, it } from "vitest";
import { componentsFrom } from "../../../src/frontends/estree/strong-components.js";

const graph = (edges: Record<string, string[]>) => (node: string) => edges[node] ?? [];
const sorted = (components: string[][]) => components.map((component) => [...component].sort());

describe("componentsFrom", () => {
  it("lists each cycle as one component, after the components it depends on", () => {
    const edges = graph({ a: ["b"], b: ["c", "d"], c: ["a"], d: ["e"], e: ["d", "f"], f: [] });
    expect(sorted(componentsFrom("a", edges, () => false))).toEqual([["f"], ["d", "e"], ["a", "b", "c"]]);
  });

  it("does not enter nodes already known, nor return them", () => {
    const edges = graph({ a: ["b"], b: ["c"], c: [] });
    expect(sorted(componentsFrom("a", edges, (node) => node === "b"))).toEqual([["a"]]);
    expect(componentsFrom("a", edges, () => true)).toEqual([]);
  });

  it("walks a chain of a hundred thousand nodes without overflowing the stack", () => {
    const edges = (node: number) => (node < 100_000 ? [node + 1] : []);
    const components = componentsFrom(0, edges, () => false);
    expect(components).toHaveLength(100_001);
    expect(components[0]).toEqual([100_000]);
  });
});
