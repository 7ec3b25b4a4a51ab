import type { Access } from "../ir/events.js";
import type { FileIR, FunctionIR } from "../ir/function-ir.js";
import { leafEvents } from "../ir/walk.js";
import type { ProjectView } from "../project-view.js";
import { getOrCreate } from "../memo.js";

/** An access with the function that holds it. */
export interface AccessSite {
  access: Access;
  fn: FunctionIR;
}

/** `struct.count`: a field of an anonymous struct, whose owner names no type. */
const ANONYMOUS_OWNER = /^(?:struct|union)\./u;

/**
 * The name under which the rule compares an access, or undefined when it cannot be compared safely:
 * owner-unknown keys (`?.f`) and fields of anonymous structs would match every field of that name, so
 * they are left out. A litmus-style
 * pointer parameter (`*p`) is matched by name, which means nothing across functions: it only compares
 * within its own function.
 */
export function usageKey(access: Access, fn: FunctionIR): string | undefined {
  const { key } = access;
  if (key.confidence !== "exact" || key.id.startsWith("?.") || ANONYMOUS_OWNER.test(key.id)) return undefined;
  if (key.id.startsWith("*")) return `${fn.site.file}::${fn.qualifiedName}::${key.id}`;
  return key.id;
}

export function isAtomicAccess(access: Access): boolean {
  return access.order !== "plain";
}

function compareSites(a: AccessSite, b: AccessSite): number {
  const fileA = a.access.site.file;
  const fileB = b.access.site.file;
  return fileA < fileB ? -1 : fileA > fileB ? 1 : a.access.site.range[0] - b.access.site.range[0];
}

function addTo(map: Map<string, AccessSite[]>, key: string, site: AccessSite): void {
  const list = map.get(key);
  if (list) list.push(site);
  else map.set(key, [site]);
}

function functionsOf(files: Iterable<FileIR>): FunctionIR[] {
  const functions: FunctionIR[] = [];
  for (const file of files) functions.push(...file.functions);
  return functions;
}

/** Every access of these functions, with its usage key. */
function* keyedAccesses(functions: readonly FunctionIR[]): Generator<[string, AccessSite]> {
  for (const fn of functions) {
    for (const event of leafEvents(fn.body)) {
      if (event.kind !== "access") continue;
      const key = usageKey(event, fn);
      if (key !== undefined) yield [key, { access: event, fn }];
    }
  }
}

/**
 * Which keys the project accesses atomically (with an example site each), and every access to a
 * given key. Built once per ProjectView object; accesses of keys are gathered on demand, a batch of
 * keys per pass over the project.
 */
export class ProjectKeyUsage {
  private atomic?: Map<string, AccessSite[]>;
  private readonly accesses = new Map<string, AccessSite[]>();
  private functionList?: FunctionIR[];

  constructor(readonly project: ProjectView) {}

  private functions(): FunctionIR[] {
    this.functionList ??= functionsOf(this.project.files());
    return this.functionList;
  }

  /** Atomic accesses of each key, in file and offset order. */
  atomicSites(): ReadonlyMap<string, readonly AccessSite[]> {
    if (!this.atomic) {
      this.atomic = new Map();
      for (const [key, site] of keyedAccesses(this.functions())) if (isAtomicAccess(site.access)) addTo(this.atomic, key, site);
      for (const list of this.atomic.values()) list.sort(compareSites);
    }
    return this.atomic;
  }

  /**
   * Every access (plain or atomic) of each key asked for. The first pass gathers the accesses of every
   * key the project accesses atomically, so later files rarely need another pass.
   */
  accessesOf(keys: Iterable<string>): ReadonlyMap<string, readonly AccessSite[]> {
    const wanted = new Set([...keys].filter((key) => !this.accesses.has(key)));
    if (wanted.size > 0 && this.accesses.size === 0) for (const key of this.atomicSites().keys()) wanted.add(key);
    if (wanted.size > 0) {
      for (const key of wanted) this.accesses.set(key, []);
      for (const [key, site] of keyedAccesses(this.functions())) if (wanted.has(key)) this.accesses.get(key)!.push(site);
    }
    const result = new Map<string, readonly AccessSite[]>();
    for (const key of keys) result.set(key, this.accesses.get(key)!);
    return result;
  }
}

const usages = new WeakMap<ProjectView, ProjectKeyUsage>();

export function projectKeyUsage(project: ProjectView): ProjectKeyUsage {
  return getOrCreate(usages, project, () => new ProjectKeyUsage(project));
}

/**
 * The project's key usage as seen while linting one file: that file's fresh IR replaces the
 * project's (possibly older) copy of it.
 */
export class FileKeyUsage {
  private readonly localAccesses = new Map<string, AccessSite[]>();

  constructor(private readonly base: ProjectKeyUsage, readonly fileIR: FileIR) {
    for (const [key, site] of keyedAccesses(fileIR.functions)) addTo(this.localAccesses, key, site);
  }

  /** Accesses of the linted file, by key. */
  local(): ReadonlyMap<string, readonly AccessSite[]> {
    return this.localAccesses;
  }

  /** Atomic accesses of a key: the linted file's first, then the rest of the project's. */
  atomicSitesOf(key: string): AccessSite[] {
    const local = (this.localAccesses.get(key) ?? []).filter((site) => isAtomicAccess(site.access));
    const others = (this.base.atomicSites().get(key) ?? []).filter((site) => !this.isReplaced(site));
    return [...local, ...others];
  }

  /** Gathers the project's accesses of these keys in one pass, ahead of `accessesOf`. */
  prepare(keys: Iterable<string>): void {
    this.base.accessesOf(keys);
  }

  /** Every access of a key in the project, the linted file's current ones included. */
  accessesOf(key: string): AccessSite[] {
    const others = this.base.accessesOf([key]).get(key)!.filter((site) => !this.isReplaced(site));
    return [...(this.localAccesses.get(key) ?? []), ...others];
  }

  private isReplaced(site: AccessSite): boolean {
    return site.fn.site.file === this.fileIR.file;
  }
}
