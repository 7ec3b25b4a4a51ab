import { RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import { resolveDialect } from "../../src/analysis/dialects/registry.js";
import { activeHoistPlans } from "../../src/analysis/hoisting/hoisting-plans.js";
import plugin from "../../src/index.js";
import {
  RULE_ID, applySuggestion, compileWithGcc, gccAvailable, lintWithAllRules, readCase, reportKeys, settingsFor,
  type HoistingDialect,
} from "../fixtures/c/hoisting/harness.js";
import {
  HOISTABLE_SCAN_BODY, SPLITTABLE_RESET_LOOP, hoistedScanProgram, resetProgram, scanProgram, splitResetProgram,
} from "../fixtures/c/hoisting/templates.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A suggestion the rule must offer: the input, the exact text after applying it, and the dialect preset. */
interface SuggestionCase {
  name: string;
  dialect: HoistingDialect;
  messageId: "hoistable" | "splittable";
  code: string;
  output: string;
}

/** tests/fixtures/c/hoisting/cases/<name>.c and the text its suggestion must produce, <name>.expected.c. */
const FIXTURES: readonly SuggestionCase[] = ([
  ["qemu2020-mb-read-for", "qemu2020", "hoistable"],
  ["qemu2020-mb-read-while", "qemu2020", "hoistable"],
  ["qemu2020-mb-read-nested", "qemu2020", "hoistable"],
  ["qemu2020-load-acquire-break", "qemu2020", "hoistable"],
  ["qemu2020-mb-set-for", "qemu2020", "hoistable"],
  ["qemu2020-mb-set-do", "qemu2020", "hoistable"],
  ["qemu2020-mb-set-foreach", "qemu2020", "hoistable"],
  ["qemu2020-mb-set-unbraced-if", "qemu2020", "hoistable"],
  ["qemu2020-mb-set-comments", "qemu2020", "hoistable"],
  ["qemu2020-mb-set-inline", "qemu2020", "hoistable"],
  ["qemu2020-mb-set-split", "qemu2020", "splittable"],
  ["qemu-load-acquire-for", "qemu", "hoistable"],
  ["qemu-store-release-for", "qemu", "hoistable"],
  ["qemu-set-mb-else", "qemu", "hoistable"],
  ["qemu-set-mb-split-foreach", "qemu", "splittable"],
  ["linux-load-acquire-for", "linux", "hoistable"],
  ["linux-store-release-foreach", "linux", "hoistable"],
  ["linux-store-release-split", "linux", "splittable"],
] as const).map(([name, dialect, messageId]) => ({
  name, dialect, messageId, code: readCase(`${name}.c`), output: readCase(`${name}.expected.c`),
}));

/** Loops that differ from a reported one only in what blocks the hoist. */
const BLOCKED_LOADS: readonly [string, string, string?][] = [
  ["a plain read ordered after the flag (message passing)", "if (atomic_mb_read(&a[i])) sum += data[i];"],
  ["a plain store in the body", "data[i] = atomic_mb_read(&a[i]);"],
  ["another relaxed access", "sum += atomic_mb_read(&a[i]) + atomic_read(&data[i]);"],
  ["an explicit barrier", "sum += atomic_mb_read(&a[i]); smp_rmb();"],
  ["a call", "sum += atomic_mb_read(&a[i]); process(i);"],
  ["inline assembly", "sum += atomic_mb_read(&a[i]); __asm__ volatile(\"\" ::: \"memory\");"],
  ["a return that skips the hoisted barrier", "if (atomic_mb_read(&a[i])) return i;"],
  ["a global read", "sum += atomic_mb_read(&a[i]) * scale;", "int scale;"],
  ["a global write", "sum += atomic_mb_read(&a[i]); hits++;", "int hits;"],
  ["two ordered loads per iteration", "sum += atomic_mb_read(&a[i]) + atomic_mb_read(&data[i]);"],
  ["an ordered load and an ordered store", "sum += atomic_mb_read(&a[i]); atomic_mb_set(&data[i], 0);"],
  ["a lock guard around the load", "WITH_QEMU_LOCK_GUARD(&lock) { sum += atomic_mb_read(&a[i]); }"],
  ["a write to a function-static variable", "static int seen; seen += atomic_mb_read(&a[i]);"],
];

/** The controls: reported, with the expected suggestion built from the same template. */
const REPORTED_LOADS: readonly [string, string, string?][] = [
  ["the plain hoistable loop", HOISTABLE_SCAN_BODY],
  ["a pure macro and a constant around the load", "sum += MIN(atomic_mb_read(&a[i]), LIMIT);"],
  ["a break and local bookkeeping", "if (!atomic_mb_read(&a[i])) { break; } sum++;"],
  ["a sizeof of a global", "sum += atomic_mb_read(&a[i]) + sizeof(table);", "int table[4];"],
];

const BLOCKED_STORE_LOOPS: readonly [string, string][] = [
  ["a while loop, which has no initializer to run twice", "i = 0; while (i < n) { atomic_mb_set(&f->a[i], false); atomic_mb_set(&f->b[i], false); i++; }"],
  ["a for loop without initializer", "for (; i < n; i++) { atomic_mb_set(&f->a[i], false); atomic_mb_set(&f->b[i], false); }"],
  ["two stores that may hit the same element", "for (i = 0; i < n; i++) { atomic_mb_set(&f->a[i], false); atomic_mb_set(&f->a[i + 1], false); }"],
  ["an update the initializer does not reset", "for (i = 0; i < n; i++, n--) { atomic_mb_set(&f->a[i], false); atomic_mb_set(&f->b[i], false); }"],
  ["a store argument with a side effect", "for (i = 0; i < n; ) { atomic_mb_set(&f->a[i], false); atomic_mb_set(&f->b[i++], false); }"],
  ["a third statement", "for (i = 0; i < n; i++) { atomic_mb_set(&f->a[i], false); atomic_mb_set(&f->b[i], false); n += 0; }"],
  ["two different primitives", "for (i = 0; i < n; i++) { atomic_mb_set(&f->a[i], false); atomic_store_release(&f->b[i], false); }"],
  ["a store to shared memory in the loop header", "for (i = 0; i < n; i++, f->gen = 1) atomic_mb_set(&f->b[i], false);"],
  ["an ordered load in the for initializer, which runs once", "for (i = atomic_mb_read(&n); i > 0; i--) { atomic_mb_set(&f->a[i], false); }"],
];

const crlf = (text: string) => text.replace(/\n/gu, "\r\n");

const CONTROLS: readonly SuggestionCase[] = [
  ...REPORTED_LOADS.map(([name, body, globals]): SuggestionCase => ({
    name: `control: ${name}`, dialect: "qemu2020", messageId: "hoistable",
    code: scanProgram(body, globals), output: hoistedScanProgram(body, globals),
  })),
  {
    name: "a file with CRLF line endings gets CRLF barrier lines", dialect: "qemu2020", messageId: "hoistable",
    code: crlf(scanProgram(HOISTABLE_SCAN_BODY)), output: crlf(hoistedScanProgram(HOISTABLE_SCAN_BODY)),
  },
  {
    name: "control: the splittable two-store loop", dialect: "qemu2020", messageId: "splittable",
    code: resetProgram(SPLITTABLE_RESET_LOOP), output: splitResetProgram(),
  },
];

const SUGGESTIONS: readonly SuggestionCase[] = [...FIXTURES, ...CONTROLS];
const qemu2020 = settingsFor("qemu2020");

new RuleTester({ plugins: { barriers: plugin }, language: "barriers/c", settings: qemu2020 }).run(
  "hoistable-barrier-in-loop",
  plugin.rules["hoistable-barrier-in-loop"]!,
  {
    valid: [
      ...BLOCKED_LOADS.map(([name, body, globals]) => ({ name: `blocked by ${name}`, filename: "case.c", code: scanProgram(body, globals) })),
      ...BLOCKED_STORE_LOOPS.map(([name, loop]) => ({ name: `blocked by ${name}`, filename: "case.c", code: resetProgram(loop) })),
      { name: "an ordered load outside any loop", filename: "case.c", code: "int f(int *a) { return atomic_mb_read(&a[0]); }" },
      { name: "an ordered store in do { } while (0), which runs once", filename: "case.c", code: "void f(int *a) { do { atomic_mb_set(&a[0], 1); } while (0); }" },
      {
        name: "a store to the list's link field in a foreach that would be split",
        filename: "case.c",
        code: "void f(struct L *l) { struct W *w; QLIST_FOREACH(w, &l->head, node) { atomic_mb_set(&w->node.next, 0); atomic_mb_set(&w->flag, 1); } }",
      },
      {
        name: "an RCU list walk",
        filename: "case.c",
        code: "void f(struct L *l) { struct W *w; QLIST_FOREACH_RCU(w, &l->head, node) { atomic_mb_set(&w->flag, 1); } }",
      },
      {
        name: "a goto out of the loop",
        filename: "case.c",
        code: "int f(int *a, int n) { int i; for (i = 0; i < n; i++) { if (atomic_mb_read(&a[i])) goto found; } return -1;\nfound:\n    return i; }",
      },
      { name: "qemu2020 names under the qemu preset", filename: "case.c", code: scanProgram(HOISTABLE_SCAN_BODY), settings: settingsFor("qemu") },
      {
        name: "Linux smp_store_mb(), which has no plan",
        filename: "case.c",
        code: "void f(int *a, int n) { int i; for (i = 0; i < n; i++) smp_store_mb(a[i], 0); }",
        settings: settingsFor("linux"),
      },
      {
        name: "a dialect whose table gives smp_mb_acquire another meaning",
        filename: "case.c",
        code: scanProgram(HOISTABLE_SCAN_BODY),
        settings: { barriers: { ...qemu2020.barriers, primitives: { smp_mb_acquire: { kind: "fence", fence: "rmb" } } } },
      },
      ...SUGGESTIONS.map((suggestion) => ({
        name: `the suggested text for ${suggestion.name}`, filename: "case.c", code: suggestion.output, settings: settingsFor(suggestion.dialect),
      })),
    ],
    invalid: SUGGESTIONS.map((suggestion) => ({
      name: suggestion.name,
      filename: "case.c",
      code: suggestion.code,
      settings: settingsFor(suggestion.dialect),
      errors: [{
        messageId: suggestion.messageId,
        suggestions: [{ messageId: suggestion.messageId === "splittable" ? "split" : "hoist", output: suggestion.output }],
      }],
    })),
  },
);

describe.each(SUGGESTIONS)("suggestion for $name", (suggestion) => {
  it.skipIf(!gccAvailable())("compiles, as does its input, against the dialect's header", () => {
    const before = compileWithGcc(suggestion.code, suggestion.dialect);
    expect(before.diagnostics).toBe("");
    expect(before.ok).toBe(true);
    const after = compileWithGcc(suggestion.output, suggestion.dialect);
    expect(after.diagnostics).toBe("");
    expect(after.ok).toBe(true);
  });

  it("is what the rule suggests when every C rule of the plugin runs, and adds no report of any rule", () => {
    const inputReports = lintWithAllRules(suggestion.code, suggestion.dialect);
    const ours = inputReports.filter((message) => message.ruleId === RULE_ID);
    expect(ours).toHaveLength(1);
    const output = applySuggestion(suggestion.code, ours[0]!);
    expect(output).toBe(suggestion.output);
    const outputReports = lintWithAllRules(output, suggestion.dialect);
    expect(outputReports.filter((message) => message.ruleId === RULE_ID)).toEqual([]);
    const before = new Set(reportKeys(inputReports));
    expect(reportKeys(outputReports).filter((key) => !before.has(key))).toEqual([]);
  });

  it("leaves nothing to apply a second time", () => {
    const again = lintWithAllRules(suggestion.output, suggestion.dialect).filter((message) => message.ruleId === RULE_ID);
    expect(again.flatMap((message) => message.suggestions ?? [])).toEqual([]);
  });
});

describe("the split of the reference's third example", () => {
  const { output } = FIXTURES.find((candidate) => candidate.name === "qemu2020-mb-set-split")!;

  it("spells the store barrier right and stores each array in its own loop, once", () => {
    expect(output).not.toMatch(/smb_/u);
    const writer = output.slice(output.indexOf("int reset_vcpu_flags"));
    const loops = writer.split("smp_wmb();");
    expect(loops).toHaveLength(2);
    expect(loops[0]).toContain("atomic_set(&vm->kicked[i], false)");
    expect(loops[0]).not.toContain("halted[");
    expect(loops[1]).toContain("atomic_set(&vm->halted[i], false)");
    expect(loops[1]).not.toContain("kicked[");
  });

  it.skipIf(!gccAvailable())("the reference's own version would not compile: the header catches a misspelt barrier", () => {
    const misspelt = output.replace("smp_wmb();", "smb_wmb();");
    const result = compileWithGcc(misspelt, "qemu2020");
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatch(/implicit declaration of function .smb_wmb/u);
  });
});

describe("hoisting plans come from the dialect tables", () => {
  it("maps each dialect's ordered forms to its relaxed form and barriers", () => {
    const summary = (ids: string[]) => [...activeHoistPlans(resolveDialect(ids)).values()]
      .map((plan) => `${plan.primitive} -> ${plan.before?.name ?? "-"} ${plan.relaxed} ${plan.after?.name ?? "-"}`);
    expect(summary(["qemu2020", "gcc"])).toEqual([
      "atomic_mb_read -> - atomic_read smp_mb_acquire",
      "atomic_load_acquire -> - atomic_read smp_mb_acquire",
      "atomic_mb_set -> smp_mb_release atomic_set smp_mb",
      "atomic_store_release -> smp_mb_release atomic_set -",
    ]);
    expect(summary(["qemu"])).toContain("qatomic_set_mb -> smp_mb_release qatomic_set smp_mb");
    expect(summary(["qemu"])).toContain("qatomic_store_release -> smp_mb_release qatomic_set -");
    expect(summary(["linux", "gcc"])).toEqual([
      "smp_load_acquire -> - READ_ONCE smp_mb",
      "smp_store_release -> smp_mb WRITE_ONCE -",
    ]);
    expect(summary(["c11", "gcc"])).toEqual([]);
  });

  it("drops a plan when a later table redefines one of its names", () => {
    const names = (primitives = {}) => [...activeHoistPlans(resolveDialect(["qemu"], primitives)).keys()];
    expect(names()).toContain("qatomic_load_acquire");
    expect(names({ qatomic_read: { kind: "fence", fence: "mb" } })).not.toContain("qatomic_load_acquire");
    expect(names({ smp_mb_release: { kind: "fence", fence: "wmb" } })).not.toContain("qatomic_store_release");
  });
});
