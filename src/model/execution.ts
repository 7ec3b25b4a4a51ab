/**
 * Candidate executions: given one trace per thread, enumerate the reads-from and
 * coherence choices that are coherent per location (SC per location, RMW
 * atomicity) and build the relations a model's axioms read. Pruning per location
 * first keeps the product across locations small.
 */
import type { ThreadTrace, TraceEvent, Value } from "./events.js";
import { sameValue } from "./events.js";
import { EventSet, Relation } from "./relation.js";

export interface ExecEvent extends TraceEvent {
  readonly id: number;
  /** -1 for the initial writes. */
  readonly thread: number;
  readonly index: number;
}

export interface Execution {
  readonly size: number;
  readonly events: readonly ExecEvent[];
  readonly R: EventSet;
  readonly W: EventSet;
  readonly F: EventSet;
  readonly M: EventSet;
  readonly IW: EventSet;
  readonly po: Relation;
  readonly rf: Relation;
  readonly co: Relation;
  readonly fr: Relation;
  readonly rmw: Relation;
  readonly addr: Relation;
  readonly data: Relation;
  readonly ctrl: Relation;
  readonly loc: Relation;
  readonly int: Relation;
  readonly ext: Relation;
  /** Value each read returned (by id); undefined for other events. */
  readonly readValues: readonly (Value | undefined)[];
  /** Final value of every location: the coherence-last write. */
  readonly finalValues: ReadonlyMap<string, Value>;
  /** rf source of each read, by id. */
  readonly rfSource: readonly (number | undefined)[];
  /** Shared by every candidate of one choice of thread traces: models cache their program-order relations on it. */
  readonly shape: object;
}

/** One coherent choice for one location: rf source per read, and the co order. */
interface LocationChoice {
  readonly rf: ReadonlyMap<number, number>;
  readonly co: readonly number[];
}

export function flattenEvents(traces: readonly ThreadTrace[], init: ReadonlyMap<string, Value>): ExecEvent[] {
  const locations = new Set<string>(init.keys());
  for (const t of traces) for (const e of t.events) if (e.loc !== undefined) locations.add(e.loc);
  const events: ExecEvent[] = [];
  for (const loc of [...locations].sort()) {
    events.push({ id: events.length, thread: -1, index: 0, kind: "W", loc, value: init.get(loc) ?? 0, order: "once", label: `${loc}=init` });
  }
  traces.forEach((t, thread) => {
    t.events.forEach((e, index) => events.push({ ...e, id: events.length, thread, index }));
  });
  return events;
}

function permutations<T>(items: readonly T[], keep: (prefix: readonly T[], next: T) => boolean): T[][] {
  const out: T[][] = [];
  const used = new Array<boolean>(items.length).fill(false);
  const prefix: T[] = [];
  const go = (): void => {
    if (prefix.length === items.length) {
      out.push([...prefix]);
      return;
    }
    items.forEach((it, i) => {
      if (used[i] || !keep(prefix, it)) return;
      used[i] = true;
      prefix.push(it);
      go();
      prefix.pop();
      used[i] = false;
    });
  };
  go();
  return out;
}

/** Every coherent (rf, co) choice for one location. */
function locationChoices(events: readonly ExecEvent[], loc: string): LocationChoice[] {
  const here = events.filter((e) => e.loc === loc);
  const initWrite = here.find((e) => e.thread === -1)!;
  const writes = here.filter((e) => e.kind === "W" && e.thread !== -1);
  const reads = here.filter((e) => e.kind === "R");
  const samePoBefore = (a: ExecEvent, b: ExecEvent): boolean => a.thread === b.thread && a.index < b.index;
  // co must extend po on the same thread's writes.
  const orders = permutations(writes, (prefix, next) => !writes.some((w) => samePoBefore(w, next) && !prefix.includes(w)));
  const candidates = reads.map((r) =>
    [initWrite, ...writes].filter((w) => (r.value === undefined || sameValue(w.value, r.value)) && !samePoBefore(r, w)),
  );
  const out: LocationChoice[] = [];
  for (const order of orders) {
    const co = [initWrite.id, ...order.map((w) => w.id)];
    const rank = new Map(co.map((id, i) => [id, i]));
    const assign = new Map<number, number>();
    const go = (k: number): void => {
      if (k === reads.length) {
        if (coherent(here, rank, assign)) out.push({ rf: new Map(assign), co });
        return;
      }
      const r = reads[k]!;
      for (const w of candidates[k]!) {
        if (r.rmwWrite !== undefined) {
          // Atomicity: the RMW's write comes right after the write it read from.
          const ownWrite = r.id + (r.rmwWrite - r.index);
          if (rank.get(ownWrite) !== rank.get(w.id)! + 1) continue;
        }
        assign.set(r.id, w.id);
        go(k + 1);
      }
      assign.delete(r.id);
    };
    go(0);
  }
  return out;
}

