import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getProjectIndexStats, getProjectView, resetProjectIndexes } from "../../../src/analysis/index/project-index.js";
import type { IrEvent } from "../../../src/analysis/ir/events.js";
import { analysisOptionsFromSettings, type BarrierSettings } from "../../../src/analysis/settings.js";
import { makeProject, relativeFiles } from "./index-fixtures.js";

const RING_HEADER = `#ifndef RING_H
#define RING_H
typedef struct Ring {
    unsigned head;
    unsigned slots[64];
} Ring;
void ring_publish(Ring *r, unsigned value);
unsigned ring_consume(Ring *r);
#endif
`;

const PRODUCER = `#include "ring.h"
void ring_publish(Ring *r, unsigned value)
{
    unsigned head = r->head;
    r->slots[head % 64] = value;
    smp_wmb(); /* pairs with smp_rmb() in ring_consume() */
    qatomic_set(&r->head, head + 1);
}
`;

const CONSUMER = `#include "ring.h"
unsigned ring_consume(Ring *r)
{
    unsigned head = qatomic_read(&r->head);
    smp_rmb(); /* pairs with smp_wmb() in ring_publish() */
    return r->slots[(head - 1) % 64];
}
`;

const WORKER_TS = `export function publish(flags: Int32Array, data: Int32Array, value: number): void {
  data[0] = value;
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
}
`;

function flatten(events: readonly IrEvent[]): IrEvent[] {
  return events.flatMap((event) => [event, ...(event.kind === "loop" ? flatten(event.body) : event.kind === "branch" ? event.arms.flatMap(flatten) : [])]);
}

const projects: { remove(): void }[] = [];
beforeEach(() => resetProjectIndexes());
afterEach(() => {
  resetProjectIndexes();
  for (const project of projects.splice(0)) project.remove();
});

function view(root: string, settings: BarrierSettings, language: "c" | "js" = "c") {
  return getProjectView(root, settings, analysisOptionsFromSettings(settings), language);
}

describe("the project index with the real front-ends", () => {
  it("lowers every C file of a project, reads the cache on the next process, and reports a binary file", () => {
    const project = makeProject({ "include/ring.h": RING_HEADER, "producer.c": PRODUCER, "consumer.c": CONSUMER, "build/copy.c": PRODUCER });
    projects.push(project);
    project.write("firmware.c", "\u0000\u0001\u0002ELF");
    const settings: BarrierSettings = { dialects: ["qemu", "c11", "gcc"] };

    const first = view(project.root, settings);
    expect(relativeFiles(project.root, first.files())).toEqual(["consumer.c", "include/ring.h", "producer.c"]);
    const [publish] = first.functionsNamed("ring_publish");
    expect(path.relative(project.root, publish!.site.file)).toBe("producer.c");
    expect(flatten(publish!.body).filter((event) => event.kind === "fence").map((event) => event.api)).toEqual(["smp_wmb"]);
    expect(flatten(first.functionsNamed("ring_consume")[0]!.body).some((event) => event.kind === "fence" && event.fence === "rmb")).toBe(true);
    expect(first.limitation).toMatch(/^1 file could not be read or parsed: firmware\.c could not be parsed \(file looks binary/u);
    expect(view(project.root, settings)).toBe(first);
    expect(existsSync(path.join(project.root, "node_modules/.cache/eslint-plugin-barriers"))).toBe(true);
    expect(getProjectIndexStats()[0]).toMatchObject({ files: 3, parsed: 4, cacheHits: 0, failed: 1 });

    // A new process (here: the indexes forgotten) reads every file back from the disk cache.
    resetProjectIndexes();
    const second = view(project.root, settings);
    expect(getProjectIndexStats()[0]).toMatchObject({ files: 3, parsed: 0, cacheHits: 4 });
    expect(second.functionsNamed("ring_publish")[0]!.body).toEqual(publish!.body);
  });

  it("lowers TS files for a JS project, and C files too when the globs ask for them", () => {
    const project = makeProject({ "src/worker.ts": WORKER_TS, "native/ring.c": PRODUCER, "src/notes.md": "" });
    projects.push(project);
    const js = view(project.root, { dialects: ["js", "qemu", "linux"] }, "js");
    expect(relativeFiles(project.root, js.files())).toEqual(["src/worker.ts"]);
    const events = flatten(js.functionsNamed("publish")[0]!.body);
    expect(events.filter((event) => event.kind === "access").map((event) => event.api)).toContain("Atomics.store");

    const both = view(project.root, { dialects: ["js", "qemu", "linux"], project: { files: ["**/*.{ts,c}"], cacheDirectory: false } }, "js");
    expect(relativeFiles(project.root, both.files())).toEqual(["native/ring.c", "src/worker.ts"]);
    expect(both.limitation).toBeUndefined();
  });

  it("gives an empty view saying why when the index is disabled", () => {
    const project = makeProject({ "producer.c": PRODUCER });
    projects.push(project);
    const disabled = view(project.root, { project: { enabled: false } });
    expect([...disabled.files()]).toEqual([]);
    expect(disabled.limitation).toMatch(/index is disabled/u);
    expect(getProjectIndexStats()).toEqual([]);
  });
});
