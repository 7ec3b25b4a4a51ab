import type { AnalysisInput } from "../analysis-input.js";
import type { Access, IrEvent } from "../ir/events.js";
import type { FileIR } from "../ir/function-ir.js";
import { lowerEstreeProgram } from "../../frontends/estree/lower-file.js";
import type { TypedArrayOperation } from "../../frontends/estree/typed-array-operations.js";

/** The typed-array operations of a JS file (shared with its lowering: the front-end caches them by AST). */
export function typedArrayOperationsOf(input: AnalysisInput): TypedArrayOperation[] {
  if (input.syntax.language !== "js") return [];
  return lowerEstreeProgram(input.file, input.syntax.text, input.syntax.ast, input.options).operations;
}

/** Every access of a function body, loops and branches included, in source order. */
export function accessesOf(events: readonly IrEvent[]): Access[] {
  const accesses: Access[] = [];
  const visit = (list: readonly IrEvent[]) => {
    for (const event of list) {
      if (event.kind === "access") accesses.push(event);
      else if (event.kind === "loop") visit(event.body);
      else if (event.kind === "branch") for (const arm of event.arms) visit(arm);
    }
  };
  visit(events);
  return accesses;
}

/** The linted file's IR first (it is the truth for that file), then every other file of the project. */
export function projectFiles(input: AnalysisInput): FileIR[] {
  const others = [...input.project.files()].filter((file) => file.file !== input.file);
  return [input.fileIR, ...others];
}
