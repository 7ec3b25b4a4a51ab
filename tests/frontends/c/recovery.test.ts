import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lowerCFile, lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { resolveCLanguageOptions } from "../../../src/languages/c/language-options.js";
import { parseC } from "../../../src/languages/c/parse-c.js";
import { DIALECTS, accessesOf, flatten, functionNamed, lower } from "./lower-helpers.js";

const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/c");

describe("recovery from parse errors", () => {
  const splitBraces = [
    "void h(State *s)",
    "{",
    "#ifdef CONFIG_Y",
    "    if (s->a) {",
    "#else",
    "    if (s->b) {",
    "#endif",
    "        smp_wmb();",
    "        qatomic_set(&s->flag, 1);",
    "    }",
    "}",
    "static int after(State *s) { return qatomic_read(&s->flag); }",
  ].join("\n");

  it("still lowers a function whose braces an #ifdef splits, and counts it", () => {
    const fileIR = lower(splitBraces);
    const h = functionNamed(fileIR, "h");
    expect(h.hasParseErrors).toBe(true);
    expect(flatten(h.body).filter((event) => event.kind === "fence").map((event) => (event as { api: string }).api)).toEqual(["smp_wmb"]);
    expect(accessesOf(h).map((access) => `${access.key.id} ${access.order}`)).toContain("State.flag once");
    expect(fileIR.diagnostics.functionsWithErrors).toBeGreaterThanOrEqual(1);
    expect(fileIR.diagnostics.errorNodes).toBeGreaterThanOrEqual(1);
  });

  it("still finds the functions after the broken one", () => {
    const after = functionNamed(lower(splitBraces), "after");
    expect(accessesOf(after).map((access) => access.key.id)).toEqual(["State.flag"]);
  });

  it("recovers the events around an ERROR inside a body", () => {
    const code = "void f(struct S *s) {\n  smp_wmb();\n  int x = = 3 @@ ;\n  qatomic_set(&s->x, 1);\n}";
    const fn = functionNamed(lower(code), "f");
    expect(fn.hasParseErrors).toBe(true);
    expect(flatten(fn.body).map((event) => event.kind === "access" ? event.key.id : event.kind)).toEqual(["fence", "S.x"]);
  });

  it("does not count the type argument of container_of as a parse error", () => {
    const fileIR = lower("void f(struct list_head *l) { struct Work *w = container_of(l, struct Work, link); w->done = 1; }");
    expect(functionNamed(fileIR, "f").hasParseErrors).toBe(false);
    expect(fileIR.diagnostics.functionsWithErrors).toBe(0);
  });
});

describe("files that are not parsed", () => {
  it("gives an empty FileIR saying why for a binary file", () => {
    const fileIR = lower("int x;\0\x01\x02");
    expect(fileIR.functions).toEqual([]);
    expect(fileIR.diagnostics.rejected).toMatch(/binary/u);
  });

  it("gives an empty FileIR saying why for a file over the size limit", () => {
    const fileIR = lowerCSource("/big.c", "int x;\n".repeat(100), { dialect: DIALECTS.qemu, hostPointerSize: 8 }, { maxFileSize: 64 });
    expect(fileIR.functions).toEqual([]);
    expect(fileIR.diagnostics.rejected).toMatch(/too large/u);
  });
});

/** A small deterministic generator, so that a failure can be replayed. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const C_TOKENS = [
  "void", "int", "struct", "S", "*", "s", "p", "->", ".", "x", "(", ")", "{", "}", "[", "]", ";", ",", "=", "+=", "++",
  "&", "if", "else", "while", "for", "do", "switch", "case", "default", ":", "return", "break", "goto", "#ifdef X\n",
  "#endif\n", "#else\n", "qatomic_read", "qatomic_set", "smp_wmb", "smp_mb", "atomic_thread_fence", "memory_order_acq_rel",
  "container_of", "QLIST_FOREACH", "static", "typedef", "?", "0", "1", "\"str\"", "'c'", "/* c */", "\n", "sizeof",
  "rcu_dereference", "READ_ONCE", "union", "enum", "...", "__attribute__((unused))", "({", "})",
];

function lowerDirectly(text: string): void {
  const parsed = parseC(text, resolveCLanguageOptions(), false);
  if (!parsed.ok) return;
  for (const dialect of [DIALECTS.qemu, DIALECTS.linux]) {
    const fileIR = lowerCFile("/fuzz.c", text, parsed.ast, { dialect, hostPointerSize: 8 });
    for (const fn of fileIR.functions) {
      for (const event of flatten(fn.body)) expect(event.id.startsWith(`${fn.qualifiedName}#`)).toBe(true);
    }
  }
}

describe("garbage input never throws", () => {
  it("random byte strings", () => {
    const random = randomGenerator(1234);
    for (let round = 0; round < 150; round++) {
      const length = Math.floor(random() * 400);
      const text = Array.from({ length }, () => String.fromCharCode(1 + Math.floor(random() * 126))).join("");
      expect(() => lowerDirectly(text)).not.toThrow();
    }
  });

  it("random sequences of C tokens", () => {
    const random = randomGenerator(99);
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(random() * 80);
      const text = Array.from({ length }, () => C_TOKENS[Math.floor(random() * C_TOKENS.length)]).join(" ");
      expect(() => lowerDirectly(text), text).not.toThrow();
    }
  });

  it("every fixture truncated at many points", () => {
    const files = fs.readdirSync(fixturesRoot, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".c") && !name.startsWith("hoisting"))
      .map((name) => fs.readFileSync(path.join(fixturesRoot, name), "utf8"));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const text of files) {
      for (let cut = 0; cut < text.length; cut += 17) expect(() => lowerDirectly(text.slice(0, cut))).not.toThrow();
    }
  });

  it("deeply nested expressions and statements", () => {
    const deepExpression = `int f(struct S *s) { return ${"(".repeat(3000)}s->x${")".repeat(3000)}; }`;
    const longChain = `int f(struct S *s) { return ${Array.from({ length: 5000 }, (_, index) => `s->f${index}`).join(" + ")}; }`;
    const deepLvalue = `void f(struct S *s) { ${"(".repeat(3000)}s->x${")".repeat(3000)} = 1; }`;
    const deepIf = `void f(struct S *s) { ${"if (s->a) { ".repeat(600)}smp_mb();${" }".repeat(600)} }`;
    for (const text of [deepExpression, deepLvalue, longChain, deepIf]) expect(() => lowerDirectly(text)).not.toThrow();
    expect(accessesOf(functionNamed(lower(longChain), "f"))).toHaveLength(5000);
  });
});
