import { fileURLToPath } from "node:url";
import { ESLint, Linter } from "eslint";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AnalysisInput } from "../../src/analysis/analysis-input.js";
import { analyze } from "../../src/analysis/analyze.js";
import type { Checker } from "../../src/analysis/checker.js";
import type { Finding } from "../../src/analysis/findings.js";
import { lintWithFindings } from "../../src/cli/sarif-command.js";
import plugin from "../../src/index.js";
import { C_LANGUAGE, createBarrierRule } from "../../src/rules/kit/rule-kit.js";

/**
 * Every checker the rules can reach is wrapped so that the tests see each run (and its input), and can
 * make one throw. Two test checkers join the real ones: one shared by two probe rules, the real
 * checkers each serving a single rule.
 */
const probes = vi.hoisted(() => ({
  runs: [] as { checker: string; file: string }[],
  inputs: new Map<string, AnalysisInput>(),
  failing: new Set<string>(),
  real: [] as Checker[],
}));

vi.mock("../../src/analysis/checkers.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/analysis/checkers.js")>();
  probes.real.push(...actual.CHECKERS);
  const probeFinding = (rule: string, input: AnalysisInput): Finding => ({
    rule, messageId: "probe", data: { rule }, related: [],
    site: { file: input.file, range: [0, 1], line: 1, column: 0, endLine: 1, endColumn: 1 },
  });
  const shared: Checker = {
    name: "test/shared",
    rules: ["probe-a", "probe-b"],
    check: (input) => [probeFinding("probe-a", input), probeFinding("probe-b", input)],
  };
  const observed = (checker: Checker): Checker => ({
    ...checker,
    check(input) {
      probes.runs.push({ checker: checker.name, file: input.file });
      probes.inputs.set(input.file, input);
      if (probes.failing.has(checker.name)) throw new Error(`${checker.name} broke`);
      return checker.check(input);
    },
  });
  return { ...actual, CHECKERS: [...actual.CHECKERS, shared].map(observed) };
});

const examples = fileURLToPath(new URL("../../examples/", import.meta.url));

const probeRule = (name: string) => createBarrierRule({
  name, description: `probe ${name}`, languages: [C_LANGUAGE], messages: { probe: "probe {{rule}}" },
});
const probePlugin = {
  ...plugin,
  rules: { ...plugin.rules, "probe-a": probeRule("probe-a"), "probe-b": probeRule("probe-b") },
} as unknown as ESLint.Plugin;

/** ring_push()'s barrier has no partner; ring_publish()'s stores nothing before it. */
const RING = `typedef struct Ring { unsigned head; unsigned tail; unsigned slot[8]; } Ring;
void ring_push(Ring *r, unsigned v)
{
    r->slot[0] = v;
    smp_wmb();
    qatomic_set(&r->tail, 1);
}
void ring_publish(Ring *r, unsigned t)
{
    smp_wmb();
    qatomic_set(&r->tail, t);
}
`;

/** Lints `code` as one C file (no project index) with the given rules, all on. */
function lintC(code: string, rules: Record<string, unknown[]> | string[], filename = "ring.c"): Linter.LintMessage[] {
  const entries = Array.isArray(rules) ? rules.map((rule) => [rule, []] as const) : Object.entries(rules);
  return new Linter({ configType: "flat" }).verify(code, [{
    files: ["**/*.c", "**/*.h"],
    plugins: { barriers: probePlugin },
    language: "barriers/c",
    settings: { barriers: { dialects: ["qemu", "c11", "gcc"], project: { enabled: false } } },
    rules: Object.fromEntries(entries.map(([rule, options]) => [`barriers/${rule}`, ["error", ...options]])),
  }], filename);
}

const checkerOf = (rule: string) => probes.real.find((checker) => checker.rules.includes(rule))!.name;
const runsOf = (checker: string) => probes.runs.filter((run) => run.checker === checker);
const failureMessage = (checker: string) =>
  `barriers: this file's ${checker} analysis failed (${checker} broke); its findings are missing.`;

