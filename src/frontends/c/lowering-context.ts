import type { ResolvedDialect } from "../../analysis/dialects/registry.js";
import type { CType } from "../../analysis/keys/c-type.js";
import { globalKey, staticLocalKey } from "../../analysis/keys/field-keys.js";
import type { PointerFieldStores } from "./pointer-field-stores.js";
import type { TypeResolver } from "../../analysis/keys/type-resolver.js";
import type { AnalysisLimit } from "../../analysis/ir/function-ir.js";
import type { TypeInfo } from "../../analysis/ir/type-info.js";
import type { LineIndex } from "../../languages/c/line-index.js";
import type { SyntaxNode } from "../../languages/c/syntax-node.js";
import type { EventBuilder } from "./event-builder.js";
import type { FileDeclarations } from "./file-declarations.js";
import { typeInfoOf } from "./type-info.js";
import { NO_LOADS, unionLoads, type LoadSet, type PointerTarget, type Value, type Variable } from "./values.js";

/** What every function of a file shares. */
export interface FileContext {
  file: string;
  text: string;
  lines: LineIndex;
  dialect: ResolvedDialect;
  hostPointerSize: number;
  resolver: TypeResolver;
  declarations: FileDeclarations;
  /** Shared variables met by name, so that each gets one Variable object. */
  globals: Map<string, Variable | null>;
  /** Functions of the file met as values (passed, stored), not called. */
  functionValues: Set<string>;
  /** The addresses stored into shared locations, to name what `*tail` reaches. */
  pointerStores: PointerFieldStores;
}

interface VariableState {
  deps: LoadSet;
  target?: PointerTarget;
  load?: string;
}

/**
 * Deepest expression nesting lowered: expressions are lowered by recursion, so deeper code (generated
 * tables) is cut here, with a limit recorded, rather than overflowing the stack.
 */
export const MAX_NESTING = 400;

/**
 * Deepest statement nesting lowered. Statements are lowered without recursion, so this bounds the
 * depth of the IR the checkers walk, not the lowering's stack.
 */
export const MAX_STATEMENT_NESTING = 3000;

/** One function's lowering state: scopes, what each local holds, and where events go. */
export class FunctionContext {
  readonly fileContext: FileContext;
  readonly events: EventBuilder;
  readonly functionName: string;
  readonly #scopes: Map<string, Variable>[] = [new Map()];
  readonly #state = new Map<Variable, VariableState>();
  readonly #breakTargets: ("loop" | "switch")[] = [];
  /** >0 inside branches and loops, where an assignment may not happen: locals then accumulate loads. */
  #conditionalDepth = 0;
  /** Expression nesting of the expression being evaluated (see `MAX_NESTING`). */
  nesting = 0;
  /** Set when lowering met an ERROR node inside the function. */
  sawErrors = false;
  /** What was cut from this function's IR, at most one entry per kind (the first place it happened). */
  readonly limits: AnalysisLimit[] = [];

  constructor(fileContext: FileContext, events: EventBuilder, functionName: string) {
    this.fileContext = fileContext;
    this.events = events;
    this.functionName = functionName;
  }

  get text(): string {
    return this.fileContext.text;
  }

  textOf(node: SyntaxNode): string {
    return this.fileContext.text.slice(node.range[0], node.range[1]);
  }

  typeInfo(type: CType | undefined): TypeInfo | undefined {
    return type ? typeInfoOf(type, this.fileContext.resolver, this.fileContext.hostPointerSize) : undefined;
  }

  /** Notes that the IR leaves something out at `node`; the first cut of each kind is kept. */
  recordLimit(kind: AnalysisLimit["kind"], node: SyntaxNode, detail: string): void {
    if (this.limits.some((limit) => limit.kind === kind)) return;
    this.limits.push({ kind, site: this.events.site(node), detail });
  }

  // Scopes -------------------------------------------------------------------------------------

  withScope<T>(run: () => T): T {
    this.enterScope();
    try {
      return run();
    } finally {
      this.leaveScope();
    }
  }

  enterScope(): void {
    this.#scopes.push(new Map());
  }

  leaveScope(): void {
    this.#scopes.pop();
  }

  declareLocal(name: string, type: CType | undefined, isParameter: boolean): Variable {
    const variable: Variable = { name, storage: "local", isParameter, ...(type ? { type } : {}) };
    this.#scopes[this.#scopes.length - 1]!.set(name, variable);
    return variable;
  }

