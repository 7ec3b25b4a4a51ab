import type { AnalysisInput } from "../analysis-input.js";
import type { ResolvedDialect } from "../dialects/registry.js";
import type { Finding } from "../findings.js";
import type { Access } from "../ir/events.js";
import { isExternalMemoryKey } from "../ir/field-key.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { locationText, pointReference } from "./describe.js";
import { externalHolderOf } from "./external-partners.js";
import { functionFlow } from "./function-flow.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";
import { filePairing, type PairingView, type ProjectPairing } from "./pairing-view.js";
import { getOrCreate } from "../memo.js";
import { leafEvents } from "../ir/walk.js";
import { UNPAIRED_BARRIER } from "./unpaired-checker.js";

/**
 * The side of a message-passing pair whose other side runs outside the project (the guest's driver,
 * a device, a hypervisor), left without its barrier: a function that loads two locations shared with
 * that party (a ring's index, then the entry it guards) or stores two (the entry, then the index that
 * publishes it) with nothing ordering them, while a barrier of the same file orders the very same two
 * accesses. The barrier elsewhere is the evidence that the order matters to the outside party, so
 * device code that reads guest memory twice with no such barrier anywhere is not asked about.
 *
 * Run by `unpaired-barrier`'s checker, whose findings these are. A location is the key of an element or
 * pointee of a structure the dialect names as shared (`vring_avail.ring[]`), and the accessor's own
 * place when it is raw outside memory (`<guest memory>` read by `vring_avail_idx()`): two calls of the
 * same accessor helpers are the same two accesses.
 */
export function outsidePartySides(input: AnalysisInput): Finding[] {
  const dialect = input.options.dialect;
  if (dialect.externalPartners.size === 0) return [];
  const view = filePairing(input.project, input.fileIR, input.options.callDepth);
  const inFile = orderedElsewhere(view, view.filePoints(), dialect, () => true);
  const inProject = namedPairsOfProject(view.base, dialect);
  if (inFile.size === 0 && inProject.size === 0) return [];
  const ordered = { get: (key: string) => inFile.get(key) ?? inProject.get(key) };
  const reaches = firstAccessReach(view, new Set([...firstIdsOf(inFile), ...firstIdsOf(inProject)]), dialect);
  const findings: Finding[] = [];
  for (const fn of input.fileIR.functions) {
    if (fn.isPrimitiveWrapper || fn.hasParseErrors || !reaches(fn, input.options.callDepth + 1)) continue;
    const finding = unorderedSide(view, fn, ordered, reaches, input);
    if (finding) findings.push(finding);
  }
  return findings;
}

type Direction = "load" | "store";

/** An access to memory shared with an outside party: which location, and who holds its other side. */
interface OutsideLocation {
  id: string;
  holder: string;
  /** Raw outside memory (`<guest memory>`), named by the accessor's place rather than a key. */
  raw: boolean;
}

/** The location an access shares with an outside party, or undefined for memory of the project's own. */
function outsideLocation(access: Access, dialect: ResolvedDialect): OutsideLocation | undefined {
  const holder = externalHolderOf(access.key.id, dialect);
  if (!holder) return undefined;
  // A plain field of a shared structure is as often a field of the device's own copy of a descriptor
  // (vmxnet3 reads each one into a local and swaps it in place): only elements and pointees count.
  if (!isExternalMemoryKey(access.key.id) && !ELEMENT_OR_POINTEE.test(access.key.id)) return undefined;
  const raw = isExternalMemoryKey(access.key.id);
  const id = raw ? `${access.key.id}@${access.site.file}:${access.site.range[0]}` : access.key.id;
  return { id, holder, raw };
}

/** An access of the function itself or of its callees, in the same iteration. */
function isNear(side: SideAccess): boolean {
  return side.context !== "caller" && !side.crossesIteration;
}

function directionOf(access: Access): Direction | undefined {
  return access.op === "load" ? "load" : access.op === "store" ? "store" : undefined;
}

const SEPARATOR = "\u0000";

/** `vring_avail.ring[]`, `*SpaprMachineState.htab`: an element of a shared array, or what a shared pointer points to. */
const ELEMENT_OR_POINTEE = /^\*|\[\]$/u;

/** Outside locations kept per side of a barrier when listing the pairs it orders. */
const MAX_SIDE = 16;

function pairKey(direction: Direction, first: OutsideLocation, second: OutsideLocation): string {
  return `${direction}${SEPARATOR}${first.id}${SEPARATOR}${second.id}`;
}

const firstIds = new WeakMap<ReadonlyMap<string, OrderingPoint>, ReadonlySet<string>>();

/** The locations that begin an ordered pair. */
function firstIdsOf(pairs: ReadonlyMap<string, OrderingPoint>): ReadonlySet<string> {
  return getOrCreate(firstIds, pairs, () => new Set([...pairs.keys()].map((key) => key.split(SEPARATOR)[1]!)));
}

