import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding, RelatedLocation } from "../findings.js";
import type { Access } from "../ir/events.js";
import { fieldKeysMatch } from "../ir/field-key.js";
import { locationText } from "../pairing/describe.js";
import { externalHolderOf } from "../pairing/external-partners.js";
import { filePairing } from "../pairing/pairing-view.js";
import { PublicationView } from "./project-facts.js";
import { accessesOf, type Trigger } from "./publication-facts.js";

export const MB_VARIABLE_MISMATCH = "mb-variable-mismatch";

/** Why a publishing store and a waiting load are taken to be meant for each other. */
interface Relation {
  /** 2: one function of the pair touches the other's variable; 1: fields of one struct in one file. */
  strength: 2 | 1;
  text: string;
  evidence?: Access;
}

interface Candidate {
  trigger: Trigger;
  relation: Relation;
}

/**
 * An mb set (or release store) whose variable nothing reads with matching strength, next to an mb
 * read (or acquire load) of another variable that nothing sets with matching strength: the two sides
 * were meant to pair but are on different variables. Only reported when both halves are unmatched and
 * related, so that a publication whose reader is outside the project is not reported.
 */
export const mbVariableMismatchChecker: Checker = {
  name: "mb-matching/mb-variable-mismatch",
  rules: [MB_VARIABLE_MISMATCH],
  check(input: AnalysisInput): Finding[] {
    const view = filePairing(input.project, input.fileIR, input.options.callDepth);
    const publication = new PublicationView(view, input.options.dialect);
    const local = publication.local.triggers;
    if (local.length === 0) return [];
    let all: Trigger[] | undefined;
    const findings: Finding[] = [];
    for (const trigger of local) {
      const key = trigger.access.key.id;
      const matched = trigger.side === "set" ? publication.isReadOrdered(key) : publication.isStoreOrdered(key);
      // A variable shared with a kernel or a guest is set or read over there.
      if (matched || externalHolderOf(key, input.options.dialect)) continue;
      const candidates: Candidate[] = [];
      all ??= publication.triggers();
      for (const other of all) {
        // A pair spans two threads: a load and a store of one function are not each other's partners.
        if (other.side === trigger.side || other.fn === trigger.fn || keysMatch(other.access.key.id, key)) continue;
        const otherMatched = other.side === "set" ? publication.isReadOrdered(other.access.key.id) : publication.isStoreOrdered(other.access.key.id);
        if (otherMatched || externalHolderOf(other.access.key.id, input.options.dialect)) continue;
        const relation = trigger.side === "set" ? relate(trigger, other) : relate(other, trigger);
        if (relation) candidates.push({ trigger: other, relation });
      }
      const best = candidates.sort((a, b) => compareCandidates(a, b, input.file))[0];
      if (best) findings.push(mismatchFinding(trigger, best, input.file));
    }
    return findings;
  },
};

function relate(set: Trigger, read: Trigger): Relation | undefined {
  const setKey = set.access.key.id;
  const readKey = read.access.key.id;
  const readerLoad = firstAccess(read.fn, setKey, "load", read.access);
  if (readerLoad) {
    return { strength: 2, text: `; ${read.fn.name}() reads ${setKey} itself at line ${readerLoad.site.line}, after waiting for ${readKey}`, evidence: readerLoad };
  }
  const writerStore = firstAccess(set.fn, readKey, "store", set.access);
  if (writerStore) {
    return { strength: 2, text: `; ${set.fn.name}() stores ${readKey} itself at line ${writerStore.site.line}, without a barrier of its own`, evidence: writerStore };
  }
  const owner = ownerOf(setKey);
  if (owner !== undefined && owner === ownerOf(readKey) && set.fn.site.file === read.fn.site.file) {
    return { strength: 1, text: `; both are fields of ${owner}` };
  }
  return undefined;
}

/** The first access of `fn` to a key matching `keyId`, loads or stores, other than `except`. */
function firstAccess(fn: Trigger["fn"], keyId: string, kind: "load" | "store", except: Access): Access | undefined {
  return accessesOf(fn.body).find((access) => access !== except
    && (kind === "load" ? access.op !== "store" : access.op !== "load")
    && keysMatch(access.key.id, keyId));
}

function mismatchFinding(trigger: Trigger, best: Candidate, file: string): Finding {
  const other = best.trigger;
  const related: RelatedLocation[] = [
    { site: other.access.site, label: `${other.access.api}(${other.access.key.id}) in ${other.fn.name}() (${locationText(other.access.site, file)}) ${other.side === "read" ? "waits for" : "publishes"} ${other.access.key.id} instead` },
  ];
  if (best.relation.evidence) {
    const evidence = best.relation.evidence;
    related.push({ site: evidence.site, label: `${evidence.op === "load" ? "plain load of" : "store to"} ${evidence.key.id} (${locationText(evidence.site, file)})` });
  }
  return {
    rule: MB_VARIABLE_MISMATCH,
    messageId: trigger.side === "set" ? "setNeverRead" : "readNeverSet",
    site: trigger.access.site,
    related,
    data: {
      primitive: trigger.access.api,
      variable: trigger.access.key.id,
      function: trigger.fn.name,
      otherPrimitive: other.access.api,
      other: other.access.key.id,
      otherFunction: other.fn.name,
      otherWhere: locationText(other.access.site, file),
      relation: best.relation.text,
    },
  };
}

function compareCandidates(a: Candidate, b: Candidate, file: string): number {
  const sameFile = (candidate: Candidate) => (candidate.trigger.access.site.file === file ? 0 : 1);
  const siteA = a.trigger.access.site;
  const siteB = b.trigger.access.site;
  return b.relation.strength - a.relation.strength || sameFile(a) - sameFile(b)
    || (siteA.file < siteB.file ? -1 : siteA.file > siteB.file ? 1 : siteA.range[0] - siteB.range[0]);
}

function keysMatch(a: string, b: string): boolean {
  return fieldKeysMatch({ id: a, confidence: "exact" }, { id: b, confidence: "exact" });
}

/** `Worker` for `Worker.flag`; none for globals, file statics, litmus pointers and owner-unknown keys. */
function ownerOf(keyId: string): string | undefined {
  if (keyId.includes("::")) return undefined;
  return /^([A-Za-z_]\w*)\.\w+(?:\[\])*$/u.exec(keyId)?.[1];
}
