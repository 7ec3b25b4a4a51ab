import type { BindingWrite } from "./binding-writes.js";
import { isFunctionNode, unwrapExpression, walk, type Node } from "./estree.js";
import { componentsFrom } from "./strong-components.js";
import type { Declaration, Scope, ScopeTree } from "./scopes.js";

/** What a call's callee is, when it reaches `Atomics` by a way other than spelling `Atomics.op`. */
export type AtomicsCallee =
  /** `name` is `Atomics.store` however it was reached: an alias, a constant key, destructuring. */
  | { kind: "method"; name: string }
  /** The callee reaches `Atomics`, but which method it calls cannot be told; `reason` says why. */
  | { kind: "unresolved"; reason: string };

/** The small domain of values this resolver tracks; anything else is `undefined`. */
type Reference =
  | { kind: "global" }
  | { kind: "atomics" }
  | { kind: "atomics-proxy" }
  /** An object that is `Atomics` on some paths and something else on others. */
  | { kind: "maybe-atomics"; reason: string }
  | { kind: "method"; name: string }
  | { kind: "string"; value: string }
  | { kind: "unresolved"; reason: string };

/** Names of the global object, which may prefix `Atomics` (`globalThis.Atomics`, `self["Atomics"]`). */
const GLOBAL_OBJECTS = new Set(["globalThis", "self", "window", "global"]);
/** A binding of the cycle being worked out, read by another of its bindings: it adds nothing to what their other values say. */
const IN_PROGRESS: Reference = { kind: "unresolved", reason: "its value is defined in terms of itself" };
const MAX_DEPTH = 400;
/** Bindings whose values are followed; parameters, functions, classes and imports are not. */
const TRACKED_KINDS: ReadonlySet<Declaration["declarationKind"]> = new Set(["const", "let", "var", "using"]);
const DIFFERING = "holds different values on different paths (or is assigned a value the analysis does not follow)";

/**
 * Follows `Atomics` through aliases (`const A = Atomics`, a `let` only ever assigned `Atomics`), constant
 * keys (`Atomics["store"]`, `const op = "store"; Atomics[op]`), destructuring (`const { store, load: ld }
 * = Atomics`) and the global object (`globalThis.Atomics`). A callee that reaches `Atomics` through a
 * name it cannot resolve, or through a `Proxy`, is `unresolved`, so the front-end can say the call was
 * not analysed rather than drop it silently. Values passed through parameters, properties of other
 * objects or function results are not followed.
 */
export class AtomicsReferences {
  readonly #declarations = new Map<Declaration, Reference | undefined>();
  /** The bindings whose values are being worked out together (one strongly connected component). */
  #component: ReadonlySet<Declaration> = new Set();
  #depth = 0;

  constructor(
    private readonly scopes: ScopeTree,
    private readonly writes: ReadonlyMap<Declaration, readonly BindingWrite[]>,
    /** False when the file never names `Atomics`: then nothing reaches it, and no question is worked out. */
    private readonly mentionsAtomics = true,
  ) {}

  callee(callee: Node, scope: Scope): AtomicsCallee | undefined {
    if (!this.mentionsAtomics) return undefined;
    const reference = this.#reference(callee, scope);
    if (reference?.kind === "method") return { kind: "method", name: `Atomics.${reference.name}` };
    if (reference?.kind === "unresolved") return reference;
    if (reference?.kind === "atomics-proxy") return { kind: "unresolved", reason: "it is called through a Proxy of Atomics" };
    return undefined;
  }

