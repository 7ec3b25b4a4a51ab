import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { checkProperty, FUZZ_DIALECTS, FuzzTally } from "./fuzz-run.js";
import { lintAlone, verdictLines, type Verdict } from "./lint-programs.js";
import { addNoise, moveVerdict, noiseArbitrary } from "./noise.js";
import { programArbitrary } from "./program-model.js";
import { render, textOf } from "./render.js";

/**
 * Programs per dialect and property (a C program lints in about 15 ms, a TS one in about 40 ms), and a
 * time limit per property: the nine properties here and the eight of the project file stay under 60 s
 * together on a slow, shared machine.
 */
const RUNS = 30;
const TIME_LIMIT_MS = 2_500;
const tally = new FuzzTally();

afterAll(() => {
  console.info(`fuzz, one file at a time: ${tally.summary()}`);
});

/** A message the plugin emits when the analysis itself failed, or ESLint when a rule threw. */
const failureOf = (verdicts: readonly Verdict[]) =>
  verdicts.filter((verdict) => verdict.rule === "(fatal)" || /analysis failed/u.test(verdict.message));

describe.each(FUZZ_DIALECTS)("generated $label programs, one file, every rule", ({ label, language, dialects, vocabulary }) => {
  const preset = language === "c" ? "qemu" : "js";

  it("are analysed without an exception or a failed checker", async () => {
    await checkProperty(programArbitrary(vocabulary), (program) => {
      tally.count(`${label} never throws`);
      const [file] = render(program, vocabulary, language, false);
      expect(failureOf(lintAlone(file!, preset, dialects))).toEqual([]);
    }, RUNS, TIME_LIMIT_MS);
    expect(tally.tried(`${label} never throws`)).toBeGreaterThan(0);
  });

  it("get the same verdicts with comments and whitespace added, lines moved along", async () => {
    let reported = 0;
    await checkProperty(fc.tuple(programArbitrary(vocabulary), noiseArbitrary), ([program, noise]) => {
      tally.count(`${label} comments and whitespace`);
      const files = render(program, vocabulary, language, false);
      const noisy = addNoise(files, noise);
      const before = lintAlone(files[0]!, preset, dialects);
      reported += before.length;
      const after = lintAlone(noisy.files[0]!, preset, dialects);
      expect(verdictLines(after)).toEqual(verdictLines(before.map((verdict) => moveVerdict(verdict, noisy.lineMaps))));
    }, RUNS, TIME_LIMIT_MS);
    // The property is only worth something if the programs draw reports.
    expect(reported).toBeGreaterThan(0);
  });
});

/** `Atomics.op(` spelled through an alias, a constant key or destructuring; each adds one line at the top. */
const ATOMICS_SPELLINGS: readonly ((text: string) => string)[] = [
  (text) => `const AtomicsAlias = Atomics;\n${text.replace(/\bAtomics\.(\w+)\(/gu, "AtomicsAlias.$1(")}`,
  (text) => `const globalAtomics = globalThis["Atomics"];\n${text.replace(/\bAtomics\.(\w+)\(/gu, (_all, op: string) => `globalAtomics["${op}"](`)}`,
  (text) => {
    const used = [...new Set([...text.matchAll(/\bAtomics\.(\w+)\(/gu)].map((match) => match[1]!))];
    return `const { ${used.map((op) => `${op}: atomics_${op}`).join(", ")} } = Atomics;\n${text.replace(/\bAtomics\.(\w+)\(/gu, "atomics_$1(")}`;
  },
];

describe("generated js programs with Atomics spelled another way", () => {
  const { dialects, vocabulary } = FUZZ_DIALECTS.find((dialect) => dialect.label === "js")!;

  it("get the verdicts of `Atomics.op`, one line down", async () => {
    await checkProperty(fc.tuple(programArbitrary(vocabulary), fc.nat({ max: ATOMICS_SPELLINGS.length - 1 })), ([program, spelling]) => {
      tally.count("js Atomics spelled another way");
      const [file] = render(program, vocabulary, "ts", false);
      const respelled = ATOMICS_SPELLINGS[spelling]!(textOf(file!)).split("\n");
      const lineMaps = new Map([[file!.name, file!.lines.map((_line, index) => index + 1).concat(file!.lines.length + 1)]]);
      const before = lintAlone(file!, "js", dialects).map((verdict) => moveVerdict(verdict, lineMaps));
      const after = lintAlone({ ...file!, lines: respelled }, "js", dialects);
      expect(verdictLines(after)).toEqual(verdictLines(before));
    }, RUNS, TIME_LIMIT_MS);
    expect(tally.tried("js Atomics spelled another way")).toBeGreaterThan(0);
  });
});