/** Flat configs like examples/eslint.config.js, with this checkout's plugin and no index cache on disk. */
function exampleConfigs(rules?: readonly string[]): Linter.Config[] {
  const preset = (name: string, files: string[], projectFiles: string[]): Linter.Config => {
    const config = plugin.configs[`${name}-strict`]!;
    const barriers = config.settings!.barriers as object;
    return {
      ...config,
      files,
      settings: { barriers: { ...barriers, project: { files: projectFiles, cacheDirectory: false } } },
      ...(rules ? { rules: Object.fromEntries(Object.keys(config.rules!).filter((id) => rules.includes(id.slice("barriers/".length))).map((id) => [id, "error"])) } : {}),
    };
  };
  return [
    preset("qemu", ["qemu/**/*.c", "qemu/**/*.h"], ["qemu/**/*.{c,h}"]),
    preset("linux", ["linux/**/*.c", "linux/**/*.h"], ["linux/**/*.{c,h}"]),
    ...["ring", "ring-broken"].map((ring) => preset("js", [`ts/${ring}/**/*.ts`], [`ts/${ring}/**/*.ts`])),
  ];
}

/** The text ESLint makes of a finding, `{{name}}` filled from its data as ESLint does. */
function messageOf(finding: Finding): string {
  const template = (plugin.rules[finding.rule]!.meta!.messages as Record<string, string>)[finding.messageId]!;
  return template.replace(/\{\{([^{}]+?)\}\}/gu, (whole, term: string) => finding.data[term.trim()] ?? whole);
}

beforeEach(() => {
  probes.runs.length = 0;
  probes.inputs.clear();
  probes.failing.clear();
});

describe("checkers run when a rule asks for them", () => {
  it("one rule on runs that rule's checker alone, once per file", async () => {
    const eslint = new ESLint({ cwd: examples, overrideConfigFile: true, overrideConfig: exampleConfigs(["unpaired-barrier"]) });
    const results = await eslint.lintFiles(["qemu", "linux", "ts"]);
    expect(results.flatMap((result) => result.messages.map((message) => message.ruleId))).toContain("barriers/unpaired-barrier");
    const files = results.map((result) => result.filePath).sort();
    expect(new Set(probes.runs.map((run) => run.checker))).toEqual(new Set([checkerOf("unpaired-barrier")]));
    expect(probes.runs.map((run) => run.file).sort()).toEqual(files);
  });

  it("no barrier rule on runs no checker", () => {
    lintC(RING, []);
    expect(probes.runs).toEqual([]);
  });

  it("two rules run the checkers of both, each once", () => {
    const messages = lintC(RING, ["unpaired-barrier", "unneeded-barrier"]);
    expect(probes.runs.map((run) => run.checker).sort()).toEqual([checkerOf("unneeded-barrier"), checkerOf("unpaired-barrier")].sort());
    expect(new Set(messages.map((message) => message.ruleId))).toEqual(new Set(["barriers/unpaired-barrier", "barriers/unneeded-barrier"]));
  });

  it("the real checkers each serve one rule, so the rules share no checker", () => {
    for (const checker of probes.real) expect(checker.rules).toHaveLength(1);
  });

  it("two rules sharing a checker run it once, and each reports its own findings", () => {
    const messages = lintC(RING, ["probe-a", "probe-b"]);
    expect(runsOf("test/shared")).toHaveLength(1);
    expect(messages.map((message) => [message.ruleId, message.message])).toEqual([
      ["barriers/probe-a", "probe probe-a"],
      ["barriers/probe-b", "probe probe-b"],
    ]);
  });

  it("a rule that shares a checker with a rule that is off reports only its own findings", () => {
    const messages = lintC(RING, ["probe-b"]);
    expect(runsOf("test/shared")).toHaveLength(1);
    expect(messages.map((message) => message.ruleId)).toEqual(["barriers/probe-b"]);
  });
});

