import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Linter, type ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { PRESET_DIALECTS } from "../../src/analysis/dialects/registry.js";
import { cRuleNames, gccAvailable } from "../fixtures/c/hoisting/harness.js";

type Preset = "qemu" | "qemu2020" | "linux" | "c11" | "liburcu";

/** The dialects each case is linted with: a preset's, or liburcu's, which has no preset of its own. */
const DIALECTS: Readonly<Record<Preset, readonly string[]>> = {
  qemu: PRESET_DIALECTS.qemu!, qemu2020: PRESET_DIALECTS.qemu2020!, linux: PRESET_DIALECTS.linux!, c11: PRESET_DIALECTS.c11!,
  liburcu: ["liburcu", "gcc"],
};

/** The fixtures' headers declare each dialect's accessors over GCC builtins; C11 has its own header. */
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/c");
const INCLUDE = [path.join(FIXTURES, "hoisting/include"), path.join(FIXTURES, "mixed-suggestions")];
const HEADER: Readonly<Record<Preset, string>> = { qemu: "qemu.h", qemu2020: "qemu2020.h", linux: "linux.h", c11: "stdatomic.h", liburcu: "liburcu.h" };

function compile(code: string, preset: Preset): { ok: boolean; diagnostics: string } {
  const directory = mkdtempSync(path.join(tmpdir(), "mixed-suggestions-"));
  try {
    const file = path.join(directory, "case.c");
    writeFileSync(file, code);
    const result = spawnSync("gcc", [
      "-std=gnu11", "-fsyntax-only", "-Wall", "-Wno-unused-variable", "-Werror=implicit-function-declaration", "-Werror=int-conversion",
      ...INCLUDE.flatMap((directory) => ["-I", directory]), "-include", HEADER[preset], "-include", "stdbool.h", file,
    ], { encoding: "utf8" });
    return { ok: result.status === 0, diagnostics: result.stderr };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Every C rule, as a user who turns all of them on (the strict preset) would lint the file. */
function lint(code: string, preset: Preset, rules: readonly string[] = cRuleNames()): Linter.LintMessage[] {
  return new Linter({ configType: "flat" }).verify(code, [{
    files: ["**/*.c"],
    plugins: { barriers: plugin as ESLint.Plugin },
    language: "barriers/c",
    settings: { barriers: { dialects: [...DIALECTS[preset]], project: { enabled: false } } },
    rules: Object.fromEntries(rules.map((name) => [`barriers/${name}`, "error" as const])),
  }], "case.c");
}

const PORT = "typedef struct Port { bool running; unsigned pending; int regs[4]; int *cursor; } Port;\n";

/** One plain access each, reported by mixed-atomic-access, and the one accessor call it becomes. */
const FIXABLE: readonly [string, Preset, string, string][] = [
  ["a spin on a flag (qemu)", "qemu", `${PORT}void port_stop(Port *p) { qatomic_set(&p->running, false); }
void port_wait(Port *p) { while (!p->running) { } }`, "qatomic_read(&p->running)"],
  ["a store whose value is unused (qemu)", "qemu", `${PORT}unsigned port_pending(Port *p) { return qatomic_read(&p->pending); }
void port_clear(Port *p) { p->pending = 0; }`, "qatomic_set(&p->pending, 0)"],
  ["an array element (qemu)", "qemu", `${PORT}void port_poke(Port *p, int i) { qatomic_set(&p->regs[i], 1); }
int port_peek(Port *p, int i) { return p->regs[i] + 1; }`, "qatomic_read(&p->regs[i])"],
  ["a pointer field (qemu)", "qemu", `${PORT}void port_seek(Port *p, int *c) { qatomic_set(&p->cursor, c); }
int *port_cursor(Port *p) { int *c = p->cursor; return c; }`, "qatomic_read(&p->cursor)"],
  ["a global through a pointer (qemu2020)", "qemu2020", `int ticks;
void tick(void) { atomic_set(&ticks, 1); }
int ticks_now(void) { return ticks; }`, "atomic_read(&ticks)"],
  ["READ_ONCE takes the lvalue (linux)", "linux", `struct nic { unsigned int pending; };
void nic_irq(struct nic *n) { WRITE_ONCE(n->pending, 1); }
unsigned int nic_poll(struct nic *n) { return n->pending; }`, "READ_ONCE(n->pending)"],
  ["WRITE_ONCE (linux)", "linux", `struct nic { unsigned int pending; };
unsigned int nic_poll(struct nic *n) { return READ_ONCE(n->pending); }
void nic_reset(struct nic *n) { n->pending = 0; }`, "WRITE_ONCE(n->pending, 0)"],
  ["a dereferenced pointer parameter (c11)", "c11", `struct q { unsigned int head; };
void q_push(struct q *q) { atomic_store_explicit(&q->head, 1, memory_order_release); }
unsigned int q_head(struct q *q) { return q->head; }`, "atomic_load_explicit(&q->head, memory_order_relaxed)"],
  ["a relaxed C11 store (c11)", "c11", `struct q { unsigned int head; };
unsigned int q_head(struct q *q) { return atomic_load_explicit(&q->head, memory_order_acquire); }
void q_reset(struct q *q) { q->head = 0; }`, "atomic_store_explicit(&q->head, 0, memory_order_relaxed)"],
  ["CMM_LOAD_SHARED takes the lvalue (liburcu)", "liburcu", `struct q { unsigned int head; };
void q_push(struct q *q) { uatomic_store(&q->head, 1, CMM_RELAXED); }
unsigned int q_head(struct q *q) { return q->head; }`, "CMM_LOAD_SHARED(q->head)"],
  ["CMM_STORE_SHARED (liburcu)", "liburcu", `struct q { unsigned int head; };
unsigned int q_head(struct q *q) { return uatomic_load(&q->head, CMM_RELAXED); }
void q_reset(struct q *q) { q->head = 0; }`, "CMM_STORE_SHARED(q->head, 0)"],
];

/** Reported, and no suggestion: the accessor would not compile there, or would change what the code does. */
const NOT_FIXABLE: readonly [string, Preset, string][] = [
  ["++", "qemu", `${PORT}unsigned port_pending(Port *p) { return qatomic_read(&p->pending); }
void port_raise(Port *p) { p->pending++; }`],
  ["a compound assignment", "qemu", `${PORT}unsigned port_pending(Port *p) { return qatomic_read(&p->pending); }
void port_raise(Port *p) { p->pending += 2; }`],
  ["a store whose value is used", "qemu", `${PORT}unsigned port_pending(Port *p) { return qatomic_read(&p->pending); }
unsigned port_clear(Port *p) { return (p->pending = 0); }`],
  ["a bit-field", "qemu", `typedef struct Flags { unsigned ready : 1; unsigned busy : 1; } Flags;
void flags_set(Flags *f) { qatomic_set(&f->ready, 1); }
void flags_clear(Flags *f) { f->ready = 0; }`],
  ["a float", "qemu", `typedef struct Gauge { double level; } Gauge;
void gauge_set(Gauge *g) { qatomic_set(&g->level, 1.0); }
double gauge_read(Gauge *g) { return g->level; }`],
  ["a struct value", "qemu", `typedef struct Pair { int a; int b; } Pair;
typedef struct Box { Pair pair; } Box;
void box_set(Box *b, Pair *v) { qatomic_set(&b->pair, *v); }
void box_copy(Box *b, Pair *out) { *out = b->pair; }`],
];

function applied(code: string, fix: { range: [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

describe("mixed-atomic-access suggestions (C)", () => {
  it.each(FIXABLE)("%s: the dialect's relaxed accessor, which compiles and re-lints clean with every rule on", (_name, preset, code, replacement) => {
    const reports = lint(code, preset);
    expect(reports.map((report) => report.ruleId)).toEqual(["barriers/mixed-atomic-access"]);
    const suggestions = reports[0]!.suggestions ?? [];
    expect(suggestions.map((suggestion) => suggestion.desc)).toEqual([`Use ${replacement}.`]);
    const output = applied(code, suggestions[0]!.fix);
    expect(output).toContain(replacement);
    expect(lint(output, preset).map((message) => `${message.ruleId}: ${message.message}`)).toEqual([]);
    if (gccAvailable()) {
      expect(compile(code, preset).ok, "the case itself compiles").toBe(true);
      const compiled = compile(output, preset);
      expect(compiled.ok, compiled.diagnostics).toBe(true);
    }
  });

  it.each(NOT_FIXABLE)("%s: reported, with no suggestion", (_name, preset, code) => {
    const reports = lint(code, preset, ["mixed-atomic-access"]);
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) expect(report.suggestions ?? []).toEqual([]);
  });

  it("a bit-field's accessor would not compile, which is why none is offered", () => {
    if (!gccAvailable()) return;
    const code = "typedef struct Flags { unsigned ready : 1; } Flags;\nunsigned f(Flags *f) { return qatomic_read(&f->ready); }\n";
    expect(compile(code, "qemu").ok).toBe(false);
  });
});
