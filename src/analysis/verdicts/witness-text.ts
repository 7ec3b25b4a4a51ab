import type { MemoryModel, SkeletonEvent, Witness } from "../../model/index.js";
import type { Cycle } from "./cycles.js";
import type { ThreadPlan } from "./thread-items.js";

const MODEL_NAMES: Record<MemoryModel["name"], string> = { lkmm: "LKMM", c11: "C11", js: "the JS memory model" };

/** `P0: qatomic_set(Ring.ready) at publish() (ring.c:14)` -> `written at ring.c:14 by publish()`. */
function sourceText(from: string): string {
  if (from === "initial value") return "the initial value";
  const located = / at (\S+\(\)) \(([^()]*)\)$/u.exec(from);
  return located ? `written at ${located[2]} by ${located[1]}` : from.replace(/^P\d+: /u, "");
}

/**
 * The witness in one sentence, on the reads and final values the cycle's outcome names: which
 * function reads what, and whose store it sees. `LKMM allows it: consume()'s qatomic_read(Ring.ready)
 * reads 1 (written at ring.c:14 by publish()), and its load Ring.data reads 0 (the initial value)`.
 */
export function witnessText(witness: Witness | undefined, race: boolean, plans: readonly ThreadPlan[], threads: readonly (readonly SkeletonEvent[])[], cycle: Cycle, model: MemoryModel["name"],
  locs: ReadonlyMap<string, string> = new Map(),
): string {
  const name = MODEL_NAMES[model];
  const threadName = (thread: number) => `${plans[thread]?.fn.name ?? `P${thread}`}()`;
  const focus = cycle.outcome.flatMap((atom) => {
    if (!("reg" in atom)) return [];
    const event = threads[atom.thread]?.find((each) => (each.kind === "read" || each.kind === "rmw") && each.reg === atom.reg);
    return event?.label ? [{ thread: atom.thread, label: event.label }] : [];
  });
  const reads = (witness?.reads ?? []).filter((read) => focus.some((each) => each.thread === read.thread && each.label === read.label))
    .map((read) => `${threadName(read.thread)}'s ${read.label.replace(/ at .*$/u, "")} reads ${read.value} (${sourceText(read.from)})`);
  const keyOf = (loc: string) => [...locs].find(([, name]) => name === loc)?.[0] ?? loc;
  const finals = cycle.outcome.flatMap((atom) => ("loc" in atom && witness ? [`${keyOf(atom.loc)} ends as ${witness.finalValues[atom.loc] ?? atom.value}`] : []));
  const facts = [...reads, ...finals];
  if (race) return `${name} finds a data race between them${facts.length ? `, and allows ${facts.join(", and ")}` : ""}`;
  return `${name} allows it: ${facts.join(", and ") || "the cycle closes"}`;
}
