import type { FunctionIR } from "../ir/function-ir.js";
import type { CodeScope } from "../pairing/code-scope.js";
import type { FlowScanner, SeenSide } from "../pairing/flow-scan.js";

export type Direction = "backward" | "forward";

/**
 * What one side of a barrier holds, as far as the analysis can see: the pairing's own side walk
 * (`FlowScanner.seenSide`), with the accesses found nearest first (callees and callers included, the
 * callers' other callees too), the ordering points that end the side, the functions looked into, and
 * why the side may hold accesses the analysis cannot see (`unseen`).
 */
export type SideProbe = SeenSide;

/**
 * Probes the sides of a barrier for `unneeded-barrier`. The walk is the pairing's: one walker serves
 * every rule, and it says what it could not see, so that "nothing here" is only claimed when known.
 */
export class SideProber {
  constructor(_scope: CodeScope, private readonly scanner: FlowScanner, _callDepth?: number) {}

  probe(fn: FunctionIR, start: number, direction: Direction, transparent: ReadonlySet<number> = new Set()): SideProbe {
    return this.scanner.seenSide(fn, start, direction, transparent);
  }
}