  /** A constant string an expression always evaluates to, if the analysis can tell. */
  #constantString(node: Node, scope: Scope): string | undefined {
    const reference = this.#reference(node, scope);
    return reference?.kind === "string" ? reference.value : undefined;
  }

  #reference(expression: Node, scope: Scope): Reference | undefined {
    // Expressions nested deeper than any hand-written code (`"a" + "b" + ...`) are not worth a stack overflow.
    if (this.#depth >= MAX_DEPTH) return undefined;
    this.#depth += 1;
    try {
      return this.#expressionReference(unwrapExpression(expression), scope);
    } finally {
      this.#depth -= 1;
    }
  }

  #expressionReference(node: Node, scope: Scope): Reference | undefined {
    switch (node.type) {
      case "ChainExpression":
        return this.#reference(node.expression, scope);
      case "SequenceExpression":
        return node.expressions.length > 0 ? this.#reference(node.expressions[node.expressions.length - 1]!, scope) : undefined;
      case "Identifier":
        return this.#identifier(node.name, scope);
      case "Literal":
        return typeof node.value === "string" ? { kind: "string", value: node.value } : undefined;
      case "TemplateLiteral":
        return node.expressions.length === 0 && node.quasis[0]?.value.cooked != null ? { kind: "string", value: node.quasis[0].value.cooked } : undefined;
      case "BinaryExpression": {
        if (node.operator !== "+") return undefined;
        const left = this.#reference(node.left, scope);
        const right = this.#reference(node.right, scope);
        return left?.kind === "string" && right?.kind === "string" ? { kind: "string", value: left.value + right.value } : undefined;
      }
      case "ConditionalExpression":
        return join([this.#reference(node.consequent, scope), this.#reference(node.alternate, scope)]);
      case "MemberExpression": {
        const object = this.#reference(node.object, scope);
        if (!object || object.kind === "string") return undefined;
        const key = node.computed ? this.#constantString(node.property, scope) : node.property.type === "Identifier" ? node.property.name : undefined;
        return step(object, key);
      }
      case "CallExpression":
        return this.#boundMethod(node.callee, scope);
      case "NewExpression":
        if (node.callee.type !== "Identifier" || node.callee.name !== "Proxy" || this.scopes.resolve("Proxy", scope)) return undefined;
        return node.arguments[0] && this.#reference(node.arguments[0], scope)?.kind === "atomics" ? { kind: "atomics-proxy" } : undefined;
      default:
        return undefined;
    }
  }

  /** `Atomics.store.bind(Atomics)` is the method itself; no other call's result is followed. */
  #boundMethod(callee: Node, scope: Scope): Reference | undefined {
    const target = unwrapExpression(callee);
    if (target.type !== "MemberExpression" || target.computed || target.property.type !== "Identifier" || target.property.name !== "bind") return undefined;
    const method = this.#reference(target.object, scope);
    return method?.kind === "method" || method?.kind === "unresolved" ? method : undefined;
  }

  #identifier(name: string, scope: Scope): Reference | undefined {
    const declaration = this.scopes.resolve(name, scope);
    if (!declaration) return name === "Atomics" ? { kind: "atomics" } : GLOBAL_OBJECTS.has(name) ? { kind: "global" } : undefined;
    if (this.#component.has(declaration)) return IN_PROGRESS;
    if (!this.#declarations.has(declaration)) this.#resolveFrom(declaration);
    return this.#declarations.get(declaration);
  }

  /**
   * Works out every binding `root` depends on, one strongly connected component at a time, each after
   * those it reads. The bindings of a cycle (`let A = Atomics; let B = A; A = B;`) share one value: what
   * their values give with the cycle's own bindings left out. So each binding is worked out once, and
   * its value never depends on which call asked first.
   */
  #resolveFrom(root: Declaration): void {
    const outer = this.#component;
    // A binding's value is worked out from its own expressions, however deep the question that asked.
    const outerDepth = this.#depth;
    this.#depth = 0;
    for (const component of componentsFrom(root, (declaration) => this.#dependencies(declaration), (declaration) => this.#declarations.has(declaration))) {
      this.#component = new Set(component);
      const joined = join(component.flatMap((declaration) => this.#declarationValues(declaration)));
      // Bindings that only ever hold each other hold nothing the analysis tracks.
      const value = joined === IN_PROGRESS ? undefined : joined;
      for (const declaration of component) this.#declarations.set(declaration, value);
    }
    this.#component = outer;
    this.#depth = outerDepth;
  }

  /** The bindings a binding's initialiser and writes name (a superset of those its value reads). */
  #dependencies(declaration: Declaration): Declaration[] {
    const found: Declaration[] = [];
    const visit = (expression: Node, scope: Scope) => walk(expression, (node, parent) => {
      if (isFunctionNode(node) || node.type === "ClassExpression") return false;
      const isName = parent?.type === "MemberExpression" && parent.property === node && !parent.computed;
      const isKey = parent?.type === "Property" && parent.key === node && !parent.computed;
      if (node.type === "Identifier" && !isName && !isKey) {
        const target = this.scopes.resolve(node.name, scope);
        if (target) found.push(target);
      }
      return true;
    });
    for (const { node, scope } of this.#valueSources(declaration)) visit(node, scope);
    return found;
  }

  /** Where a binding's values come from: its initialiser (or the object it is destructured from) and its writes. */
  #valueSources(declaration: Declaration): { node: Node; scope: Scope }[] {
    if (!TRACKED_KINDS.has(declaration.declarationKind)) return [];
    const { origin, scope } = declaration;
    const sources: { node: Node; scope: Scope }[] = [];
    if (origin.kind === "init") sources.push({ node: origin.expression, scope });
    else if (origin.kind === "property") sources.push({ node: origin.object, scope });
    else if (origin.kind === "computed-property") sources.push({ node: origin.object, scope }, { node: origin.key, scope });
    for (const write of this.writes.get(declaration) ?? []) if (write.value) sources.push({ node: write.value, scope: write.scope });
    return sources;
  }

  /** The values a variable may hold: its initialiser and every later write (a constant when they agree). */
  #declarationValues(declaration: Declaration): (Reference | undefined)[] {
    if (!TRACKED_KINDS.has(declaration.declarationKind)) return [undefined];
    const values: (Reference | undefined)[] = [];
    const { origin, scope } = declaration;
    if (origin.kind === "init") values.push(this.#reference(origin.expression, scope));
    else if (origin.kind === "property") values.push(this.#path(this.#reference(origin.object, scope), origin.path));
    else if (origin.kind === "computed-property") {
      const holder = this.#path(this.#reference(origin.object, scope), origin.path);
      values.push(holder && holder.kind !== "string" ? step(holder, this.#constantString(origin.key, scope)) : undefined);
    } else if (declaration.declarationKind === "const") return [undefined];
    for (const write of this.writes.get(declaration) ?? []) values.push(write.value ? this.#reference(write.value, write.scope) : undefined);
    return values.length > 0 ? values : [undefined];
  }

  #path(start: Reference | undefined, path: readonly string[]): Reference | undefined {
    let reference = start;
    for (const key of path) {
      if (!reference || reference.kind === "string") return undefined;
      reference = step(reference, key);
    }
    return reference;
  }
}

/** The property `key` (undefined: a key the analysis cannot resolve) of a tracked value. */
function step(object: Exclude<Reference, { kind: "string" }>, key: string | undefined): Reference | undefined {
  switch (object.kind) {
    case "global":
      return key === "Atomics" ? { kind: "atomics" } : undefined;
    case "atomics":
      return key !== undefined ? { kind: "method", name: key }
        : { kind: "unresolved", reason: "which Atomics method it names is computed from a value the analysis cannot resolve" };
    case "atomics-proxy":
      return { kind: "unresolved", reason: "it is reached through a Proxy of Atomics" };
    case "maybe-atomics":
      return { kind: "unresolved", reason: object.reason };
    case "method":
    case "unresolved":
      return object !== IN_PROGRESS && (key === "call" || key === "apply")
        ? { kind: "unresolved", reason: `an Atomics method called through .${key}() is not followed` }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The value of something that may hold any of `values`: their common value when they agree; when they
 * do not and one of them reaches `Atomics`, an unresolved reference (a call through it may be an
 * `Atomics` call); otherwise nothing the analysis tracks.
 */
function join(all: readonly (Reference | undefined)[]): Reference | undefined {
  const values = all.filter((value) => value !== IN_PROGRESS);
  if (values.length === 0) return all.length > 0 ? IN_PROGRESS : undefined;
  const [first, ...rest] = values;
  if (first && rest.every((value) => sameReference(first, value))) return first;
  if (values.some((value) => value?.kind === "atomics" || value?.kind === "atomics-proxy" || value?.kind === "maybe-atomics")) {
    return { kind: "maybe-atomics", reason: `the object it is called on ${DIFFERING}` };
  }
  if (!values.some((value) => value?.kind === "method" || value?.kind === "unresolved")) return undefined;
  return values.find((value) => value?.kind === "unresolved") ?? { kind: "unresolved", reason: `the function it calls ${DIFFERING}` };
}

function sameReference(a: Reference, b: Reference | undefined): boolean {
  if (!b || a.kind !== b.kind) return false;
  if (a.kind === "method" && b.kind === "method") return a.name === b.name;
  if (a.kind === "string" && b.kind === "string") return a.value === b.value;
  if ((a.kind === "unresolved" && b.kind === "unresolved") || (a.kind === "maybe-atomics" && b.kind === "maybe-atomics")) return a.reason === b.reason;
  return true;
}
