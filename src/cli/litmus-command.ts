import path from "node:path";
import type { Finding } from "../analysis/findings.js";
import { modelSkeletonOf } from "../analysis/verdicts/point-verdicts.js";
import { writeLitmus } from "../model/index.js";
import { CliError } from "./cli-error.js";
import { lintWithFindings } from "./sarif-command.js";

/** The rules whose reports rest on a two-thread skeleton the model judged. */
const MODEL_RULES = new Set(["unpaired-barrier", "full-barrier-pairing"]);

export interface LitmusTarget {
  file: string;
  line: number;
}

/** `util/async.c:123` -> the file and the line; the line is what follows the last colon. */
export function parseLitmusTarget(target: string): LitmusTarget {
  const colon = target.lastIndexOf(":");
  const line = Number(target.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(line) || line < 1) throw new CliError(`expected <file>:<line>, got "${target}"`);
  return { file: target.slice(0, colon), line };
}

/**
 * Lints the file with the configuration that applies to it (or the preset) and writes the pair behind
 * the report at that line as a C litmus test whose `exists` clause is the report's witness: herd7 can
 * confirm it with the kernel's model.
 */
export async function litmusCommand(target: LitmusTarget, cwd: string, preset?: object): Promise<string> {
  const file = path.resolve(cwd, target.file);
  const run = await lintWithFindings(cwd, [file], preset);
  const findings: Finding[] = run.findingsByFile.get(file) ?? [];
  const atLine = findings.filter((finding) => MODEL_RULES.has(finding.rule) && finding.site.line === target.line);
  const judged = atLine.map((finding) => ({ finding, judged: modelSkeletonOf(finding) })).find((entry) => entry.judged);
  if (!judged) {
    const why = atLine.length === 0 ? "no unpaired-barrier or full-barrier-pairing report" : "no report the memory model checked";
    throw new CliError(`${why} at ${target.file}:${target.line}`);
  }
  const name = `${path.basename(file).replace(/[^A-Za-z0-9]+/gu, "-")}-${target.line}-${judged.finding.rule}`;
  return writeLitmus(judged.judged!.skeleton, name).trimEnd();
}
