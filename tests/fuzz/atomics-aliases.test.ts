import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { allAccessLines, lowerTs } from "../frontends/estree/lower-helpers.js";
import { checkProperty, FuzzTally } from "./fuzz-run.js";

/** What a generated binding starts as, or is later assigned. */
const VALUE_FORMS = ["Atomics", "\"store\"", "\"load\"", "other", "ref", "ref.store", "ref[key]", "c ? ref : Atomics", "new Proxy(ref, {})", "{ ...ref }"] as const;

interface Binding {
  keyword: "const" | "let" | "var";
  value: number;
  ref: number;
  key: number;
}

interface AliasProgram {
  bindings: Binding[];
  assignments: [number, number, number][];
  calls: [number, number][];
}

const NAMES = ["a0", "a1", "a2", "a3", "a4"];

const aliasProgram: fc.Arbitrary<AliasProgram> = fc.record({
  bindings: fc.array(fc.record({
    keyword: fc.constantFrom("const" as const, "let" as const, "var" as const),
    value: fc.nat({ max: VALUE_FORMS.length - 1 }),
    ref: fc.nat({ max: NAMES.length - 1 }),
    key: fc.nat({ max: NAMES.length - 1 }),
  }), { minLength: NAMES.length, maxLength: NAMES.length }),
  assignments: fc.array(fc.tuple(fc.nat({ max: NAMES.length - 1 }), fc.nat({ max: VALUE_FORMS.length - 1 }), fc.nat({ max: NAMES.length - 1 })), { maxLength: 4 }),
  calls: fc.array(fc.tuple(fc.nat({ max: NAMES.length - 1 }), fc.nat({ max: 2 })), { minLength: 1, maxLength: 4 }),
});

function valueText(form: number, ref: number, key: number): string {
  return VALUE_FORMS[form]!.replaceAll("ref", NAMES[ref]!).replaceAll("key", NAMES[key]!);
}

/** Bindings that refer to each other in any order (cycles included), reassigned, then called three ways. */
function source(program: AliasProgram): string {
  const lines = ["const flags = new Int32Array(new SharedArrayBuffer(8));", "declare const other: any; declare const c: boolean;"];
  program.bindings.forEach((binding, index) => lines.push(`${binding.keyword} ${NAMES[index]}: any = ${valueText(binding.value, binding.ref, binding.key)};`));
  for (const [target, form, ref] of program.assignments) {
    if (program.bindings[target]!.keyword !== "const") lines.push(`${NAMES[target]} = ${valueText(form, ref, (ref + 1) % NAMES.length)};`);
  }
  lines.push("export function run() {");
  for (const [name, shape] of program.calls) {
    const callee = NAMES[name]!;
    lines.push(shape === 0 ? `  ${callee}.store(flags, 0, 1);` : shape === 1 ? `  Atomics[${callee}](flags, 0, 1);` : `  ${callee}(flags, 0);`);
  }
  lines.push("}");
  return lines.join("\n");
}

const tally = new FuzzTally();
afterAll(() => {
  console.info(`fuzz, Atomics through aliases: ${tally.summary()}`);
});

describe("generated chains of aliases of Atomics, keys and methods", () => {
  it("lower without an exception, whatever order the calls come in, each call an access, a limit or an ordinary call", async () => {
    await checkProperty(aliasProgram, (program) => {
      tally.count("alias chains");
      const code = source(program);
      const first = lowerTs(code);
      // The resolver remembers what it worked out: asking in another order must not change an answer.
      const reversed = lowerTs(source({ ...program, calls: [...program.calls].reverse() }));
      const run = first.functions.find((fn) => fn.name === "run")!;
      const reversedRun = reversed.functions.find((fn) => fn.name === "run")!;
      expect(allAccessLines(reversed).sort()).toEqual(allAccessLines(first).sort());
      expect((reversedRun.limits ?? []).map((limit) => limit.detail).sort()).toEqual((run.limits ?? []).map((limit) => limit.detail).sort());
      expect((run.limits ?? []).every((limit) => limit.kind === "unresolved-call" && limit.detail.endsWith("so this Atomics call was not analysed"))).toBe(true);
      expect(allAccessLines(first).length + (run.limits?.length ?? 0)).toBeLessThanOrEqual(program.calls.length);
    }, 150, 2_500);
    expect(tally.tried("alias chains")).toBeGreaterThan(0);
  });
});
