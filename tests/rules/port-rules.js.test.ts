import * as tsParser from "@typescript-eslint/parser";
import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";
import { JS_LANGUAGE, type BarrierRule } from "../../src/rules/kit/rule-kit.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/**
 * C rules that have nothing JS-specific, run on TypeScript ports of the C APIs (QEMU/Linux names
 * called from TS) with the rule declared for JS as well.
 */
function forJs(name: string): BarrierRule {
  const rule = plugin.rules[name]!;
  return { ...rule, meta: { ...rule.meta, languages: [...new Set([...(rule.meta?.languages as string[]), JS_LANGUAGE])] } };
}

const ruleTester = new RuleTester({
  plugins: { barriers: plugin },
  languageOptions: { parser: tsParser },
  settings: { barriers: { dialects: ["js", "qemu", "linux"], project: { enabled: false } } },
});

const port = `
declare function smp_wmb(): void;
declare function smp_rmb(): void;
declare function smp_read_barrier_depends(): void;
declare function qatomic_set(location: unknown, value: number): void;
declare function qatomic_read(location: unknown): number;
declare function qatomic_rcu_read<T>(location: T): T;
interface Item { value: number }
export class Box { ready = 0; payload = 0; head: Item | null = null; }
`;

ruleTester.run("unneeded-barrier", forJs("unneeded-barrier"), {
  valid: [{
    name: "a write barrier between the data and the flag",
    filename: "box.ts",
    code: `${port}
      export function post(box: Box, v: number) { box.payload = v; smp_wmb(); qatomic_set(box.ready, 1); }
      export function take(box: Box) { if (!qatomic_read(box.ready)) return -1; smp_rmb(); return box.payload; }`,
  }],
  invalid: [{
    name: "a doubled write barrier with nothing stored before the first",
    filename: "box.ts",
    code: `${port}
      export function post(box: Box) { smp_wmb(); smp_wmb(); qatomic_set(box.ready, 1); }`,
    errors: [{ messageId: "emptySide", line: 11 }, { messageId: "duplicateAfter", line: 11 }],
  }],
});

const rereading = `${port}
      export function first(box: Box) { const item = qatomic_rcu_read(box.head); if (item) { smp_read_barrier_depends(); return box.head!.value; } return 0; }`;

ruleTester.run("dependency-barrier", forJs("dependency-barrier"), {
  valid: [{
    name: "the dependent load goes through the pointer that was read",
    filename: "list.ts",
    code: `${port}
      export function first(box: Box) { const item = qatomic_rcu_read(box.head); if (!item) return 0; smp_read_barrier_depends(); return item.value; }`,
  }],
  invalid: [{
    name: "the load after the barrier re-reads the field instead of going through the pointer",
    filename: "list.ts",
    code: `${rereading}`,
    errors: [{
      messageId: "controlDependency",
      line: 11,
      suggestions: [{ messageId: "useRmb", output: rereading.replace("smp_read_barrier_depends();", "smp_rmb();") }],
    }],
  }],
});