type Reach = (fn: FunctionIR, depth: number) => boolean;

/**
 * Whether a function makes, itself or through its callees to `depth`, an access that begins an ordered
 * pair: most functions make none, and their sides need not be walked.
 */
function firstAccessReach(view: PairingView, firstIds: ReadonlySet<string>, dialect: ResolvedDialect): Reach {
  const known = new Map<FunctionIR, Map<number, boolean>>();
  const reaches = (fn: FunctionIR, depth: number, visiting: Set<FunctionIR>): boolean => {
    const cached = known.get(fn)?.get(depth);
    if (cached !== undefined) return cached;
    if (visiting.has(fn)) return false;
    visiting.add(fn);
    const events = leafEvents(fn.body);
    const result = events.some((event) => event.kind === "access" && firstIds.has(outsideLocation(event, dialect)?.id ?? ""))
      || (depth > 0 && events.some((event) => event.kind === "call"
        && view.scope.calleesOf(fn, event.callee).some((callee) => reaches(callee, depth - 1, visiting))));
    visiting.delete(fn);
    getOrCreate(known, fn, () => new Map<number, boolean>()).set(depth, result);
    return result;
  };
  return (fn, depth) => firstIds.size > 0 && reaches(fn, depth, new Set());
}

/**
 * The pairs of outside accesses that a barrier of the file orders: loads before a read barrier against
 * loads after it, stores before a write barrier against stores after it, its callers' included.
 */
function orderedElsewhere(
  view: PairingView, points: readonly OrderingPoint[], dialect: ResolvedDialect, keep: (location: OutsideLocation) => boolean,
): Map<string, OrderingPoint> {
  const ordered = new Map<string, OrderingPoint>();
  for (const point of points) {
    if (!point.explicit || point.flavour !== "smp" || point.fn.isPrimitiveWrapper) continue;
    for (const [role, direction] of [[point.read, "load"], [point.write, "store"]] as const) {
      if (!role) continue;
      // Distinct locations only, and at most MAX_SIDE of them: a side that touches more is bookkeeping, not a ring's protocol.
      const outside = (side: readonly SideAccess[]) => [...new Map(side.filter((entry) => isNear(entry) && directionOf(entry.access) === direction)
        .map((entry) => outsideLocation(entry.access, dialect)).filter((location) => location !== undefined).filter(keep)
        .map((location) => [location.id, location] as const)).values()].slice(0, MAX_SIDE);
      const before = outside(role.before);
      if (before.length === 0) continue;
      // A barrier at the end of a helper orders what its callers do next, their callees included
      // (`virtqueue_num_heads()`, whose callers read the descriptors through helpers of their own).
      const after = [...outside(role.after), ...outside(afterTheCalls(view, point.fn))];
      for (const first of before) {
        for (const second of after) {
          const key = pairKey(direction, first, second);
          if (!ordered.has(key)) ordered.set(key, point);
        }
      }
    }
  }
  return ordered;
}

const projectPairs = new WeakMap<ProjectPairing, WeakMap<ResolvedDialect, Map<string, OrderingPoint>>>();

/**
 * The pairs of a structure the dialect names as shared (`vring_avail.idx`, then `vring_avail.ring[]`)
 * that a barrier anywhere in the project orders: the structure's layout is the outside party's
 * protocol, whichever file speaks it. Raw outside memory is compared within one file only.
 */
function namedPairsOfProject(base: ProjectPairing, dialect: ResolvedDialect): ReadonlyMap<string, OrderingPoint> {
  const byDialect = getOrCreate(projectPairs, base, () => new WeakMap<ResolvedDialect, Map<string, OrderingPoint>>());
  return getOrCreate(byDialect, dialect, () => orderedElsewhere(base, base.allPoints(), dialect, (location) => !location.raw));
}

/** Callers followed for what they do after calling a function whose barrier ends it. */
const MAX_CALLERS = 16;

/** What the direct callers of `fn` do after calling it: their own accesses and their callees'. */
function afterTheCalls(view: PairingView, fn: FunctionIR): SideAccess[] {
  return view.scope.callSitesOf(fn).filter((site) => site.caller !== fn).slice(0, MAX_CALLERS).flatMap(({ caller, call }) => {
    const node = functionFlow(caller).nodeOfEvent.get(call.id);
    return node === undefined ? [] : view.sideAt(caller, node, "forward").filter(isNear);
  });
}

/**
 * The accesses a node of `fn`'s flow makes that nothing orders before what follows the node: its own
 * access, or what a callee does after its last barrier (back from its exit).
 */
