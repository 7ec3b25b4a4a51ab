import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DISABLED_LIMITATION, ProjectIndexRegistry, type ProjectIndexRequest } from "../../../src/analysis/index/project-index-registry.js";
import { loweringFingerprint } from "../../../src/analysis/index/lowering-fingerprint.js";
import { analysisOptionsFromSettings, type BarrierSettings } from "../../../src/analysis/settings.js";
import { fakeLowerer, functionNames, makeProject, manualClock } from "./index-fixtures.js";

const projects: { remove(): void }[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function setUp(files: Record<string, string>) {
  const project = makeProject(files);
  projects.push(project);
  const clock = manualClock();
  const lowerer = fakeLowerer();
  let created = 0;
  const registry = new ProjectIndexRegistry(() => {
    created++;
    return { lowerFile: lowerer.lowerFile, now: clock.now };
  }, 2);
  const request = (settings?: BarrierSettings, language: "c" | "js" = "c"): ProjectIndexRequest => ({
    // The options never read `project`; the index checks it itself, for callers that skip the settings schema.
    cwd: project.root, settings, options: analysisOptionsFromSettings(settings && { ...settings, project: undefined }), language,
  });
  return { ...project, clock, lowerer, registry, request, created: () => created };
}

describe("ProjectIndexRegistry", () => {
  it("builds one index per configuration and reuses it, so every file of a lint run shares one view", () => {
    const { registry, request, lowerer, created } = setUp({ "a.c": "fn a" });
    const first = registry.view(request());
    // A fresh settings object and freshly resolved options, as ESLint gives every file.
    expect(registry.view(request())).toBe(first);
    expect(created()).toBe(1);
    expect(lowerer.lowered).toHaveLength(1);
  });

  it("builds a separate index when the dialects, the globs or the language change", () => {
    const { registry, request, created } = setUp({ "a.c": "fn a", "b.ts": "fn b" });
    const c = registry.view(request());
    const linux = registry.view(request({ dialects: ["linux"] }));
    const js = registry.view(request(undefined, "js"));
    expect(created()).toBe(3);
    expect(functionNames(c.files())).toEqual(["a"]);
    expect(functionNames(linux.files())).toEqual(["a"]);
    expect(functionNames(js.files())).toEqual(["b"]);
    expect(linux).not.toBe(c);
  });

  it("keeps at most its capacity of indexes, dropping the least recently used", () => {
    const { registry, request, created } = setUp({ "a.c": "fn a" });
    registry.view(request({ dialects: ["qemu"] }));
    registry.view(request({ dialects: ["linux"] }));
    registry.view(request({ dialects: ["qemu"] }));
    registry.view(request({ dialects: ["c11"] }));
    expect(created()).toBe(3);
    expect(registry.stats()).toHaveLength(2);
    registry.view(request({ dialects: ["qemu"] }));
    expect(created()).toBe(3);
    registry.view(request({ dialects: ["linux"] }));
    expect(created()).toBe(4);
  });

  it("gives an empty view that says why when the index is disabled, and reads nothing", () => {
    const { registry, request, lowerer, created } = setUp({ "a.c": "fn a" });
    const view = registry.view(request({ project: { enabled: false } }));
    expect([...view.files()]).toEqual([]);
    expect(view.functionsNamed("a")).toEqual([]);
    expect(view.limitation).toBe(DISABLED_LIMITATION);
    expect(registry.view(request({ project: { enabled: false } }))).toBe(view);
    expect(lowerer.lowered).toEqual([]);
    expect(created()).toBe(0);
  });

  it("writes the disk cache under node_modules/.cache of the root by default, and not at all when it is off", () => {
    const { registry, request, root } = setUp({ "src/a.c": "fn a" });
    registry.view(request({ project: { root: "src", cacheDirectory: false } }));
    expect(existsSync(path.join(root, "src/node_modules"))).toBe(false);
    registry.view(request({ project: { root: "src" } }));
    expect(existsSync(path.join(root, "src/node_modules/.cache/eslint-plugin-barriers"))).toBe(true);
  });

  it("reports malformed project settings in the limitation instead of throwing", () => {
    const { registry, request } = setUp({ "a.c": "fn a" });
    const view = registry.view(request({ project: { files: "*.c" } as unknown as BarrierSettings["project"] }));
    expect(functionNames(view.files())).toEqual(["a"]);
    expect(view.limitation).toBe("settings.barriers.project.files must be an array of glob strings; the default was used");
  });

  it("never throws, even when the dependencies themselves fail", () => {
    const project = makeProject({ "a.c": "fn a" });
    projects.push(project);
    const registry = new ProjectIndexRegistry(() => {
      throw new Error("front-end failed to load");
    });
    const request: ProjectIndexRequest = { cwd: project.root, settings: undefined, options: analysisOptionsFromSettings(undefined), language: "c" };
    const view = registry.view(request);
    expect(view.limitation).toBe("the project index could not be set up (front-end failed to load)");
    expect(registry.view(request)).toBe(view);
  });
});

describe("loweringFingerprint", () => {
  const base = analysisOptionsFromSettings(undefined);

  it("is stable for equal options", () => {
    expect(loweringFingerprint(analysisOptionsFromSettings(undefined))).toBe(loweringFingerprint(base));
  });

  it("changes with everything that changes lowering", () => {
    const variants = [
      loweringFingerprint(analysisOptionsFromSettings({ dialects: ["linux"] })),
      loweringFingerprint(analysisOptionsFromSettings({ primitives: { my_wmb: { kind: "fence", fence: "wmb" } } })),
      loweringFingerprint(analysisOptionsFromSettings({ hostPointerSize: 4 })),
      loweringFingerprint(base, { annotationMacros: ["MY_ANNOTATION"] }),
      loweringFingerprint(base, {}, "99.0.0"),
    ];
    expect(new Set([loweringFingerprint(base), ...variants]).size).toBe(variants.length + 1);
  });

  it("is built once per settings object, and equal for equal settings in other objects", () => {
    const settings: BarrierSettings = { dialects: ["qemu", "c11", "gcc"] };
    expect(analysisOptionsFromSettings(settings)).toBe(analysisOptionsFromSettings(settings));
    const other = analysisOptionsFromSettings({ dialects: ["qemu", "c11", "gcc"] });
    expect(other).not.toBe(analysisOptionsFromSettings(settings));
    expect(loweringFingerprint(other)).toBe(loweringFingerprint(analysisOptionsFromSettings(settings)));
  });

  it("ignores the call depth, which only the checkers read", () => {
    expect(loweringFingerprint(analysisOptionsFromSettings({ callDepth: 5 }))).toBe(loweringFingerprint(base));
  });
});