describe("a checker that throws", () => {
  it("is reported as a failed analysis by its rule only", () => {
    const expected = lintC(RING, ["unpaired-barrier"]);
    expect(expected.length).toBeGreaterThan(0);
    const broken = checkerOf("mb-variable-mismatch");
    probes.failing.add(broken);
    const messages = lintC(RING, ["unpaired-barrier", "mb-variable-mismatch"]);
    expect(messages.filter((message) => message.ruleId === "barriers/mb-variable-mismatch").map((message) => [message.line, message.message]))
      .toEqual([[1, failureMessage(broken)]]);
    expect(messages.filter((message) => message.ruleId === "barriers/unpaired-barrier")).toEqual(expected);
  });

  it("shared by two rules runs once, and both rules report the failure", () => {
    probes.failing.add("test/shared");
    const messages = lintC(RING, ["probe-a", "probe-b", "unpaired-barrier"]);
    expect(runsOf("test/shared")).toHaveLength(1);
    const failed = messages.filter((message) => message.message === failureMessage("test/shared"));
    expect(failed.map((message) => message.ruleId)).toEqual(["barriers/probe-a", "barriers/probe-b"]);
    expect(messages.filter((message) => message.ruleId === "barriers/unpaired-barrier").length).toBeGreaterThan(0);
  });
});

describe("rule options reach the checker that reads them", () => {
  const PORT = `typedef struct Port { bool running; } Port;
void port_init(Port *p) { p->running = true; }
void port_stop(Port *p) { qatomic_set(&p->running, false); }
`;

  it("when the option's own rule is the one that runs the checker", () => {
    expect(lintC(PORT, ["mixed-atomic-access"])).toEqual([]);
    const messages = lintC(PORT, { "mixed-atomic-access": [{ ignoreInitialization: false }] });
    expect(messages.map((message) => [message.ruleId, message.line])).toEqual([["barriers/mixed-atomic-access", 2]]);
  });

  it("whatever rule asks first", () => {
    const alone = lintC(RING, { "unneeded-barrier": [{ reportAtFunctionBoundary: false }] });
    const after = lintC(RING, { "unpaired-barrier": [], "barrier-comment": [], "unneeded-barrier": [{ reportAtFunctionBoundary: false }] })
      .filter((message) => message.ruleId === "barriers/unneeded-barrier");
    const withDefaults = lintC(RING, ["unneeded-barrier"]);
    expect(after).toEqual(alone);
    expect(withDefaults.length).toBeGreaterThan(alone.length);
  });
});

describe("with every rule on", () => {
  it("the examples get exactly the findings of analyze() with every checker", async () => {
    const configs = exampleConfigs();
    const eslint = new ESLint({ cwd: examples, overrideConfigFile: true, overrideConfig: configs });
    const results = await eslint.lintFiles(["qemu", "linux", "ts"]);
    expect(results.length).toBeGreaterThan(10);
    let reported = 0;
    for (const result of results) {
      const input = probes.inputs.get(result.filePath);
      expect(input, result.filePath).toBeDefined();
      const config = (await eslint.calculateConfigForFile(result.filePath)) as Linter.Config;
      const enabled = new Set(Object.keys(config.rules ?? {}).map((id) => id.slice("barriers/".length)));
      const expected = analyze(input!, probes.real);
      expect(expected.failures).toEqual([]);
      const want = expected.findings.filter((finding) => enabled.has(finding.rule))
        .map((finding) => `barriers/${finding.rule} ${finding.site.line}:${finding.site.column + 1} ${messageOf(finding)}`);
      const got = result.messages.map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.message}`);
      expect(got.sort(), result.filePath).toEqual(want.sort());
      reported += got.length;
    }
    expect(reported).toBeGreaterThan(5);
    const runs = probes.runs.map((run) => `${run.file} ${run.checker}`);
    expect(runs).toEqual([...new Set(runs)]);
  });

  it("the SARIF export sees the findings of every rule that ran, and only those", async () => {
    const rules = ["unpaired-barrier", "barrier-comment", "mixed-atomic-access"];
    const run = await lintWithFindings(examples, ["qemu"], exampleConfigs(rules));
    const reported = run.results.flatMap((result) => result.messages.map((message) => ({ file: result.filePath, message })));
    expect(new Set(reported.map(({ message }) => message.ruleId))).toEqual(new Set(rules.map((rule) => `barriers/${rule}`)));
    for (const { file, message } of reported) {
      const findings = run.findingsByFile.get(file) ?? [];
      expect(findings.some((finding) => `barriers/${finding.rule}` === message.ruleId
        && finding.site.line === message.line && finding.site.column + 1 === message.column), `${file} ${message.message}`).toBe(true);
    }
    const seen = [...run.findingsByFile.values()].flat();
    expect(seen).toHaveLength(reported.length);
    expect(new Set(seen.map((finding) => finding.rule))).toEqual(new Set(rules));
  });
});