function accessesAt(view: PairingView, fn: FunctionIR, index: number): SideAccess[] {
  const event = functionFlow(fn).nodes[index]?.event;
  if (event?.kind === "access") return [{ access: event, fn, position: "self", context: "local", via: [], crossesIteration: false }];
  if (event?.kind !== "call") return [];
  return view.scope.calleesOf(fn, event.callee).filter((callee) => callee !== fn).flatMap((callee) =>
    view.sideAt(callee, functionFlow(callee).exit, "backward").filter((entry) => isNear(entry) && !orderedOnSomePath(view, [callee, entry.fn], entry.access))
      .map((entry) => ({ ...entry, context: "callee" as const, via: [callee.name, ...entry.via] })));
}

/**
 * Whether a barrier of these functions orders the access before what follows on some path: a helper
 * that ends with `if (n) { smp_rmb(); }` gives its barrier to the callers that go on only when n != 0.
 */
function orderedOnSomePath(view: PairingView, functions: readonly FunctionIR[], access: Access): boolean {
  return [...new Set(functions)].some((fn) => view.pointsOf(fn).some((point) =>
    [point.read, point.write].some((role) => role?.before.some((entry) => entry.access === access))));
}

/** Whether an ordering point of `fn` or of a callee stands between the two accesses in the pair's direction. */
function orderedBetween(view: PairingView, fn: FunctionIR, first: SideAccess, second: SideAccess, direction: Direction): boolean {
  if (direction === "load" && ["acquire", "consume", "seqcst", "mb"].includes(first.access.order)) return true;
  if (direction === "store" && ["release", "seqcst", "mb"].includes(second.access.order)) return true;
  if (direction === "load" && second.access.dependsOn.some((dep) => dep.via === "address" && dep.loadId === first.access.id)) return true;
  const functions = new Set([fn, first.fn, second.fn]);
  for (const owner of functions) {
    for (const point of view.pointsOf(owner)) {
      const role = direction === "load" ? point.read : point.write;
      if (role?.before.some((entry) => entry.access === first.access) && role.after.some((entry) => entry.access === second.access)) return true;
    }
  }
  return false;
}

/** The first pair of outside accesses `fn` leaves unordered although a barrier of the file orders the same pair. */
function unorderedSide(
  view: PairingView, fn: FunctionIR, ordered: Pick<ReadonlyMap<string, OrderingPoint>, "get">, reaches: Reach, input: AnalysisInput,
): Finding | undefined {
  const dialect = input.options.dialect;
  const flow = functionFlow(fn);
  for (const node of flow.nodes) {
    const event = node.event;
    if (event?.kind === "call" ? !view.scope.calleesOf(fn, event.callee).some((callee) => reaches(callee, input.options.callDepth))
      : event?.kind !== "access") continue;
    const firsts = accessesAt(view, fn, node.index).flatMap((side) => {
      const location = outsideLocation(side.access, dialect);
      const direction = directionOf(side.access);
      return location && direction ? [{ side, location, direction }] : [];
    });
    if (firsts.length === 0) continue;
    const later = view.sideAt(fn, node.index, "forward").filter(isNear);
    for (const first of firsts) {
      for (const side of later) {
        if (side.access === first.side.access || directionOf(side.access) !== first.direction) continue;
        const location = outsideLocation(side.access, dialect);
        if (!location) continue;
        // Two accesses of one key are two places of one table only within one run of the function;
        // across two calls (h_protect() storing an entry twice) they are two messages, each ordered inside.
        if (location.id === first.location.id && (first.side.context !== "local" || side.context !== "local")) continue;
        const point = ordered.get(pairKey(first.direction, first.location, location));
        if (!point || orderedBetween(view, fn, first.side, side, first.direction)) continue;
        return finding(fn, event!.site, first.side, side, first.direction, location.holder, point, input.file);
      }
    }
  }
  return undefined;
}

/** `virtio_lduw_phys_cached() in vring_avail_idx() (virtio.c:12)`, `vring_avail.idx in vu_queue_empty() (...)`. */
function accessName(side: SideAccess, file: string): string {
  const what = isExternalMemoryKey(side.access.key.id) ? `${side.access.api}()` : side.access.key.id;
  return `${what} in ${side.fn.name}() (${locationText(side.access.site, file)})`;
}

function finding(
  fn: FunctionIR, site: Access["site"], first: SideAccess, second: SideAccess, direction: Direction, holder: string,
  point: OrderingPoint, file: string,
): Finding {
  return {
    rule: UNPAIRED_BARRIER, messageId: direction === "load" ? "outsideLoads" : "outsideStores", site,
    related: [
      { site: first.access.site, label: `${accessName(first, file)} comes first` },
      { site: second.access.site, label: `${accessName(second, file)} comes second, with no barrier between` },
      { site: point.site, label: `${point.label} in ${point.fn.name}() (${locationText(point.site, file)}) orders the same two accesses` },
    ],
    data: {
      function: fn.name, first: accessName(first, file), second: accessName(second, file), holder, partner: pointReference(point, file),
    },
  };
}
