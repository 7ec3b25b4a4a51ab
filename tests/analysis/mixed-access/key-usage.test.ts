import { describe, expect, it } from "vitest";
import { FileKeyUsage, projectKeyUsage, usageKey } from "../../../src/analysis/mixed-access/key-usage.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import { leafEvents } from "../../../src/analysis/ir/walk.js";
import type { Access } from "../../../src/analysis/ir/events.js";
import { cFile, functionNamed } from "./project-files.js";

const HEADER = "typedef struct Stats { unsigned long hits; unsigned long misses; } Stats;\n";

function accessesOf(file: ReturnType<typeof cFile>, name: string): Access[] {
  return leafEvents(functionNamed(file, name).body).filter((event): event is Access => event.kind === "access");
}

describe("usage keys", () => {
  it("compares exact field keys and globals by their key", () => {
    const file = cFile("/p/a.c", `${HEADER}unsigned long total;\nvoid f(Stats *s) { s->hits = 1; total = 2; }`);
    const fn = functionNamed(file, "f");
    expect(accessesOf(file, "f").map((access) => usageKey(access, fn))).toEqual(["Stats.hits", "total"]);
  });

  it("leaves out owner-unknown keys, which would match every field of that name", () => {
    const file = cFile("/p/a.c", "void f(void *p) { ((struct Unknown *)p)->hits = 1; lookup(p)->hits = 2; }");
    const fn = functionNamed(file, "f");
    const keys = accessesOf(file, "f").map((access) => [access.key.id, usageKey(access, fn)]);
    expect(keys.filter(([id]) => id!.startsWith("?."))).not.toEqual([]);
    for (const [id, key] of keys) if (id!.startsWith("?.")) expect(key).toBeUndefined();
  });

  it("leaves out fields of anonymous structs, whose owner names no type", () => {
    const file = cFile("/p/a.c", `${HEADER}void f(Stats *s) { s->hits = 1; }`);
    const [access] = accessesOf(file, "f");
    const anonymous = { ...access!, key: { id: "struct.count", confidence: "exact" as const } };
    expect(usageKey(anonymous, functionNamed(file, "f"))).toBeUndefined();
  });

  it("scopes litmus-style pointer keys to their function", () => {
    const file = cFile("/p/a.c", "void f(int *x) { *x = 1; }\nvoid g(int *x) { *x = 2; }");
    const [inF] = accessesOf(file, "f");
    const [inG] = accessesOf(file, "g");
    expect(usageKey(inF!, functionNamed(file, "f"))).not.toEqual(usageKey(inG!, functionNamed(file, "g")));
    expect(usageKey(inF!, functionNamed(file, "f"))).toContain("*x");
  });
});

describe("project key usage", () => {
  const writer = cFile("/p/writer.c", `${HEADER}void count_hit(Stats *s) { qatomic_inc(&s->hits); }\nvoid reset(Stats *s) { s->misses = 0; }`);
  const reader = cFile("/p/reader.c", `${HEADER}unsigned long report(Stats *s) { return qatomic_read(&s->hits) + s->misses; }`);

  it("lists the atomic sites of each key in file order, and nothing for keys only accessed plainly", () => {
    const usage = projectKeyUsage(projectViewOf([writer.fileIR, reader.fileIR]));
    const hits = usage.atomicSites().get("Stats.hits")!;
    expect(hits.map((site) => `${site.fn.name} ${site.access.api}`)).toEqual(["report qatomic_read", "count_hit qatomic_inc"]);
    expect(usage.atomicSites().has("Stats.misses")).toBe(false);
  });

  it("gathers every access of the keys asked for, plain and atomic", () => {
    const usage = projectKeyUsage(projectViewOf([writer.fileIR, reader.fileIR]));
    const accesses = usage.accessesOf(["Stats.misses", "Stats.hits"]);
    expect(accesses.get("Stats.misses")!.map((site) => `${site.fn.name} ${site.access.op}`)).toEqual(["reset store", "report load"]);
    expect(accesses.get("Stats.hits")!).toHaveLength(2);
  });

  it("is built once per project view", () => {
    const view = projectViewOf([writer.fileIR]);
    expect(projectKeyUsage(view)).toBe(projectKeyUsage(view));
    expect(projectKeyUsage(projectViewOf([writer.fileIR]))).not.toBe(projectKeyUsage(view));
  });

  it("sees the linted file's fresh IR instead of the project's older copy of it", () => {
    const oldReader = cFile("/p/reader.c", `${HEADER}unsigned long report(Stats *s) { return qatomic_read(&s->misses); }`);
    const usage = new FileKeyUsage(projectKeyUsage(projectViewOf([writer.fileIR, oldReader.fileIR])), reader.fileIR);
    expect(usage.atomicSitesOf("Stats.misses")).toEqual([]);
    expect(usage.atomicSitesOf("Stats.hits").map((site) => site.fn.name)).toEqual(["report", "count_hit"]);
    expect(usage.accessesOf("Stats.misses").map((site) => site.fn.name).sort()).toEqual(["report", "reset"]);
  });
});
