import type { Call, Fence } from "../ir/events.js";
import type { FileIR, FunctionIR } from "../ir/function-ir.js";
import type { ProjectView } from "../project-view.js";
import { leafEvents } from "../ir/walk.js";
import { getOrCreate } from "../memo.js";

export interface CallSite {
  caller: FunctionIR;
  call: Call;
}

/**
 * Name resolution for the pairing analysis: which functions a call may reach and which calls reach a
 * function. A static function is visible only from its own file, unless that file is a header.
 */
export interface CodeScope {
  readonly project: ProjectView;
  /** Every function the scope holds, in a deterministic order. */
  functions(): readonly FunctionIR[];
  functionsNamed(name: string): readonly FunctionIR[];
  calleesOf(caller: FunctionIR, name: string): readonly FunctionIR[];
  callSitesOf(callee: FunctionIR): readonly CallSite[];
  /** Whether some file uses the function as a value (a callback): callers the analysis cannot see call it. */
  isUsedAsValue(fn: FunctionIR): boolean;
}

const projectScopes = new WeakMap<ProjectView, CodeScope>();

/** The scope of a whole project; built once per ProjectView object. */
export function projectScope(project: ProjectView): CodeScope {
  return getOrCreate(projectScopes, project, () => new ProjectScope(project));
}

/** The project with one file's functions replaced by a fresher copy (the file being linted). */
export function overlayScope(project: ProjectView, file: FileIR): CodeScope {
  return new OverlayScope(projectScope(project) as ProjectScope, file);
}

/** A `static inline` function of a header is compiled into every file that includes it. */
const HEADER = /\.(?:h|hh|hpp|hxx|inc)$/iu;

function isFileLocal(fn: FunctionIR): boolean {
  return fn.isStatic && !HEADER.test(fn.site.file);
}

function resolveFrom(caller: FunctionIR, candidates: readonly FunctionIR[]): readonly FunctionIR[] {
  const sameFileStatics = candidates.filter((fn) => isFileLocal(fn) && fn.site.file === caller.site.file);
  if (sameFileStatics.length > 0) return sameFileStatics;
  return candidates.some(isFileLocal) ? candidates.filter((fn) => !isFileLocal(fn)) : candidates;
}

function callsIn(fn: FunctionIR): Call[] {
  return leafEvents(fn.body).filter((event): event is Call => event.kind === "call");
}

function compareFunctions(a: FunctionIR, b: FunctionIR): number {
  return a.site.file < b.site.file ? -1 : a.site.file > b.site.file ? 1 : a.site.range[0] - b.site.range[0];
}

function addCallSites(index: Map<string, CallSite[]>, caller: FunctionIR): void {
  for (const call of callsIn(caller)) {
    const list = index.get(call.callee);
    if (list) list.push({ caller, call });
    else index.set(call.callee, [{ caller, call }]);
  }
}

function sitesReaching(callee: FunctionIR, sites: readonly CallSite[], scope: CodeScope): CallSite[] {
  return sites.filter(({ caller, call }) => scope.calleesOf(caller, call.callee).includes(callee));
}

class ProjectScope implements CodeScope {
  private callSiteIndex?: Map<string, CallSite[]>;
  private allFunctions?: FunctionIR[];
  private functionValues?: Set<string>;

  constructor(readonly project: ProjectView) {}

  functions(): readonly FunctionIR[] {
    if (!this.allFunctions) {
      this.allFunctions = [];
      for (const file of this.project.files()) this.allFunctions.push(...file.functions);
      this.allFunctions.sort(compareFunctions);
    }
    return this.allFunctions;
  }

  functionsNamed(name: string): readonly FunctionIR[] {
    return this.project.functionsNamed(name);
  }

  calleesOf(caller: FunctionIR, name: string): readonly FunctionIR[] {
    return resolveFrom(caller, this.functionsNamed(name));
  }

  callSitesOf(callee: FunctionIR): readonly CallSite[] {
    return sitesReaching(callee, this.rawCallSites(callee.name), this);
  }

  isUsedAsValue(fn: FunctionIR): boolean {
    this.functionValues ??= new Set([...this.project.files()].flatMap((file) => file.functionValues ?? []));
    return this.functionValues.has(fn.name);
  }

  /** Call sites by callee name, whatever they resolve to. */
  rawCallSites(name: string): readonly CallSite[] {
    if (!this.callSiteIndex) {
      this.callSiteIndex = new Map();
      for (const fn of this.functions()) addCallSites(this.callSiteIndex, fn);
    }
    return this.callSiteIndex.get(name) ?? [];
  }
}

class OverlayScope implements CodeScope {
  readonly project: ProjectView;
  private readonly byName = new Map<string, FunctionIR[]>();
  private readonly localCallSites = new Map<string, CallSite[]>();
  private allFunctions?: FunctionIR[];

  constructor(private readonly base: ProjectScope, private readonly file: FileIR) {
    this.project = base.project;
    for (const fn of file.functions) {
      const list = this.byName.get(fn.name);
      if (list) list.push(fn);
      else this.byName.set(fn.name, [fn]);
      addCallSites(this.localCallSites, fn);
    }
  }

  isUsedAsValue(fn: FunctionIR): boolean {
    return (this.file.functionValues ?? []).includes(fn.name) || this.base.isUsedAsValue(fn);
  }

  private isReplaced(fn: FunctionIR): boolean {
    return fn.site.file === this.file.file;
  }

  functions(): readonly FunctionIR[] {
    if (!this.allFunctions) {
      this.allFunctions = [...this.base.functions().filter((fn) => !this.isReplaced(fn)), ...this.file.functions];
      this.allFunctions.sort(compareFunctions);
    }
    return this.allFunctions;
  }

  functionsNamed(name: string): readonly FunctionIR[] {
    const local = this.byName.get(name) ?? [];
    const others = this.base.functionsNamed(name).filter((fn) => !this.isReplaced(fn));
    return local.length === 0 ? others : [...local, ...others];
  }

  calleesOf(caller: FunctionIR, name: string): readonly FunctionIR[] {
    return resolveFrom(caller, this.functionsNamed(name));
  }

  callSitesOf(callee: FunctionIR): readonly CallSite[] {
    const sites = [
      ...(this.localCallSites.get(callee.name) ?? []),
      ...this.base.rawCallSites(callee.name).filter((site) => !this.isReplaced(site.caller)),
    ];
    return sitesReaching(callee, sites, this);
  }
}

/**
 * The fence a call stands for when it calls a primitive wrapper (`static inline void my_wmb(void) {
 * smp_wmb(); }`): the call site is then the ordering point, not the wrapper's body.
 */
export function wrappedFence(scope: CodeScope, caller: FunctionIR, callee: string): Fence | undefined {
  const targets = scope.calleesOf(caller, callee);
  if (targets.length === 0) return undefined;
  let fence: Fence | undefined;
  for (const target of targets) {
    if (!target.isPrimitiveWrapper) return undefined;
    const leaves = leafEvents(target.body);
    const fences = leaves.filter((event): event is Fence => event.kind === "fence" && event.fence !== "compiler");
    if (fences.length !== 1 || leaves.some((event) => event.kind === "access")) return undefined;
    fence ??= fences[0];
  }
  return fence;
}
