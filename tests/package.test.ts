import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

describe("the package", () => {
  it("exports the built plugin and its types", () => {
    expect(packageJson.type).toBe("module");
    expect(packageJson.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(packageJson.scripts.prepare).toBe("npm run build");
    expect(packageJson.peerDependencies.eslint).toMatch(/\^9.*\^10/u);
  });

  it("names itself in meta", () => {
    expect(plugin.meta).toEqual({ name: "eslint-plugin-barriers", version: packageJson.version, namespace: "barriers" });
  });

  it.each(["recommended", "qemu", "qemu2020", "linux", "c11"])("the %s preset is a complete C flat config", (preset) => {
    const config = plugin.configs[preset]!;
    expect(config.files).toEqual(["**/*.c", "**/*.h"]);
    expect(config.language).toBe("barriers/c");
    expect((config.plugins as Record<string, unknown>).barriers).toBe(plugin);
    const rules = Object.keys(config.rules as object);
    const cRules = Object.entries(plugin.rules)
      .filter(([, rule]) => (rule.meta?.languages as string[]).includes("barriers/c"))
      .map(([name]) => `barriers/${name}`);
    expect(rules.sort()).toEqual(cRules.sort());
    expect((config.settings as { barriers: { dialects: string[] } }).barriers.dialects.length).toBeGreaterThan(0);
  });

  it("the js preset sets a parser and enables exactly the rules that claim JS", () => {
    const config = plugin.configs.js!;
    expect((config.languageOptions as { parser: unknown }).parser).toBeDefined();
    const jsRules = Object.entries(plugin.rules)
      .filter(([, rule]) => (rule.meta?.languages as string[]).includes("js/js"))
      .map(([name]) => `barriers/${name}`);
    expect(Object.keys(config.rules as object).sort()).toEqual(jsRules.sort());
  });

  it("every rule declares the languages it runs on", () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta?.languages, name).toBeDefined();
      expect((rule.meta!.languages as string[]).length, name).toBeGreaterThan(0);
    }
  });
});
