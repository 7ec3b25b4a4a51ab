import { describe, expect, it } from "vitest";
import { MAX_NESTING, MAX_STATEMENT_NESTING } from "../../../src/frontends/c/lowering-context.js";
import { functionNamed, lower } from "./lower-helpers.js";
import type { IrEvent } from "../../../src/analysis/ir/events.js";

/** `depth` nested `if (cN) {` blocks around a writer's store, barrier and flag store. */
function nestedIfs(depth: number): string {
  let open = "";
  let close = "";
  for (let index = 0; index < depth; index++) {
    open += `if (c${index % 5}) {\n`;
    close += "}\n";
  }
  return `struct ring { int data; int ready; };
int c0, c1, c2, c3, c4;
void produce(struct ring *r) {
${open}r->data = 1;
smp_wmb();
qatomic_set(&r->ready, 1);
${close}}
`;
}

/** How many branches lead to the innermost events, and what those are. */
function innermost(body: readonly IrEvent[]): { depth: number; kinds: string[] } {
  let depth = 0;
  let events = body;
  for (;;) {
    const branch = events.find((event) => event.kind === "branch");
    if (!branch || branch.kind !== "branch") return { depth, kinds: events.map((event) => event.kind) };
    depth++;
    events = branch.arms[0]!;
  }
}

describe("deeply nested C", () => {
  it("lowers a thousand nested ifs whole: statements are lowered without recursion", () => {
    const fn = functionNamed(lower(nestedIfs(1000)), "produce");
    expect(fn.limits).toBeUndefined();
    expect(innermost(fn.body)).toEqual({ depth: 1000, kinds: ["access", "fence", "access"] });
  });

  it("records where statements nested past the bound were cut, instead of dropping them silently", () => {
    const depth = MAX_STATEMENT_NESTING; // each if is two levels: the if and its block
    const fn = functionNamed(lower(nestedIfs(depth)), "produce");
    expect(fn.limits).toHaveLength(1);
    expect(fn.limits![0]).toMatchObject({ kind: "nesting" });
    expect(fn.limits![0]!.detail).toContain(`deeper than ${MAX_STATEMENT_NESTING} levels`);
    expect(fn.limits![0]!.site.line).toBeGreaterThan(depth / 2);
  });

  it("records an expression nested past its bound", () => {
    const sum = `${"(".repeat(MAX_NESTING + 10)}x${")".repeat(MAX_NESTING + 10)}`;
    const fn = functionNamed(lower(`int x; int total(void) { return ${sum}; }`), "total");
    expect(fn.limits?.[0]).toMatchObject({ kind: "nesting" });
    expect(fn.limits![0]!.detail).toContain(`expressions nested deeper than ${MAX_NESTING}`);
  });

  it("a function after a deeply nested one starts with no control dependency left over", () => {
    const file = lower(`${nestedIfs(50)}\nint c9; void after(struct ring *r) { r->data = 2; }`);
    const after = functionNamed(file, "after");
    expect(after.body.map((event) => event.kind)).toEqual(["access"]);
    expect(after.body[0]!.kind === "access" && after.body[0]!.dependsOn).toEqual([]);
  });
});
