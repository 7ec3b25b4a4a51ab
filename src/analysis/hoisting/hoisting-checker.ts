import { LineIndex } from "../../languages/c/line-index.js";
import type { SyntaxNode, TranslationUnit } from "../../languages/c/syntax-node.js";
import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding } from "../findings.js";
import type { Site } from "../ir/site.js";
import { activeHoistPlans, type HoistCandidate, type HoistPlan } from "./hoisting-plans.js";
import { describeHoist } from "./hoist-description.js";
import { fileConstants } from "./local-scope.js";
import { planLoopRewrite } from "./loop-rewrite.js";
import { callArguments, calleeName, descendants, innermostLoop, type LoopNode } from "./loop-syntax.js";
import { TextLayout } from "./text-layout.js";

export const HOISTABLE_BARRIER_RULE = "hoistable-barrier-in-loop";

/**
 * The reference's loop transformations (docs/devel/atomics.rst, "Weak atomic access and manual memory
 * barriers"): an ordered load or store inside a loop whose other work needs no per-iteration ordering
 * can be made relaxed, with one barrier hoisted before and/or after the loop; two such stores per
 * iteration are split into two loops so that one cheap store barrier keeps them in order.
 */
export const hoistingChecker: Checker = {
  name: "hoisting",
  rules: [HOISTABLE_BARRIER_RULE],
  check(input: AnalysisInput): Finding[] {
    if (input.syntax.language !== "c") return [];
    const plans = activeHoistPlans(input.options.dialect);
    if (plans.size === 0) return [];
    const { text, ast } = input.syntax;
    const byLoop = candidatesByLoop(ast, text, plans);
    if (byLoop.size === 0) return [];
    const findings: Finding[] = [];
    const layout = new TextLayout(text, ast.comments);
    const lines = new LineIndex(text);
    const env = { text, layout, primitives: new Set(input.options.dialect.primitives.keys()), constants: fileConstants(ast, text) };
    for (const [loop, candidates] of byLoop) {
      const rewrite = planLoopRewrite(loop, candidates, env);
      if (!rewrite) continue;
      const first = candidates[0]!;
      const description = describeHoist(rewrite.shape, first.plan);
      findings.push({
        rule: HOISTABLE_BARRIER_RULE,
        messageId: description.messageId,
        site: siteOf(input.file, first.call, lines),
        data: description.data,
        related: candidates.slice(1).map((candidate) => ({ site: siteOf(input.file, candidate.call, lines), label: "the second store of the iteration" })),
        suggestions: [{ messageId: description.suggestionId, data: description.data, edits: [rewrite.edit] }],
      });
    }
    return findings;
  },
};

function siteOf(file: string, node: SyntaxNode, lines: LineIndex): Site {
  const start = lines.position(node.range[0]);
  const end = lines.position(node.range[1]);
  return { file, range: node.range, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Candidate calls grouped by their innermost loop, loops in source order. */
function candidatesByLoop(ast: TranslationUnit, text: string, plans: ReadonlyMap<string, HoistPlan>): Map<LoopNode, HoistCandidate[]> {
  const byLoop = new Map<LoopNode, HoistCandidate[]>();
  for (const node of descendants(ast)) {
    if (node.type !== "call_expression") continue;
    const plan = plans.get(calleeName(node, text) ?? "");
    if (!plan || callArguments(node).length !== (plan.op === "load" ? 1 : 2)) continue;
    const loop = innermostLoop(node, text);
    if (!loop) continue;
    const list = byLoop.get(loop);
    if (list) list.push({ call: node, plan });
    else byLoop.set(loop, [{ call: node, plan }]);
  }
  return new Map([...byLoop].sort(([a], [b]) => a.range[0] - b.range[0]));
}
