import type { BindingWrite } from "./binding-writes.js";
import { unwrapExpression, type Node } from "./estree.js";
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
/** A binding met again while its own value is being worked out: it adds nothing to what its other values say. */
const IN_PROGRESS: Reference = { kind: "unresolved", reason: "its value is defined in terms of itself" };
/** Aliases of aliases are followed this deep; real code has two or three. */
const MAX_CHAIN = 64;
/** Bindings worked out for one question at most; bindings that refer to each other in many ways stop here. */
const MAX_STEPS = 2_000;
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
  readonly #inProgress = new Set<Declaration>();
  /** Counts answers that depend on where the question started (a cycle cut open, a bound reached). */
  #cuts = 0;
  #steps = 0;

  constructor(
    private readonly scopes: ScopeTree,
    private readonly writes: ReadonlyMap<Declaration, readonly BindingWrite[]>,
  ) {}

  callee(callee: Node, scope: Scope): AtomicsCallee | undefined {
    this.#steps = 0;
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
    const node = unwrapExpression(expression);
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
    if (this.#declarations.has(declaration)) return this.#declarations.get(declaration);
    if (this.#inProgress.has(declaration) || this.#inProgress.size >= MAX_CHAIN || ++this.#steps > MAX_STEPS) {
      this.#cuts += 1;
      return this.#inProgress.has(declaration) ? IN_PROGRESS : undefined;
    }
    const cutsBefore = this.#cuts;
    this.#inProgress.add(declaration);
    const reference = this.#declarationReference(declaration);
    this.#inProgress.delete(declaration);
    // A value worked out with a cycle cut open (or a bound reached) depends on where the question
    // started: kept only when nothing was cut, so that answers never depend on the order of questions.
    if (this.#cuts === cutsBefore) this.#declarations.set(declaration, reference);
    return reference;
  }

  /** The one value a variable holds: its initialiser and every later write must agree. */
  #declarationReference(declaration: Declaration): Reference | undefined {
    if (!["const", "let", "var", "using"].includes(declaration.declarationKind)) return undefined;
    const values: (Reference | undefined)[] = [];
    const { origin, scope } = declaration;
    if (origin.kind === "init") values.push(this.#reference(origin.expression, scope));
    else if (origin.kind === "property") values.push(this.#path(this.#reference(origin.object, scope), origin.path));
    else if (origin.kind === "computed-property") {
      const holder = this.#path(this.#reference(origin.object, scope), origin.path);
      values.push(holder && holder.kind !== "string" ? step(holder, this.#constantString(origin.key, scope)) : undefined);
    } else if (declaration.declarationKind === "const") return undefined;
    for (const write of this.writes.get(declaration) ?? []) values.push(write.value ? this.#reference(write.value, write.scope) : undefined);
    return join(values);
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
      return key === "call" || key === "apply"
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