/** acyclic (po-loc | rf | co | fr) on one location's events. */
function coherent(here: readonly ExecEvent[], rank: ReadonlyMap<number, number>, rf: ReadonlyMap<number, number>): boolean {
  const local = new Map(here.map((e, i) => [e.id, i]));
  const rel = new Relation(here.length);
  for (const a of here) {
    for (const b of here) {
      if (a.thread === b.thread && a.thread !== -1 && a.index < b.index) rel.add(local.get(a.id)!, local.get(b.id)!);
    }
  }
  const co = [...rank.entries()].sort((x, y) => x[1] - y[1]).map(([id]) => id);
  for (let i = 0; i + 1 < co.length; i++) rel.add(local.get(co[i]!)!, local.get(co[i + 1]!)!);
  for (const [r, w] of rf) {
    rel.add(local.get(w)!, local.get(r)!);
    const next = co[rank.get(w)! + 1];
    if (next !== undefined) rel.add(local.get(r)!, local.get(next)!);
  }
  return rel.isAcyclic();
}

export function* candidateExecutions(traces: readonly ThreadTrace[], init: ReadonlyMap<string, Value>): Generator<Execution> {
  const events = flattenEvents(traces, init);
  const locations = [...new Set(events.filter((e) => e.thread === -1).map((e) => e.loc!))];
  const perLocation = locations.map((loc) => locationChoices(events, loc));
  if (perLocation.some((c) => c.length === 0)) return;
  const base = staticRelations(events, traces);
  const picked: LocationChoice[] = [];
  function* product(k: number): Generator<Execution> {
    if (k === perLocation.length) {
      yield build(events, base, locations, picked);
      return;
    }
    for (const choice of perLocation[k]!) {
      picked[k] = choice;
      yield* product(k + 1);
    }
  }
  yield* product(0);
}

type StaticPart = Pick<Execution, "size" | "events" | "R" | "W" | "F" | "M" | "IW" | "po" | "rmw" | "addr" | "data" | "ctrl" | "loc" | "int" | "ext">;

function staticRelations(events: readonly ExecEvent[], traces: readonly ThreadTrace[]): StaticPart {
  const n = events.length;
  const firstId = new Map<number, number>();
  for (const e of events) if (!firstId.has(e.thread)) firstId.set(e.thread, e.id);
  const depRelation = (pick: (t: ThreadTrace) => readonly (readonly [number, number])[]): Relation => {
    const r = new Relation(n);
    traces.forEach((t, thread) => {
      const base = firstId.get(thread) ?? 0;
      for (const [a, b] of pick(t)) r.add(base + a, base + b);
    });
    return r;
  };
  const rmw = new Relation(n);
  for (const e of events) if (e.rmwWrite !== undefined) rmw.add(e.id, e.id + (e.rmwWrite - e.index));
  return {
    size: n,
    events,
    R: EventSet.where(n, (i) => events[i]!.kind === "R"),
    W: EventSet.where(n, (i) => events[i]!.kind === "W"),
    F: EventSet.where(n, (i) => events[i]!.kind === "F"),
    M: EventSet.where(n, (i) => events[i]!.kind !== "F"),
    IW: EventSet.where(n, (i) => events[i]!.thread === -1),
    po: Relation.where(n, (a, b) => events[a]!.thread === events[b]!.thread && events[a]!.thread !== -1 && events[a]!.index < events[b]!.index),
    rmw,
    addr: depRelation((t) => t.addr),
    data: depRelation((t) => t.data),
    ctrl: depRelation((t) => t.ctrl),
    loc: Relation.where(n, (a, b) => events[a]!.loc !== undefined && events[a]!.loc === events[b]!.loc),
    int: Relation.where(n, (a, b) => events[a]!.thread === events[b]!.thread),
    ext: Relation.where(n, (a, b) => events[a]!.thread !== events[b]!.thread),
  };
}

function build(events: readonly ExecEvent[], base: StaticPart, locations: readonly string[], picked: readonly LocationChoice[]): Execution {
  const n = events.length;
  const rf = new Relation(n);
  const co = new Relation(n);
  const readValues: (Value | undefined)[] = new Array(n).fill(undefined);
  const rfSource: (number | undefined)[] = new Array(n).fill(undefined);
  const finalValues = new Map<string, Value>();
  picked.forEach((choice, k) => {
    for (const [r, w] of choice.rf) {
      rf.add(w, r);
      readValues[r] = events[w]!.value;
      rfSource[r] = w;
    }
    for (let i = 0; i < choice.co.length; i++) for (let j = i + 1; j < choice.co.length; j++) co.add(choice.co[i]!, choice.co[j]!);
    finalValues.set(locations[k]!, events[choice.co[choice.co.length - 1]!]!.value!);
  });
  const fr = rf.inverse().seq(co).withoutIdentity();
  return { ...base, rf, co, fr, readValues, finalValues, rfSource, shape: base };
}
