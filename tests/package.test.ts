import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { publint } from "publint";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";

const repository = fileURLToPath(new URL("..", import.meta.url));

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

describe("the package", () => {
  it("exports the built plugin and its types", () => {
    expect(packageJson.type).toBe("module");
    // One path, so that tools which read `exports` without conditions (eslint-doc-generator) find it;
    // TypeScript finds the declarations beside it.
    expect(packageJson.exports["."]).toBe("./dist/index.js");
    expect(packageJson.types).toBe("./dist/index.d.ts");
    // prepack, not prepare: npm builds a git dependency and every packed tarball with it, and does not
    // count it as an install script of the package it installs.
    expect(packageJson.scripts.prepack).toBe("npm run build");
    expect(packageJson.scripts.prepare).toBeUndefined();
    expect(packageJson.peerDependencies.eslint).toMatch(/\^9.*\^10/u);
  });

  it("names itself in meta", () => {
    expect(plugin.meta).toEqual({ name: "eslint-plugin-barriers", version: packageJson.version, namespace: "barriers" });
  });

  const ruleIdsFor = (language: string, tier: "default" | "strict") => Object.entries(plugin.rules)
    .filter(([, rule]) => (rule.meta?.languages as string[]).includes(language))
    .filter(([, rule]) => tier === "strict" || (rule.meta?.docs as { recommended?: boolean }).recommended === true)
    .map(([name]) => `barriers/${name}`)
    .sort();

  it.each(["recommended", "qemu", "qemu2020", "linux", "c11"].flatMap((preset) => [[preset, "default"], [`${preset}-strict`, "strict"]] as const))(
    "the %s preset is a complete C flat config with the %s tier's rules", (preset, tier) => {
      const config = plugin.configs[preset]!;
      expect(config.files).toEqual(["**/*.c", "**/*.h"]);
      expect(config.language).toBe("barriers/c");
      expect((config.plugins as Record<string, unknown>).barriers).toBe(plugin);
      expect(Object.keys(config.rules as object).sort()).toEqual(ruleIdsFor("barriers/c", tier));
      const dialects = (config.settings as { barriers: { dialects: string[] } }).barriers.dialects;
      expect(dialects.length).toBeGreaterThan(0);
      expect(dialects).toEqual((plugin.configs[preset.replace(/-strict$/u, "")]!.settings as { barriers: { dialects: string[] } }).barriers.dialects);
    },
  );

  it.each([["js", "default"], ["js-strict", "strict"]] as const)("the %s preset sets a parser and enables the %s tier's JS rules", (preset, tier) => {
    const config = plugin.configs[preset]!;
    expect((config.languageOptions as { parser: unknown }).parser).toBeDefined();
    expect(Object.keys(config.rules as object).sort()).toEqual(ruleIdsFor("js/js", tier));
  });

  it("the strict presets turn on every rule; the default ones leave the strict-only rules off", () => {
    const strictOnly = Object.keys(plugin.configs["recommended-strict"]!.rules as object)
      .filter((id) => !(id in (plugin.configs.recommended!.rules as object)));
    expect(strictOnly.length).toBeGreaterThan(0);
    expect(Object.keys(plugin.configs["recommended-strict"]!.rules as object).length).toBe(ruleIdsFor("barriers/c", "strict").length);
  });

  it("convention and information are warnings: barrier-comment and analysis-limit warn in every preset", () => {
    for (const [name, config] of Object.entries(plugin.configs)) {
      const rules = config.rules as Record<string, string>;
      for (const id of ["barriers/barrier-comment", "barriers/analysis-limit"]) if (id in rules) expect(rules[id], `${name}: ${id}`).toBe("warn");
      for (const [id, severity] of Object.entries(rules)) if (!["barriers/barrier-comment", "barriers/analysis-limit"].includes(id)) expect(severity, `${name}: ${id}`).toBe("error");
    }
  });

  it("every rule declares the languages it runs on", () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta?.languages, name).toBeDefined();
      expect((rule.meta!.languages as string[]).length, name).toBeGreaterThan(0);
    }
  });

  it("every rule's docs.recommended says whether the default presets of its languages turn it on", () => {
    const on = (preset: string, name: string) => {
      const severity = (plugin.configs[preset]!.rules as Record<string, unknown>)[`barriers/${name}`];
      return severity !== undefined && severity !== "off" && severity !== 0;
    };
    for (const [name, rule] of Object.entries(plugin.rules)) {
      const languages = rule.meta?.languages as string[];
      const presets = [...(languages.includes("barriers/c") ? ["recommended", "qemu", "qemu2020", "linux", "c11"] : []), ...(languages.includes("js/js") ? ["js"] : [])];
      for (const preset of presets) expect(on(preset, name), `${name} in ${preset}`).toBe((rule.meta?.docs as { recommended?: boolean }).recommended);
    }
  });

  it("every option has a description, and the default options are valid options", () => {
    const ajv = new Ajv({ strict: false });
    for (const [name, rule] of Object.entries(plugin.rules)) {
      const schema = (rule.meta?.schema ?? []) as { properties?: Record<string, { description?: string }> }[];
      for (const entry of schema) {
        for (const [option, property] of Object.entries(entry.properties ?? {})) expect(property.description, `${name}: ${option}`).toBeTruthy();
      }
      const defaults = rule.meta?.defaultOptions as unknown[] | undefined;
      if (schema.length === 0) expect(defaults, name).toBeUndefined();
      else expect(ajv.validate({ type: "array", items: schema, minItems: schema.length }, defaults), `${name}: ${ajv.errorsText()}`).toBe(true);
    }
  });
});

