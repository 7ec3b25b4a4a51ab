import type { ResolvedDialect } from "../dialects/registry.js";
import type { FunctionIR } from "../ir/function-ir.js";
import type { FilePairing } from "../pairing/pairing-view.js";
import type { ProjectPairing } from "../pairing/pairing-view.js";
import { fileFacts, type FileFacts, type Trigger } from "./publication-facts.js";
import { KeyCounter } from "./key-counter.js";

/** The facts of every project file, with totals, built once per project pairing view. */
class ProjectFacts {
  readonly perFile = new Map<string, FileFacts>();
  readonly orderedLoads = new KeyCounter();
  readonly orderedStores = new KeyCounter();

  constructor(base: ProjectPairing, dialect: ResolvedDialect) {
    const pointsByFile = new Map<string, ReturnType<ProjectPairing["allPoints"]>[number][]>();
    for (const point of base.allPoints()) {
      const list = pointsByFile.get(point.file);
      if (list) list.push(point);
      else pointsByFile.set(point.file, [point]);
    }
    const functionsByFile = new Map<string, FunctionIR[]>();
    for (const fn of base.scope.functions()) {
      const list = functionsByFile.get(fn.site.file);
      if (list) list.push(fn);
      else functionsByFile.set(fn.site.file, [fn]);
    }
    const files = [...new Set([...pointsByFile.keys(), ...functionsByFile.keys()])].sort();
    for (const file of files) {
      const facts = fileFacts(file, pointsByFile.get(file) ?? [], functionsByFile.get(file) ?? [], dialect);
      this.perFile.set(file, facts);
      this.orderedLoads.addAll(facts.orderedLoads);
      this.orderedStores.addAll(facts.orderedStores);
    }
  }
}

const projectFacts = new WeakMap<ProjectPairing, Map<string, ProjectFacts>>();
const dialectKeys = new WeakMap<ResolvedDialect, string>();

/**
 * Each linted file resolves its own dialect object, so the cache is keyed by what the facts read of
 * the dialect (which stores are mb forms), not by the object.
 */
function dialectKey(dialect: ResolvedDialect): string {
  let key = dialectKeys.get(dialect);
  if (key === undefined) {
    const mbForms = [...dialect.primitives].filter(([, primitive]) => primitive.kind === "access" && primitive.mbForm).map(([name]) => name).sort();
    key = mbForms.join(",");
    dialectKeys.set(dialect, key);
  }
  return key;
}

function projectFactsOf(base: ProjectPairing, dialect: ResolvedDialect): ProjectFacts {
  let byDialect = projectFacts.get(base);
  if (!byDialect) {
    byDialect = new Map();
    projectFacts.set(base, byDialect);
  }
  const key = dialectKey(dialect);
  let facts = byDialect.get(key);
  if (!facts) {
    facts = new ProjectFacts(base, dialect);
    byDialect.set(key, facts);
  }
  return facts;
}

/**
 * The project as seen while linting one file: the linted file's fresh facts replace the project's
 * (possibly older) copy of them.
 */
export class PublicationView {
  private readonly project: ProjectFacts;
  private readonly stale: FileFacts | undefined;
  readonly local: FileFacts;

  constructor(view: FilePairing, dialect: ResolvedDialect) {
    this.project = projectFactsOf(view.base, dialect);
    const file = view.fileIR.file;
    this.stale = this.project.perFile.get(file);
    this.local = fileFacts(file, view.filePoints(), view.fileIR.functions, dialect);
  }

  /** Whether some load of a matching key is ordered by a read-side point somewhere in the project. */
  isReadOrdered(keyId: string): boolean {
    return this.count(keyId, (facts) => facts.orderedLoads) > 0;
  }

  /** Whether some store of a matching key is ordered by a write-side point somewhere in the project. */
  isStoreOrdered(keyId: string): boolean {
    return this.count(keyId, (facts) => facts.orderedStores) > 0;
  }

  /** Every trigger of the project, the linted file's fresh ones instead of its stale ones, in file order. */
  triggers(): Trigger[] {
    const all: Trigger[] = [];
    for (const [file, facts] of this.project.perFile) if (file !== this.local.file) all.push(...facts.triggers);
    all.push(...this.local.triggers);
    return all;
  }

  private count(keyId: string, counter: (facts: FileFacts | ProjectFacts) => KeyCounter): number {
    return counter(this.project).matching(keyId) - (this.stale ? counter(this.stale).matching(keyId) : 0) + counter(this.local).matching(keyId);
  }
}
