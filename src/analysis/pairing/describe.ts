import path from "node:path";
import type { ResolvedDialect } from "../dialects/registry.js";
import type { FenceKind } from "../ir/events.js";
import type { Site } from "../ir/site.js";
import type { OrderingPoint, SideAccess } from "./ordering-point.js";
import type { PairEdge } from "./pair-edge.js";

/** Words for the analysis' facts in messages, labels and graph dumps. */

const MAX_LISTED_FIELDS = 3;

/** `A`, `A and B`, `A, B and C`, `A, B, C and 2 more`: distinct keys in the order given. */
export function fieldList(accesses: readonly SideAccess[]): string {
  const names = [...new Set(accesses.map((side) => side.access.key.id))];
  if (names.length <= 1) return names[0] ?? "nothing";
  if (names.length <= MAX_LISTED_FIELDS) return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${names.slice(0, MAX_LISTED_FIELDS).join(", ")} and ${names.length - MAX_LISTED_FIELDS} more`;
}

/** ` (via foo())`, ` (via caller bar())`, or nothing for an access of the point's own function. */
export function viaText(side: SideAccess): string {
  if (side.via.length === 0) return "";
  const chain = side.via.map((name) => `${name}()`).join(" -> ");
  return side.context === "caller" ? ` (via caller ${chain})` : ` (via ${chain})`;
}

export function accessText(side: SideAccess): string {
  return `${side.access.key.id}${viaText(side)}`;
}

/** `virtio.c:12` for a site in the linted file's directory, a relative path otherwise. */
export function locationText(site: Site, fromFile: string): string {
  const relative = path.relative(path.dirname(fromFile), site.file).replace(/\\/gu, "/");
  return `${relative || path.basename(site.file)}:${site.line}`;
}

/** `smp_rmb() in virtqueue_pop() (virtio.c:88)`. */
export function pointReference(point: OrderingPoint, fromFile: string): string {
  return `${point.label} in ${point.fn.name}() (${locationText(point.site, fromFile)})`;
}

export function confidenceText(edges: readonly PairEdge[]): string {
  if (edges.length === 0 || edges.some((edge) => edge.confidence === "exact")) return "";
  const unknown = edges.flatMap((edge) => [...edge.first, ...edge.second])
    .flatMap((match) => [match.from.access.key, match.to.access.key])
    .find((key) => key.confidence === "owner-unknown");
  return unknown
    ? ` (lower confidence: matched by field name only, the owner type of ${unknown.id} is unknown)`
    : " (lower confidence: matched by field name only)";
}

/** The primitive spellings a message suggests, taken from the active dialect. */
export interface BarrierNames {
  rmb: string;
  wmb: string;
  mb: string;
  beforeRmw?: string;
  afterRmw?: string;
}

const FENCE_ORDER_ARGUMENT: Partial<Record<FenceKind, string>> = {
  rmb: "memory_order_acquire", wmb: "memory_order_release", mb: "memory_order_seq_cst",
};

const barrierNameCache = new WeakMap<ResolvedDialect, BarrierNames>();

export function barrierNames(dialect: ResolvedDialect): BarrierNames {
  let names = barrierNameCache.get(dialect);
  if (!names) {
    names = {
      rmb: fenceName(dialect, "rmb") ?? "a read barrier",
      wmb: fenceName(dialect, "wmb") ?? "a write barrier",
      mb: fenceName(dialect, "mb") ?? "a full barrier",
      ...optional("beforeRmw", fenceName(dialect, "before-rmw", false)),
      ...optional("afterRmw", fenceName(dialect, "after-rmw", false)),
    };
    barrierNameCache.set(dialect, names);
  }
  return names;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** The dialect's CPU barrier of a kind: a plain one (`smp_rmb()`) first, else a C11-style fence with an order. */
function fenceName(dialect: ResolvedDialect, kind: FenceKind, withOrderArgument = true): string | undefined {
  let ordered: string | undefined;
  for (const [name, primitive] of dialect.primitives) {
    if (primitive.kind !== "fence" || (primitive.flavour ?? "smp") !== "smp") continue;
    if (primitive.fence === kind && primitive.orderArg === undefined) return `${name}()`;
    if (withOrderArgument && primitive.fence === "mb" && primitive.orderArg !== undefined && FENCE_ORDER_ARGUMENT[kind]) {
      ordered ??= `${name}(${FENCE_ORDER_ARGUMENT[kind]})`;
    }
  }
  return ordered;
}