describe("the published files", () => {
  const dist = new URL("../dist/index.js", import.meta.url);

  it("name where the project lives, under a license file that ships", () => {
    expect(packageJson.license).toBe("MIT");
    expect(readFileSync(new URL("../LICENSE", import.meta.url), "utf8")).toMatch(/^MIT License/u);
    expect(packageJson.repository.url).toMatch(/^git\+https:\/\/github\.com\//u);
    expect(packageJson.bugs.url).toMatch(/\/issues$/u);
    expect(packageJson.homepage).toMatch(/^https:\/\//u);
  });

  it("hold the C grammar as its WASM file and license only: tree-sitter-c and its install script are not installed", () => {
    expect(existsSync(dist), "run `npm run build` first").toBe(true);
    expect(packageJson.dependencies["tree-sitter-c"]).toBeUndefined();
    expect(packageJson.devDependencies["tree-sitter-c"]).toBeDefined();
    const packed = packedFiles();
    expect(packed).toContain("dist/grammar/tree-sitter-c.wasm");
    expect(packed).toContain("dist/grammar/tree-sitter-c.LICENSE");
    expect(packed).toContain("LICENSE");
  });

  it("hold no source map without the source it maps", () => {
    const packed = new Set(packedFiles());
    const maps = [...packed].filter((file) => file.endsWith(".map"));
    const orphans = maps.filter((map) => {
      const { sources = [] } = JSON.parse(readFileSync(new URL(`../${map}`, import.meta.url), "utf8")) as { sources?: string[] };
      return sources.some((source) => !packed.has(new URL(source, new URL(`../${map}`, import.meta.url)).pathname.slice(repository.length)));
    });
    expect(orphans).toEqual([]);
    const linked = [...packed].filter((file) => file.endsWith(".js") && /sourceMappingURL=/u.test(readFileSync(new URL(`../${file}`, import.meta.url), "utf8")));
    expect(linked.filter((file) => !packed.has(`${file}.map`))).toEqual([]);
  });

  it("pass publint with no errors or warnings", async () => {
    const { messages } = await publint({ pkgDir: repository, pack: "npm", level: "warning" });
    expect(messages.map((message) => `${message.type} ${message.code} ${message.path.join(".")}`)).toEqual([]);
  });
});

/** What `npm pack` would publish, from the files on disk now (the lifecycle scripts are not run). */
function packedFiles(): string[] {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repository, encoding: "utf8" });
  const [tarball] = JSON.parse(output) as { files: { path: string }[] }[];
  return tarball!.files.map((file) => file.path).sort();
}
