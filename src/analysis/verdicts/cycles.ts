import type { OutcomeAtom } from "../../model/check.js";
import type { ModelAccess } from "./skeleton-builder.js";

/**
 * A two-thread cycle over two locations: `first0` before `last0` in thread 0, `first1` before
 * `last1` in thread 1, and each thread's last access communicates with the other's first on the
 * same location, backwards in time. MP, SB, LB, S, R and 2+2W are all such cycles; the outcome says
 * which values make the communication visible.
 */
export interface Cycle {
  accesses: [first0: ModelAccess, last0: ModelAccess, first1: ModelAccess, last1: ModelAccess];
  outcome: OutcomeAtom[];
}

/** Cycles tried per pair of threads, the anchored ones first. */
const MAX_CYCLES = 4;

/**
 * What makes `from` (a later access of one thread) precede `to` (an earlier access of the other):
 * `to` reads what `from` wrote (rf), `from` reads the initial value `to` overwrites (fr), or `to`'s
 * store is the last (co). Undefined when two reads cannot communicate, or when another store or an
 * earlier store of the reader would make the outcome say something else than the cycle.
 */
function edgeAtom(from: ModelAccess, to: ModelAccess, all: readonly ModelAccess[][]): OutcomeAtom | undefined {
  if (from.writes && to.reads && !to.writes) return from.valueUnclear ? undefined : { thread: to.thread, reg: to.reg!, value: from.value! };
  // An RMW followed by the other thread's store: its read misses that store (fr), as store buffering needs.
  if (from.reads && to.writes) {
    const ownEarlierStore = all[from.thread]!.some((other) => other.loc === from.loc && other.writes && other.rank < from.rank);
    return ownEarlierStore || from.zeroStored ? undefined : { thread: from.thread, reg: from.reg!, value: 0 };
  }
  if (from.writes && to.writes) {
    const laterStore = all[to.thread]!.some((other) => other.loc === to.loc && other.writes && other.rank > to.rank);
    return laterStore || to.valueUnclear ? undefined : { loc: to.loc, value: to.value! };
  }
  return undefined;
}

/**
 * The cycles of two threads, best first: those using the most `anchors` (the accesses the
 * shape-based report is about), then the closest ones.
 */
export function twoThreadCycles(accesses: readonly ModelAccess[][], anchors: ReadonlySet<unknown> = new Set()): Cycle[] {
  const [t0 = [], t1 = []] = accesses;
  const found: { cycle: Cycle; score: number; span: number }[] = [];
  for (const first0 of t0) {
    for (const last0 of t0) {
      if (last0.rank <= first0.rank || last0.loc === first0.loc) continue;
      for (const first1 of t1) {
        if (first1.loc !== last0.loc) continue;
        for (const last1 of t1) {
          if (last1.rank <= first1.rank || last1.loc !== first0.loc) continue;
          const there = edgeAtom(last0, first1, accesses);
          const back = edgeAtom(last1, first0, accesses);
          if (!there || !back) continue;
          const cycle: Cycle = { accesses: [first0, last0, first1, last1], outcome: withGuards([there, back], [first0, last0, first1, last1]) };
          const score = cycle.accesses.filter((each) => anchors.has(each.access)).length;
          found.push({ cycle, score, span: last0.rank - first0.rank + last1.rank - first1.rank });
        }
      }
    }
  }
  return found.sort((a, b) => b.score - a.score || a.span - b.span).slice(0, MAX_CYCLES).map(({ cycle }) => cycle);
}

/**
 * Message passing as a shape-based report names it: the writer's thread (0 or 1), its flag and its
 * data. The outcome is "the reader sees the flag but the old data", whatever the order the two
 * threads hold their accesses in (a data store after the flag is exactly the bug then).
 */
export interface MessageFocus {
  writer: 0 | 1;
  flag: string;
  data: string;
  /** The very accesses, when the pair names them: the writer's data and flag, the reader's flag and data. */
  exact?: readonly [writerData: unknown, writerFlag: unknown, readerFlag: unknown, readerData: unknown];
}

export function messageOutcome(accesses: readonly ModelAccess[][], locs: ReadonlyMap<string, string>, focus: MessageFocus): Cycle | undefined {
  const [flag, data] = [locs.get(focus.flag), locs.get(focus.data)];
  if (!flag || !data || flag === data) return undefined;
  const writer = accesses[focus.writer] ?? [];
  const reader = accesses[1 - focus.writer] ?? [];
  if (focus.exact) {
    const find = (list: readonly ModelAccess[], access: unknown) => list.find((each) => each.access === access);
    const [writerData, writerFlag, readerFlag, readerData] = [find(writer, focus.exact[0]), find(writer, focus.exact[1]), find(reader, focus.exact[2]), find(reader, focus.exact[3])];
    if (!writerData?.writes || !writerFlag?.writes || !readerFlag?.reads || !readerData?.reads || readerData.writes) return undefined;
    const sees = edgeAtom(writerFlag, readerFlag, accesses);
    const misses = edgeAtom(readerData, writerData, accesses);
    if (!sees || !misses) return undefined;
    return { accesses: [writerData, writerFlag, readerFlag, readerData], outcome: withGuards([sees, misses], [writerData, writerFlag, readerFlag, readerData]) };
  }
  const writerFlag = writer.find((each) => each.loc === flag && each.writes);
  const writerData = writer.find((each) => each.loc === data && each.writes);
  const readerFlag = reader.find((each) => each.loc === flag && each.reads && !each.writes);
  const dataLoads = reader.filter((each) => each.loc === data && each.reads && !each.writes);
  const readerData = dataLoads.find((each) => readerFlag && each.rank > readerFlag.rank) ?? dataLoads[dataLoads.length - 1];
  if (!writerFlag || !writerData || !readerFlag || !readerData) return undefined;
  const sees = edgeAtom(writerFlag, readerFlag, accesses);
  const misses = edgeAtom(readerData, writerData, accesses);
  if (!sees || !misses) return undefined;
  return { accesses: [writerData, writerFlag, readerFlag, readerData], outcome: withGuards([sees, misses], [writerData, writerFlag, readerFlag, readerData]) };
}

/**
 * The outcome with the branch tests its accesses run under: "reads the initial value" says nothing
 * when the read did not run, and a data store that did not run leaves no old data to see.
 */
function withGuards(outcome: OutcomeAtom[], accesses: readonly ModelAccess[]): OutcomeAtom[] {
  const atoms = [...outcome];
  for (const access of accesses) {
    for (const test of access.when ?? []) {
      const atom: OutcomeAtom = { thread: access.thread, reg: test.reg, value: test.value, ...(test.op === "!=" ? { negated: true } : {}) };
      if (!atoms.some((other) => "reg" in other && other.thread === atom.thread && other.reg === atom.reg && other.value === atom.value && !other.negated === !atom.negated)) atoms.push(atom);
    }
  }
  return atoms;
}
