/** A consistent execution told in words: who does what, and which write each read sees. */
import { showValue } from "./events.js";
import type { Execution } from "./execution.js";

export interface WitnessRead {
  readonly thread: number;
  readonly label: string;
  readonly value: string;
  /** "initial value" or "P<n>: <label>" */
  readonly from: string;
}

export interface Witness {
  readonly reads: readonly WitnessRead[];
  readonly finalValues: Readonly<Record<string, string>>;
  /** One line per read and per final value. */
  readonly text: string;
}

export function describeExecution(x: Execution): Witness {
  const reads: WitnessRead[] = [];
  for (const e of x.events) {
    if (e.kind !== "R") continue;
    const src = x.events[x.rfSource[e.id]!]!;
    reads.push({
      thread: e.thread,
      label: e.label,
      value: showValue(x.readValues[e.id]),
      from: src.thread === -1 ? "initial value" : `P${src.thread}: ${src.label}`,
    });
  }
  const finalValues: Record<string, string> = {};
  for (const [loc, v] of x.finalValues) finalValues[loc] = showValue(v);
  const lines = reads.map((r) => `P${r.thread}: ${r.label} reads ${r.value} (from ${r.from})`);
  lines.push(`finally ${Object.entries(finalValues).map(([l, v]) => `${l}=${v}`).join(", ")}`);
  return { reads, finalValues, text: lines.join("\n") };
}
