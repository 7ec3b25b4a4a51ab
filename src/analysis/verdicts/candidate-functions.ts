import type { FileIR, FunctionIR } from "../ir/function-ir.js";
import { leafEvents } from "../ir/walk.js";
import type { ProjectView } from "../project-view.js";

/** Candidate partner functions judged per point, at most. */
const MAX_CANDIDATES = 3;
/** Keys shared by so many functions say nothing about who pairs with whom (a lock word, errno). */
const MAX_FUNCTIONS_PER_KEY = 200;

interface KeyUse {
  fn: FunctionIR;
  stores: boolean;
}

/** Which functions access each key in their own body, per project view (the linted file is read fresh). */
const indexes = new WeakMap<ProjectView, Map<string, KeyUse[]>>();

function usesOf(fn: FunctionIR): Map<string, boolean> {
  const uses = new Map<string, boolean>();
  for (const event of leafEvents(fn.body)) {
    if (event.kind !== "access" || event.key.id.startsWith("?.")) continue;
    uses.set(event.key.id, (uses.get(event.key.id) ?? false) || event.op !== "load");
  }
  return uses;
}

/** Whether the function accesses memory through a pointer it loaded (`**p`, `*T.f`). */
function dereferences(fn: FunctionIR): boolean {
  for (const event of leafEvents(fn.body)) {
    if (event.kind === "access" && event.dependsOn.some((dep) => dep.via === "address")) return true;
  }
  return false;
}

function addFunctions(index: Map<string, KeyUse[]>, file: FileIR): void {
  for (const fn of file.functions) {
    for (const [key, stores] of usesOf(fn)) {
      const list = index.get(key);
      if (list) list.push({ fn, stores });
      else index.set(key, [{ fn, stores }]);
    }
  }
}

/** The linted file's own index, once per lowering. */
const freshIndexes = new WeakMap<FileIR, Map<string, KeyUse[]>>();

function freshIndex(fileIR: FileIR): Map<string, KeyUse[]> {
  let index = freshIndexes.get(fileIR);
  if (!index) {
    index = new Map();
    addFunctions(index, fileIR);
    freshIndexes.set(fileIR, index);
  }
  return index;
}

function projectIndex(project: ProjectView): Map<string, KeyUse[]> {
  let index = indexes.get(project);
  if (!index) {
    index = new Map();
    for (const file of project.files()) addFunctions(index, file);
    indexes.set(project, index);
  }
  return index;
}

/**
 * Functions other than `fn` that access at least two of `keys` themselves, one of them in a way that
 * conflicts with `fn` (a store on one of the two sides): the threads a barrier with no partner point
 * would pair with. Most shared keys first.
 */
export function candidateFunctions(
  project: ProjectView, fileIR: FileIR, fn: FunctionIR, keys: ReadonlyMap<string, boolean>, pointers: ReadonlySet<string> = new Set(),
): FunctionIR[] {
  const fresh = freshIndex(fileIR);
  const index = projectIndex(project);
  const score = new Map<FunctionIR, { shared: number; conflicts: boolean }>();
  for (const [key, pointStores] of keys) {
    const uses = [...(index.get(key) ?? []).filter((use) => use.fn.site.file !== fileIR.file), ...(fresh.get(key) ?? [])];
    if (uses.length > MAX_FUNCTIONS_PER_KEY) continue;
    for (const use of uses) {
      if (use.fn === fn || use.fn.qualifiedName === fn.qualifiedName) continue;
      const known = score.get(use.fn) ?? { shared: 0, conflicts: false };
      // A reader of a published pointer reaches the target through it, whatever it names it (a copy, `**tmp`).
      const through = pointers.has(key) && !use.stores && dereferences(use.fn) ? 1 : 0;
      score.set(use.fn, { shared: known.shared + 1 + through, conflicts: known.conflicts || pointStores || use.stores });
    }
  }
  return [...score].filter(([, s]) => s.shared >= 2 && s.conflicts)
    .sort(([a, x], [b, y]) => y.shared - x.shared || (a.qualifiedName < b.qualifiedName ? -1 : a.qualifiedName > b.qualifiedName ? 1 : 0))
    .slice(0, MAX_CANDIDATES).map(([fn]) => fn);
}

/**
 * Functions other than `fn` that store `key` themselves (the linted file read fresh), at most
 * `MAX_CANDIDATES` after filtering by `accept`, in a stable order; none when the key is used by so
 * many functions that it says nothing about who pairs with whom.
 */
export function functionsStoring(
  project: ProjectView, fileIR: FileIR, fn: FunctionIR, key: string, accept: (candidate: FunctionIR) => boolean,
): FunctionIR[] {
  const fresh = freshIndex(fileIR);
  const uses = [...(projectIndex(project).get(key) ?? []).filter((use) => use.fn.site.file !== fileIR.file), ...(fresh.get(key) ?? [])];
  if (uses.length > MAX_FUNCTIONS_PER_KEY) return [];
  const found: FunctionIR[] = [];
  for (const use of uses.sort((a, b) => (a.fn.qualifiedName < b.fn.qualifiedName ? -1 : a.fn.qualifiedName > b.fn.qualifiedName ? 1 : 0))) {
    if (!use.stores || use.fn === fn || use.fn.qualifiedName === fn.qualifiedName || found.includes(use.fn) || !accept(use.fn)) continue;
    found.push(use.fn);
    if (found.length >= MAX_CANDIDATES) break;
  }
  return found;
}
