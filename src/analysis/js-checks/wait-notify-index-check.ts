import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding, RelatedLocation } from "../findings.js";
import type { Access, IrEvent } from "../ir/events.js";
import { fieldKeysMatch } from "../ir/field-key.js";
import { accessesOf, projectFiles } from "./operations-of.js";
import { elementOf, isAtomicsRead, isAtomicsWrite, isNotify, isWait, type Element } from "./typed-array-elements.js";

export const WAIT_NOTIFY_INDEX_RULE = "wait-notify-index";

/**
 * `Atomics.wait(a, i, v)` sleeps until an `Atomics.notify(a, i)` on the same index: a notify on
 * another index of the same array wakes nobody. Three shapes give the mismatch away:
 * - locally, a notify right after a function wrote other indexes of the array, never the notified one;
 * - locally, a wait in a loop that re-reads other indexes of the array, never the awaited one;
 * - across the project (only when the index holds every file), a wait whose index no notify targets
 *   while notifies target other indexes of the array, and the converse.
 */
export const waitNotifyIndexChecker: Checker = {
  name: "wait-notify-index",
  rules: [WAIT_NOTIFY_INDEX_RULE],
  check(input: AnalysisInput): Finding[] {
    if (input.syntax.language !== "js") return [];
    const findings: Finding[] = [];
    for (const fn of input.fileIR.functions) {
      findings.push(...notifiesAfterOtherWrites(fn.body, fn.name), ...waitsInLoopsReadingOtherIndexes(fn.body));
    }
    const locallyReported = new Set(findings.map((finding) => finding.site.range.join(":")));
    if (holdsWholeProject(input)) {
      findings.push(...projectMismatches(input).filter((finding) => !locallyReported.has(finding.site.range.join(":"))));
    }
    return findings;
  },
};

/**
 * The project-wide check needs every partner: an index without limitation that also holds the linted
 * file (a file outside the configured project is judged against a project that is not its own).
 */
function holdsWholeProject(input: AnalysisInput): boolean {
  return input.project.limitation === undefined && [...input.project.files()].some((file) => file.file === input.file);
}

const indexText = (indexes: Iterable<string>) => [...new Set(indexes)].sort().join(", ");

function notifiesAfterOtherWrites(body: readonly IrEvent[], functionName: string): Finding[] {
  const findings: Finding[] = [];
  const written = new Map<string, Element[]>();
  for (const access of accessesOf(body)) {
    const element = elementOf(access);
    if (isNotify(access)) {
      const writes = [...written.entries()].find(([array]) => fieldKeysMatch({ id: array, confidence: element.confidence }, { id: element.array, confidence: "exact" }))?.[1];
      if (!writes || element.index === undefined || writes.some((write) => write.index === undefined || write.index === element.index)) continue;
      findings.push({
        rule: WAIT_NOTIFY_INDEX_RULE,
        messageId: "notifyOtherIndex",
        site: access.site,
        data: { array: element.array, index: element.index, written: indexText(writes.map((write) => write.index!)), function: functionName },
        related: writes.map((write): RelatedLocation => ({ site: write.access.site, label: `${write.access.api}() on ${write.access.key.id}` })),
      });
    } else if (isAtomicsWrite(access)) {
      const list = written.get(element.array) ?? [];
      list.push(element);
      written.set(element.array, list);
    }
  }
  return findings;
}

function waitsInLoopsReadingOtherIndexes(body: readonly IrEvent[]): Finding[] {
  const findings: Finding[] = [];
  const visit = (events: readonly IrEvent[], loop: readonly IrEvent[] | undefined) => {
    for (const event of events) {
      if (event.kind === "loop") visit(event.body, event.body);
      else if (event.kind === "branch") for (const arm of event.arms) visit(arm, loop);
      else if (event.kind === "access" && isWait(event) && loop) {
        const finding = waitAgainstLoopReads(event, loop);
        if (finding) findings.push(finding);
      }
    }
  };
  visit(body, undefined);
  return findings;
}

function waitAgainstLoopReads(wait: Access, loop: readonly IrEvent[]): Finding | undefined {
  const element = elementOf(wait);
  if (element.index === undefined) return undefined;
  const reads = accessesOf(loop).filter((access) => isAtomicsRead(access)).map(elementOf)
    .filter((read) => fieldKeysMatch({ id: read.array, confidence: read.confidence }, { id: element.array, confidence: element.confidence }));
  if (reads.length === 0 || reads.some((read) => read.index === undefined || read.index === element.index)) return undefined;
  return {
    rule: WAIT_NOTIFY_INDEX_RULE,
    messageId: "waitOtherIndex",
    site: wait.site,
    data: { method: wait.api, array: element.array, index: element.index, read: indexText(reads.map((read) => read.index!)) },
    related: reads.map((read): RelatedLocation => ({ site: read.access.site, label: `${read.access.api}() on ${read.access.key.id}` })),
  };
}

function projectMismatches(input: AnalysisInput): Finding[] {
  const endpoints = projectFiles(input).flatMap((file) => file.functions.flatMap((fn) =>
    accessesOf(fn.body).filter((access) => isWait(access) || isNotify(access)).map((access) => ({ element: elementOf(access), functionName: fn.name }))));
  const findings: Finding[] = [];
  for (const { element } of endpoints) {
    if (element.access.site.file !== input.file || element.index === undefined) continue;
    const waits = isWait(element.access);
    const partners = endpoints.filter((other) => isWait(other.element.access) !== waits
      && fieldKeysMatch({ id: other.element.array, confidence: other.element.confidence }, { id: element.array, confidence: element.confidence }));
    if (partners.length === 0 || partners.some((other) => other.element.index === undefined || other.element.index === element.index)) continue;
    findings.push({
      rule: WAIT_NOTIFY_INDEX_RULE,
      messageId: waits ? "waitNeverNotified" : "notifyWakesNoWaiter",
      site: element.access.site,
      data: { method: element.access.api, array: element.array, index: element.index, otherIndexes: indexText(partners.map((other) => other.element.index!)) },
      related: partners.map((other): RelatedLocation => ({
        site: other.element.access.site,
        label: `${other.element.access.api}() on ${other.element.access.key.id} in ${other.functionName}()`,
      })),
    });
  }
  return findings;
}
