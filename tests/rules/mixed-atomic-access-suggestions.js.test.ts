import * as tsParser from "@typescript-eslint/parser";
import { Linter, RuleTester, type ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({
  plugins: { barriers: plugin },
  languageOptions: { parser: tsParser },
  settings: { barriers: { dialects: ["js"], project: { enabled: false } } },
});

const layout = `const READY = 0;
const COUNT = 1;
const IDLE = 0;
const state = new Int32Array(new SharedArrayBuffer(8));
const wide = new BigInt64Array(new SharedArrayBuffer(16));
const unsigned = new Uint32Array(new SharedArrayBuffer(8));
export function publish() {
  Atomics.store(state, READY, 1); Atomics.notify(state, READY);
  Atomics.add(state, COUNT, 1);
  Atomics.store(wide, 0, 1n); Atomics.notify(wide, 0);
  Atomics.store(unsigned, 0, 1); Atomics.notify(unsigned, 0);
}
`;

/** The layout followed by `body`, and the same with `from` replaced by `to`. */
function edited(body: string, from: string, to: string): string {
  return `${layout}${body.replace(from, to)}`;
}

const load = "Atomics.load(state, READY)";

ruleTester.run("mixed-atomic-access suggestions", plugin.rules["mixed-atomic-access"]!, {
  valid: [],
  invalid: [
    {
      name: "a spin on an Int32Array element that is notified: Atomics.load(), or Atomics.wait() in the body",
      code: `${layout}export function spin() { while (state[READY] === IDLE) {} }`,
      errors: [{
        messageId: "mixed",
        suggestions: [
          { messageId: "useAtomics", data: { replacement: load }, output: edited("export function spin() { while (state[READY] === IDLE) {} }", "state[READY]", load) },
          {
            messageId: "waitInsteadOfSpinning",
            data: { replacement: "Atomics.wait(state, READY, IDLE)" },
            output: `${layout}export function spin() { while (${load} === IDLE) Atomics.wait(state, READY, IDLE); }`,
          },
        ],
      }],
    },
    {
      name: "the BigInt64Array spin waits on a bigint; `!x` waits while it is zero; do-while and for loops too",
      code: `${layout}export function spin() { while (0n == wide[0]); do {} while (!state[READY]); for (; wide[0] === 0n;) {} }`,
      errors: [
        {
          messageId: "mixed",
          suggestions: [
            { messageId: "useAtomics", output: `${layout}export function spin() { while (0n == Atomics.load(wide, 0)); do {} while (!state[READY]); for (; wide[0] === 0n;) {} }` },
            { messageId: "waitInsteadOfSpinning", output: `${layout}export function spin() { while (0n == Atomics.load(wide, 0)) Atomics.wait(wide, 0, 0n); do {} while (!state[READY]); for (; wide[0] === 0n;) {} }` },
          ],
        },
        {
          messageId: "mixed",
          suggestions: [
            { messageId: "useAtomics", output: `${layout}export function spin() { while (0n == wide[0]); do {} while (!${load}); for (; wide[0] === 0n;) {} }` },
            { messageId: "waitInsteadOfSpinning", output: `${layout}export function spin() { while (0n == wide[0]); do Atomics.wait(state, READY, 0); while (!${load}); for (; wide[0] === 0n;) {} }` },
          ],
        },
        {
          messageId: "mixed",
          suggestions: [
            { messageId: "useAtomics", output: `${layout}export function spin() { while (0n == wide[0]); do {} while (!state[READY]); for (; Atomics.load(wide, 0) === 0n;) {} }` },
            { messageId: "waitInsteadOfSpinning", output: `${layout}export function spin() { while (0n == wide[0]); do {} while (!state[READY]); for (; Atomics.load(wide, 0) === 0n;) Atomics.wait(wide, 0, 0n); }` },
          ],
        },
      ],
    },
    {
      name: "no Atomics.wait() for a loop that does work, waits for a value, compares a number with a bigint or reads a Uint32Array",
      code: `${layout}export function f(tick: () => void) {
  while (state[READY] === 0) { tick(); }
  while (state[READY] !== 1) {}
  while (wide[0] == 0) {}
  while (unsigned[0] === 0) {}
}`,
      errors: [
        { messageId: "mixed", line: 14, suggestions: [{ messageId: "useAtomics", output: `${layout}export function f(tick: () => void) {
  while (${load} === 0) { tick(); }
  while (state[READY] !== 1) {}
  while (wide[0] == 0) {}
  while (unsigned[0] === 0) {}
}` }] },
        { messageId: "mixed", line: 15, suggestions: [{ messageId: "useAtomics", output: `${layout}export function f(tick: () => void) {
  while (state[READY] === 0) { tick(); }
  while (${load} !== 1) {}
  while (wide[0] == 0) {}
  while (unsigned[0] === 0) {}
}` }] },
        { messageId: "mixed", line: 16, suggestions: [{ messageId: "useAtomics", output: `${layout}export function f(tick: () => void) {
  while (state[READY] === 0) { tick(); }
  while (state[READY] !== 1) {}
  while (Atomics.load(wide, 0) == 0) {}
  while (unsigned[0] === 0) {}
}` }] },
        { messageId: "mixed", line: 17, suggestions: [{ messageId: "useAtomics", output: `${layout}export function f(tick: () => void) {
  while (state[READY] === 0) { tick(); }
  while (state[READY] !== 1) {}
  while (wide[0] == 0) {}
  while (Atomics.load(unsigned, 0) === 0) {}
}` }] },
      ],
    },
    {
      name: "stores and updates whose value is unused become Atomics.store() and read-modify-writes; a used one gets nothing",
      code: `${layout}export function g(v: number) {
  state[READY] = v;
  state[COUNT] += 2;
  wide[0]++;
  return (state[READY] = 3);
}`,
      errors: [
        { messageId: "mixed", line: 14, suggestions: [{ messageId: "useAtomics", data: { replacement: "Atomics.store(state, READY, v)" }, output: edited(`export function g(v: number) {
  state[READY] = v;
  state[COUNT] += 2;
  wide[0]++;
  return (state[READY] = 3);
}`, "state[READY] = v", "Atomics.store(state, READY, v)") }] },
        ...["read", "write"].map(() => ({ messageId: "mixed", line: 15, suggestions: [{ messageId: "useAtomics", data: { replacement: "Atomics.add(state, COUNT, 2)" }, output: edited(`export function g(v: number) {
  state[READY] = v;
  state[COUNT] += 2;
  wide[0]++;
  return (state[READY] = 3);
}`, "state[COUNT] += 2", "Atomics.add(state, COUNT, 2)") }] })),
        // The read of `wide[0]++` is the writer's own (no atomic read-modify-write of wide[0]): the write is reported.
        ...["write"].map(() => ({ messageId: "mixed", line: 16, suggestions: [{ messageId: "useAtomics", data: { replacement: "Atomics.add(wide, 0, 1n)" }, output: edited(`export function g(v: number) {
  state[READY] = v;
  state[COUNT] += 2;
  wide[0]++;
  return (state[READY] = 3);
}`, "wide[0]++", "Atomics.add(wide, 0, 1n)") }] })),
        { messageId: "mixed", line: 17, suggestions: [] },
      ],
    },
  ],
});

describe("the spin loop's suggestions", () => {
  const rules = Object.fromEntries(Object.entries(plugin.rules)
    .filter(([, rule]) => (rule.meta as { languages?: string[] }).languages?.includes("js/js"))
    .map(([name]) => [`barriers/${name}`, "error" as const]));
  const lint = (code: string) => new Linter({ configType: "flat" }).verify(code, [{
    files: ["**/*.ts"], plugins: { barriers: plugin as ESLint.Plugin }, languageOptions: { parser: tsParser },
    settings: { barriers: { dialects: ["js"], project: { enabled: false } } }, rules,
  }], "spin.ts");

  it("re-lint clean with every TS/JS rule on", () => {
    const code = `${layout}export function spin() { while (state[READY] === IDLE) {} }`;
    const [report, ...others] = lint(code);
    expect([report?.ruleId, others]).toEqual(["barriers/mixed-atomic-access", []]);
    const outputs = report!.suggestions!.map(({ fix }) => code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]));
    expect(outputs).toHaveLength(2);
    for (const output of outputs) expect(lint(output).map((message) => `${message.ruleId}: ${message.message}`)).toEqual([]);
  });
});