  declareStaticLocal(name: string, type: CType | undefined): Variable {
    const key = staticLocalKey(name, this.functionName, this.fileContext.file);
    const variable: Variable = { name, storage: "static-local", isParameter: false, key, ...(type ? { type } : {}) };
    this.#scopes[this.#scopes.length - 1]!.set(name, variable);
    return variable;
  }

  declareExtern(name: string, type: CType | undefined): void {
    const variable: Variable = { name, storage: "global", isParameter: false, key: globalKey(name, this.fileContext.file, false), ...(type ? { type } : {}) };
    this.#scopes[this.#scopes.length - 1]!.set(name, variable);
  }

  /**
   * A name in scope: a local, a file-scope variable, or (for a name declared nowhere in the file) a
   * global from a header. Functions, enumerators and ALL_CAPS macro constants are not variables.
   */
  lookup(name: string): Variable | undefined {
    for (let index = this.#scopes.length - 1; index >= 0; index--) {
      const variable = this.#scopes[index]!.get(name);
      if (variable) return variable;
    }
    const { globals, declarations, file } = this.fileContext;
    const known = globals.get(name);
    if (known !== undefined) return known ?? undefined;
    let variable: Variable | null = null;
    const declared = declarations.globals.get(name);
    if (declared) {
      variable = { name, storage: "global", isParameter: false, type: declared.type, key: globalKey(name, file, declared.isStatic) };
    } else if (!declarations.functionNames.has(name) && !declarations.enumerators.has(name) && !isConstantLikeName(name)) {
      variable = { name, storage: "global", isParameter: false, key: globalKey(name, file, false) };
    }
    globals.set(name, variable);
    return variable ?? undefined;
  }

  // What locals hold ---------------------------------------------------------------------------

  valueOfLocal(variable: Variable): Value {
    const state = this.#state.get(variable);
    const target = state?.target ?? parameterTarget(variable);
    return { deps: state?.deps ?? NO_LOADS, ...(variable.type ? { type: variable.type } : {}), ...(target ? { target } : {}), ...(state?.load ? { load: state.load } : {}) };
  }

  /** `accumulate`: compound assignments, and partial writes (`local.f = v`, `buf[i] = v`). */
  assignLocal(variable: Variable, value: Value, accumulate: boolean): void {
    const previous = this.#state.get(variable);
    const merge = accumulate || this.#conditionalDepth > 0;
    const deps = merge && previous ? unionLoads(previous.deps, value.deps) : value.deps;
    const target = value.target ?? (merge ? previous?.target : undefined);
    const load = !merge ? value.load : undefined;
    this.#state.set(variable, { deps, ...(target ? { target } : {}), ...(load ? { load } : {}) });
  }

  conditionally<T>(run: () => T): T {
    this.enterConditional();
    try {
      return run();
    } finally {
      this.leaveConditional();
    }
  }

  enterConditional(): void {
    this.#conditionalDepth++;
  }

  leaveConditional(): void {
    this.#conditionalDepth--;
  }

  // break targets ------------------------------------------------------------------------------

  enterBreakTarget(target: "loop" | "switch"): void {
    this.#breakTargets.push(target);
  }

  leaveBreakTarget(): void {
    this.#breakTargets.pop();
  }

  get breakTarget(): "loop" | "switch" | undefined {
    return this.#breakTargets[this.#breakTargets.length - 1];
  }
}

/** A pointer parameter `p` that nothing was assigned to points to `*p` (litmus-style keys). */
function parameterTarget(variable: Variable): PointerTarget | undefined {
  if (!variable.isParameter || !variable.type || variable.type.pointers === 0 || variable.type.arrays.length > 0) return undefined;
  return { deref: { id: `*${variable.name}`, confidence: "exact" }, element: { id: `${variable.name}[]`, confidence: "exact" } };
}

/** Names that are per thread or per process handle, never memory two threads order: `errno` is thread-local. */
const UNSHARED_LIBRARY_NAMES = new Set(["errno", "stdin", "stdout", "stderr"]);

function isConstantLikeName(name: string): boolean {
  return /^_*[A-Z][A-Z0-9_]*$/u.test(name) || name === "NULL" || name === "true" || name === "false" || UNSHARED_LIBRARY_NAMES.has(name)
    // Syscall numbers (`__NR_futex`, `SYS_futex`) and the compiler's own names (`__func__`).
    || name.startsWith("__NR_") || name.startsWith("SYS_") || /^__\w+__$/u.test(name);
}
