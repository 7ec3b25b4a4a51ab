import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding, RelatedLocation } from "../findings.js";
import type { Access } from "../ir/events.js";
import { fieldKeysMatch, type FieldKey } from "../ir/field-key.js";
import { accessesOf, projectFiles } from "./operations-of.js";

export const WAIT_NOTIFY_INDEX_RULE = "wait-notify-index";

const WAITS = new Set(["Atomics.wait", "Atomics.waitAsync"]);
const NOTIFY = "Atomics.notify";

interface Endpoint {
  access: Access;
  functionName: string;
  array: FieldKey;
  /** The constant index, or undefined when it varies (then it may be any index). */
  index: string | undefined;
}

/**
 * `Atomics.wait(a, i)` sleeps until someone calls `Atomics.notify(a, i)` with the same index: a
 * notify on another index of the same array wakes nobody, and the waiter sleeps until its timeout
 * (or forever). Waits and notifies are matched across the whole project by the array's key.
 */
export const waitNotifyIndexChecker: Checker = {
  name: "wait-notify-index",
  rules: [WAIT_NOTIFY_INDEX_RULE],
  check(input: AnalysisInput): Finding[] {
    if (input.syntax.language !== "js") return [];
    const endpoints = projectFiles(input).flatMap((file) => file.functions.flatMap((fn) =>
      accessesOf(fn.body).filter((access) => WAITS.has(access.api) || access.api === NOTIFY).map((access) => endpointOf(access, fn.name))));
    const findings: Finding[] = [];
    for (const endpoint of endpoints) {
      if (endpoint.access.site.file !== input.file || endpoint.index === undefined) continue;
      const isWait = WAITS.has(endpoint.access.api);
      const partners = endpoints.filter((other) => WAITS.has(other.access.api) !== isWait && fieldKeysMatch(other.array, endpoint.array));
      if (partners.length === 0 || partners.some((other) => other.index === undefined || other.index === endpoint.index)) continue;
      findings.push({
        rule: WAIT_NOTIFY_INDEX_RULE,
        messageId: isWait ? "waitNeverNotified" : "notifyWakesNoWaiter",
        site: endpoint.access.site,
        data: {
          method: endpoint.access.api,
          array: endpoint.array.id,
          index: endpoint.index,
          otherIndexes: [...new Set(partners.map((other) => other.index!))].sort().join(", "),
        },
        related: partners.map((other): RelatedLocation => ({
          site: other.access.site,
          label: `${other.access.api}() on ${other.access.key.id} in ${other.functionName}()`,
        })),
      });
    }
    return findings;
  },
};

/** `flags[HEAD]` -> array `flags`, index `HEAD`; `data[]` -> index undefined. */
function endpointOf(access: Access, functionName: string): Endpoint {
  const { id, confidence } = access.key;
  const open = id.lastIndexOf("[");
  const index = open >= 0 && id.endsWith("]") ? id.slice(open + 1, -1) : "";
  return {
    access,
    functionName,
    array: { id: open >= 0 ? id.slice(0, open) : id, confidence },
    index: index === "" ? undefined : index,
  };
}
