import type { AnalysisInput } from "./analysis-input.js";
import { CHECKERS } from "./checkers.js";
import type { Checker } from "./checker.js";
import type { Finding } from "./findings.js";
import { analysisGaps, claimsAbsence, isIncomplete } from "./limits/index.js";

export interface CheckerFailure {
  checker: string;
  rules: readonly string[];
  message: string;
}

export interface FileAnalysis {
  findings: Finding[];
  /** Checkers that threw: their findings are missing, and the rules say so instead of crashing. */
  failures: CheckerFailure[];
}

type CheckerResult = { findings: Finding[] } | { failure: CheckerFailure };

/**
 * One file's analysis whose checkers run on demand: asking for a rule runs the checkers that declare
 * it, once each, so a configuration that enables one rule pays for that rule's checkers only.
 */
export class LazyFileAnalysis {
  /** Indexed like `checkers`, so that merged results keep the registry's order whatever order rules ask in. */
  private readonly results: (CheckerResult | undefined)[];
  /** Whether something of the project or the file was not seen, decided on first need. */
  private incomplete: boolean | undefined;

  constructor(private readonly input: AnalysisInput, private readonly checkers: readonly Checker[] = CHECKERS) {
    this.results = checkers.map(() => undefined);
  }

  /** How many checkers have run: callers that publish the analysis as it grows compare it. */
  get checkersRun(): number {
    return this.results.filter((result) => result !== undefined).length;
  }

  /** The findings and failures of the checkers that declare `rule`, running those not yet run. */
  forRule(rule: string): FileAnalysis {
    const indexes = this.checkers.flatMap((checker, index) => checker.rules.includes(rule) ? [index] : []);
    this.ensure(indexes);
    const { findings, failures } = this.collect(indexes);
    return { findings: findings.filter((finding) => finding.rule === rule), failures };
  }

  /** Runs every checker not yet run: the eager analysis. */
  all(): FileAnalysis {
    const indexes = this.checkers.map((_, index) => index);
    this.ensure(indexes);
    return this.collect(indexes);
  }

  /** What has been computed so far, over every checker that ran. */
  current(): FileAnalysis {
    return this.collect(this.checkers.map((_, index) => index));
  }

  /** A claim that something is absent from the project stands only when the analysis saw all of it. */
  private stands(finding: Finding): boolean {
    if (!claimsAbsence(finding.rule, finding.messageId)) return true;
    this.incomplete ??= isIncomplete(analysisGaps(this.input));
    return !this.incomplete;
  }

  private ensure(indexes: readonly number[]): void {
    for (const index of indexes) this.results[index] ??= runChecker(this.checkers[index]!, this.input);
  }

  private collect(indexes: readonly number[]): FileAnalysis {
    const findings: Finding[] = [];
    const failures: CheckerFailure[] = [];
    for (const index of indexes) {
      const result = this.results[index];
      if (!result) continue;
      if ("failure" in result) failures.push(result.failure);
      else findings.push(...result.findings.filter((finding) => this.stands(finding)));
    }
    findings.sort((a, b) => a.site.range[0] - b.site.range[0] || a.rule.localeCompare(b.rule));
    return { findings, failures };
  }
}

/** A checker that throws is recorded, never rethrown, so one bad input cannot take down every rule. */
function runChecker(checker: Checker, input: AnalysisInput): CheckerResult {
  try {
    return { findings: checker.check(input) };
  } catch (error) {
    return { failure: { checker: checker.name, rules: checker.rules, message: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * The single pure entry point: a file's IR and syntax, the project view and options in; the findings
 * of every checker out.
 */
export function analyze(input: AnalysisInput, checkers: readonly Checker[] = CHECKERS): FileAnalysis {
  return new LazyFileAnalysis(input, checkers).all();
}
