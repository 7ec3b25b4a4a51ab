import { symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discoverFiles } from "../../../src/analysis/index/discover-files.js";
import { ALWAYS_IGNORED, DEFAULT_C_FILES, DEFAULT_IGNORES, DEFAULT_JS_FILES, resolveIndexSettings } from "../../../src/analysis/index/index-settings.js";
import { makeProject } from "./index-fixtures.js";

const projects: { remove(): void }[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function project(files: Record<string, string>) {
  const made = makeProject(files);
  projects.push(made);
  return made;
}

const defaultIgnores = [...ALWAYS_IGNORED, ...DEFAULT_IGNORES];

describe("discoverFiles", () => {
  it("finds C sources and headers at any depth, sorted, and nothing else", () => {
    const { root } = project({ "util/b.c": "", "a.c": "", "include/q.h": "", "README.md": "", "x.cc": "", "main.ts": "" });
    const found = discoverFiles(root, DEFAULT_C_FILES, defaultIgnores).map((file) => path.relative(root, file));
    expect(found).toEqual(["a.c", "include/q.h", "util/b.c"]);
  });

  it("leaves out node_modules, .git, build directories and dist at any depth by default", () => {
    const { root } = project({
      "src/keep.c": "", "node_modules/dep/x.c": "", ".git/hooks/y.c": "", "build/gen.c": "",
      "build-arm/gen.c": "", "sub/build/gen.h": "", "dist/out.c": "", "builder.c": "",
    });
    const found = discoverFiles(root, DEFAULT_C_FILES, defaultIgnores).map((file) => path.relative(root, file));
    expect(found).toEqual(["builder.c", "src/keep.c"]);
  });

  it("applies the user's globs and ignores", () => {
    const { root } = project({ "hw/a.c": "", "hw/test/t.c": "", "util/u.c": "", "hw/a.h": "" });
    const found = discoverFiles(root, ["hw/**/*.c"], [...ALWAYS_IGNORED, "**/test/**"]).map((file) => path.relative(root, file));
    expect(found).toEqual(["hw/a.c"]);
  });

  it("finds TS and JS sources with the js defaults", () => {
    const { root } = project({ "a.ts": "", "b.mjs": "", "c.cjs": "", "d.tsx": "", "e.c": "", "f.json": "" });
    const found = discoverFiles(root, DEFAULT_JS_FILES, defaultIgnores).map((file) => path.relative(root, file));
    expect(found).toEqual(["a.ts", "b.mjs", "c.cjs", "d.tsx"]);
  });

  it("does not follow symbolic links, so a linked directory is not listed twice", () => {
    const { root } = project({ "real/a.c": "" });
    symlinkSync(path.join(root, "real"), path.join(root, "alias"));
    symlinkSync(path.join(root, "missing.c"), path.join(root, "dangling.c"));
    expect(discoverFiles(root, DEFAULT_C_FILES, defaultIgnores).map((file) => path.relative(root, file))).toEqual(["real/a.c"]);
  });

  it("throws when the root is not a directory", () => {
    const { root } = project({ "a.c": "" });
    expect(() => discoverFiles(path.join(root, "nope"), DEFAULT_C_FILES, defaultIgnores)).toThrow(/ENOENT/u);
    expect(() => discoverFiles(path.join(root, "a.c"), DEFAULT_C_FILES, defaultIgnores)).toThrow(/not a directory/u);
  });
});

describe("resolveIndexSettings", () => {
  it("defaults to the cwd, the language's globs and a cache under node_modules/.cache", () => {
    const { settings, problems } = resolveIndexSettings("/work/p", undefined, "c");
    expect(settings).toEqual({
      enabled: true, root: "/work/p", files: DEFAULT_C_FILES, ignores: [...defaultIgnores, "node_modules/.cache/eslint-plugin-barriers/**"],
      cacheDirectory: "/work/p/node_modules/.cache/eslint-plugin-barriers",
    });
    expect(problems).toEqual([]);
    expect(resolveIndexSettings("/work/p", {}, "js").settings.files).toEqual(DEFAULT_JS_FILES);
  });

  it("resolves root against the cwd and the cache directory against the root; user ignores replace the defaults", () => {
    const { settings } = resolveIndexSettings("/work/p", { root: "src", cacheDirectory: ".cache/idx", ignores: ["**/gen/**"], files: ["**/*.c"] }, "c");
    expect(settings.root).toBe("/work/p/src");
    expect(settings.cacheDirectory).toBe("/work/p/src/.cache/idx");
    expect(settings.ignores).toEqual([...ALWAYS_IGNORED, "**/gen/**", ".cache/idx/**"]);
    expect(settings.files).toEqual(["**/*.c"]);
  });

  it("never reads a cache directory inside the root back as source", () => {
    const { root } = project({ "a.c": "", "idx (v1)/entry.c": "" });
    const { settings } = resolveIndexSettings(root, { cacheDirectory: "idx (v1)", files: ["**/*"] }, "c");
    expect(discoverFiles(root, settings.files, settings.ignores).map((file) => path.relative(root, file))).toEqual(["a.c"]);
    expect(resolveIndexSettings(root, { cacheDirectory: "/elsewhere/cache" }, "c").settings.ignores).toEqual(defaultIgnores);
  });

  it("turns the cache and the index off", () => {
    const { settings } = resolveIndexSettings("/p", { cacheDirectory: false, enabled: false }, "c");
    expect(settings.cacheDirectory).toBe(false);
    expect(settings.enabled).toBe(false);
  });

  it("reports malformed settings and falls back to their defaults", () => {
    const malformed = { files: "**/*.c", ignores: [3], root: "", enabled: "no" } as unknown as Parameters<typeof resolveIndexSettings>[1];
    const { settings, problems } = resolveIndexSettings("/p", malformed, "c");
    expect(settings.files).toEqual(DEFAULT_C_FILES);
    expect(settings.root).toBe("/p");
    expect(settings.enabled).toBe(true);
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/project\.files must be an array/u);
  });
});
