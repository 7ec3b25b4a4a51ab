import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { analyze } from "../../../src/analysis/analyze.js";
import { PRESET_DIALECTS } from "../../../src/analysis/dialects/registry.js";
import type { FileIR } from "../../../src/analysis/ir/function-ir.js";
import { barrierCommentChecker, fullBarrierPairingChecker, unpairedBarrierChecker } from "../../../src/analysis/pairing/index.js";
import { projectViewOf, type ProjectView } from "../../../src/analysis/project-view.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { resolveCLanguageOptions } from "../../../src/languages/c/language-options.js";
import { parseC } from "../../../src/languages/c/parse-c.js";
import { messageOf, optionsFor } from "./pairing-helpers.js";

export const PAIRING_CHECKERS = [unpairedBarrierChecker, fullBarrierPairingChecker, barrierCommentChecker];

/** A small C project lowered file by file, as the project index does (each file on its own). */
export class CProject {
  readonly files: FileIR[];
  readonly view: ProjectView;
  readonly options;

  constructor(readonly sources: Readonly<Record<string, string>>, preset = "qemu", callDepth = 2) {
    this.options = optionsFor([...PRESET_DIALECTS[preset]!], callDepth);
    this.files = Object.entries(sources).map(([file, text]) => lowerCSource(file, text, this.options));
    this.view = projectViewOf(this.files);
  }

  static fromFixture(directory: string): CProject {
    const { preset } = JSON.parse(readFileSync(path.join(directory, "fixture.json"), "utf8")) as { preset: string };
    const names = readdirSync(directory).filter((name) => /\.[ch]$/u.test(name)).sort();
    return new CProject(Object.fromEntries(names.map((name) => [path.join(directory, name), readFileSync(path.join(directory, name), "utf8")])), preset);
  }

  /** Lints one file as ESLint would: fresh IR and syntax for it, the project view for the rest. */
  lint(file: string, text = this.sources[file]!, project: ProjectView = this.view): string[] {
    const parsed = parseC(text, resolveCLanguageOptions(), true);
    if (!parsed.ok) throw new Error(parsed.message);
    const fileIR = lowerCSource(file, text, this.options);
    const result = analyze({ file, fileIR, syntax: { language: "c", text, ast: parsed.ast }, project, options: this.options }, PAIRING_CHECKERS);
    if (result.failures.length > 0) throw new Error(result.failures.map((failure) => failure.message).join("; "));
    return result.findings.map((finding) => `${path.basename(file)}:${finding.site.line} ${finding.rule}: ${messageOf(finding)}`);
  }

  lintAll(): string[] {
    return Object.keys(this.sources).flatMap((file) => this.lint(file));
  }
}
