import type { TSESTree } from "@typescript-eslint/types";
import type { AtomicsReferences } from "./atomics-references.js";
import type { ClassCatalogue } from "./classes.js";
import { dottedName, propertyKeyName, unwrapExpression, type FunctionNode, type Node, type Program } from "./estree.js";
import type { FunctionSite } from "./functions.js";
import type { ImportResolver } from "./module-graph.js";
import { annotatedTypeName, annotatedBufferKind, type TypeOracle } from "./type-oracle.js";
import { isTypedArrayName, typedArrayType } from "./typed-arrays.js";
import type { Declaration, Scope, ScopeTree } from "./scopes.js";
import { elementValueOf, mergeValues, messageBase, UNKNOWN, type Sharing, type TypedArrayValue, type Value } from "./values.js";

/** Where an expression is evaluated: the scope that resolves its names and the class of `this`. */
export interface Place {
  scope: Scope;
  thisClass?: string;
}

const MAX_DEPTH = 400;
const WORKER_MODULES = new Set(["worker_threads", "node:worker_threads"]);
const NUMBER_FUNCTIONS = new Set(["Number", "parseInt", "parseFloat", "Math.floor", "Math.ceil", "Math.round", "Math.trunc", "Math.min", "Math.max", "Math.abs", "Date.now", "performance.now"]);
const ATOMICS_RETURNING_ELEMENTS = new Set(["load", "add", "sub", "and", "or", "xor", "exchange", "compareExchange", "store"]);
/** Type names that are neither typed arrays nor the classes that own shared fields. */
const NOT_AN_OWNER = new Set(["Array", "Map", "Set", "Promise", "Record", "Partial", "Readonly", "Object", "Function", "Worker", "MessagePort", "MessageEvent", "string", "boolean", "ArrayBufferLike"]);

/**
 * Answers what an expression denotes (a shared typed array and its key stem, a buffer, a message from
 * another thread, an instance of a class, a number or bigint), reading declarations, annotations,
 * constructor calls and, when configured, TypeScript's checker.
 */
export class SharedMemoryModel {
  readonly #declarationValues = new Map<Declaration, Value>();
  readonly #fieldValues = new Map<string, Value>();
  #depth = 0;
  readonly #siteOfScopeNode = new Map<Node, FunctionSite>();

  constructor(
    readonly scopes: ScopeTree,
    readonly sites: readonly FunctionSite[],
    readonly classes: ClassCatalogue,
    readonly aliases: ReadonlyMap<Declaration, string>,
    readonly oracle: TypeOracle | undefined,
    readonly atomics: AtomicsReferences,
    /** The other modules of the project, for names this one imports. */
    readonly imports?: ImportResolver,
  ) {
    for (const site of sites) this.#siteOfScopeNode.set(site.node, site);
  }

  placeOf(node: Program | FunctionNode): Place {
    const site = this.#siteOfScopeNode.get(node);
    return { scope: this.scopes.scopeOf(node), ...(site?.thisClass ? { thisClass: site.thisClass } : {}) };
  }

  valueOf(expression: Node, place: Place): Value {
    // Expressions nested deeper than any hand-written code are not worth a stack overflow.
    if (this.#depth > MAX_DEPTH) return UNKNOWN;
    this.#depth += 1;
    try {
      return this.#valueOf(expression, place);
    } finally {
      this.#depth -= 1;
    }
  }

  #valueOf(node: Node, place: Place): Value {
    switch (node.type) {
      case "TSAsExpression":
      case "TSTypeAssertion":
        return mergeValues(this.#valueOfTypeName(annotatedTypeName(node.typeAnnotation), annotatedBufferKind(node.typeAnnotation)), this.valueOf(node.expression, place));
      case "TSNonNullExpression":
      case "TSSatisfiesExpression":
        return this.valueOf(node.expression, place);
      case "Identifier": {
        const declaration = this.scopes.resolve(node.name, place.scope);
        return declaration ? this.declarationValue(declaration) : this.#fromOracle(node);
      }
      case "ThisExpression":
        return place.thisClass ? { kind: "instance", className: place.thisClass } : UNKNOWN;
      case "Literal":
        return typeof node.value === "number" ? { kind: "number" } : typeof node.value === "bigint" ? { kind: "bigint" } : UNKNOWN;
      case "UnaryExpression": {
        const operand = this.valueOf(node.argument, place);
        return (node.operator === "-" || node.operator === "~") && (operand.kind === "number" || operand.kind === "bigint") ? operand
          : node.operator === "+" ? { kind: "number" } : UNKNOWN;
      }
      case "BinaryExpression":
        return this.#arithmeticValue(node, place);
      case "ConditionalExpression": {
        const whenTrue = this.valueOf(node.consequent, place);
        return whenTrue.kind === this.valueOf(node.alternate, place).kind ? whenTrue : UNKNOWN;
      }
      case "NewExpression":
        return this.#constructedValue(node, place);
      case "MemberExpression":
        return this.#memberValue(node, place);
      case "CallExpression":
        return this.#callValue(node, place);
      default:
        return this.#fromOracle(node);
    }
  }

  /** The typed array an expression designates, if it designates one (a message received is taken to be one). */
  typedArrayOf(expression: Node, place: Place): TypedArrayValue | undefined {
    const value = this.valueOf(expression, place);
    if (value.kind === "typed-array") return value;
    if (value.kind === "message") return { kind: "typed-array", base: messageBase(value.path), confidence: "exact", sharing: "shared" };
    return undefined;
  }

  /** For `Atomics.op(target, ...)`: whatever `target` is, it is used as a typed array and needs a key stem. */
  atomicsTarget(expression: Node, place: Place): TypedArrayValue {
    const known = this.typedArrayOf(expression, place);
    if (known?.base !== undefined) return known;
    const target = unwrapExpression(expression);
    let named: { base: string; confidence: "exact" | "owner-unknown" } = { base: dottedName(target) ?? "?", confidence: "exact" };
    if (target.type === "MemberExpression" && !target.computed && target.property.type === "Identifier") {
      const owner = this.valueOf(target.object, place);
      named = owner.kind === "instance" ? { base: `${owner.className}.${target.property.name}`, confidence: "exact" }
        : { base: `?.${target.property.name}`, confidence: "owner-unknown" };
    }
    return { kind: "typed-array", sharing: known?.sharing ?? "unknown", ...(known?.type ? { type: known.type } : {}), ...named };
  }

  declarationValue(declaration: Declaration): Value {
    const memo = this.#declarationValues.get(declaration);
    if (memo) return memo;
    this.#declarationValues.set(declaration, UNKNOWN);
    const declared = this.#valueOfTypeName(annotatedTypeName(declaration.typeAnnotation), annotatedBufferKind(declaration.typeAnnotation));
    let value = mergeValues(declared, this.#originValue(declaration));
    if (value.kind === "unknown") value = this.#fromOracle(declaration.identifier);
    if (value.kind === "typed-array" && value.base === undefined) {
      value = { ...value, base: this.aliases.get(declaration) ?? value.base ?? declaration.name, confidence: "exact" };
    }
    this.#declarationValues.set(declaration, value);
    return value;
  }

  #originValue(declaration: Declaration): Value {
    const { origin } = declaration;
    const place = this.placeOf(declaration.scope.node);
    switch (origin.kind) {
      case "init":
        return this.valueOf(origin.expression, place);
      case "property":
        return this.#pathValue(this.#requiredModuleValue(origin.object) ?? this.valueOf(origin.object, place), origin.path);
      case "parameter": {
        const role = this.#siteOfScopeNode.get(origin.owner)?.messageRole;
        if (role === "data") return { kind: "message", path: origin.path };
        if (role === "event" && origin.index === 0) {
          if (origin.path.length === 0) return { kind: "message-event" };
          return origin.path[0] === "data" ? { kind: "message", path: origin.path.slice(1) } : UNKNOWN;
        }
        return UNKNOWN;
      }
      case "import":
        if (WORKER_MODULES.has(origin.source)) return origin.imported === "workerData" ? { kind: "message", path: [] } : UNKNOWN;
        return this.imports?.valueOf(origin.source, origin.imported) ?? UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** `require("node:worker_threads")`: destructuring `workerData` from it yields the message. */
  #requiredModuleValue(object: Node): Value | undefined {
    const target = unwrapExpression(object);
    if (target.type !== "CallExpression" || target.callee.type !== "Identifier" || target.callee.name !== "require") return undefined;
    const source = target.arguments[0];
    if (source?.type !== "Literal" || typeof source.value !== "string" || !WORKER_MODULES.has(source.value)) return undefined;
    return { kind: "instance", className: "worker_threads" };
  }

  #pathValue(start: Value, path: readonly string[]): Value {
    let value = start;
    for (const property of path) value = this.#propertyValue(value, property, undefined);
    return value;
  }

  #memberValue(node: TSESTree.MemberExpression, place: Place): Value {
    const property = node.computed ? undefined : propertyKeyName(node.property, false);
    const namespace = node.object.type === "Identifier" ? this.scopes.resolve(node.object.name, place.scope)?.origin : undefined;
    if (property !== undefined && namespace?.kind === "import" && namespace.imported === "*" && !WORKER_MODULES.has(namespace.source)) {
      // `layout.control` through `import * as layout`: the module's export of that name.
      return this.imports?.valueOf(namespace.source, property) ?? UNKNOWN;
    }
    const object = this.valueOf(node.object, place);
    if (property !== undefined) return this.#propertyValue(object, property, node);
    if (node.property.type === "Literal" && typeof node.property.value === "string") return this.#propertyValue(object, node.property.value, node);
    if (object.kind === "typed-array") return elementValueOf(object.type);
    return this.#fromOracle(node);
  }

  #propertyValue(object: Value, property: string, node: Node | undefined): Value {
    switch (object.kind) {
      case "typed-array":
        return property === "buffer" ? { kind: "buffer", sharing: object.sharing } : property === "length" ? { kind: "number" } : UNKNOWN;
      case "message-event":
        return property === "data" ? { kind: "message", path: [] } : UNKNOWN;
      case "message":
        return { kind: "message", path: [...object.path, property] };
      case "instance":
        if (object.className === "worker_threads") return property === "workerData" ? { kind: "message", path: [] } : UNKNOWN;
        return this.fieldValue(object.className, property, node);
      default: {
        const fromTypes = node ? this.#fromOracle(node) : UNKNOWN;
        return fromTypes.kind === "typed-array" ? { ...fromTypes, base: `?.${property}`, confidence: "owner-unknown" } : fromTypes;
      }
    }
  }

  /** What a class field holds, from its declarations and assignments; typed arrays get the stem `Class.field`. */
  fieldValue(className: string, field: string, node?: Node): Value {
    const memoKey = `${className}.${field}`;
    const memo = this.#fieldValues.get(memoKey);
    if (memo) return memo;
    // Fields assigned from each other (`this.a = this.b`) must not recurse forever: in progress reads as unknown.
    this.#fieldValues.set(memoKey, UNKNOWN);
    const value = this.#computeFieldValue(className, field);
    this.#fieldValues.set(memoKey, value);
    if (value.kind === "unknown" && node) {
      const fromTypes = this.#fromOracle(node);
      return fromTypes.kind === "typed-array" ? { ...fromTypes, base: memoKey, confidence: "exact" } : fromTypes;
    }
    return value;
  }

  #computeFieldValue(className: string, field: string): Value {
    let value: Value = UNKNOWN;
    for (const source of this.classes.get(className)?.get(field) ?? []) {
      const declared = this.#valueOfTypeName(annotatedTypeName(source.annotation), annotatedBufferKind(source.annotation));
      const sourcePlace = { ...this.placeOf(source.scopeNode), thisClass: className };
      const assigned = source.value ? this.valueOf(source.value, sourcePlace) : UNKNOWN;
      value = mergeValues(value, mergeValues(declared, assigned));
    }
    if (value.kind === "typed-array") return { ...value, base: `${className}.${field}`, confidence: "exact" };
    return value;
  }

  #constructedValue(node: TSESTree.NewExpression, place: Place): Value {
    if (node.callee.type !== "Identifier") return UNKNOWN;
    const name = node.callee.name;
    if (name === "SharedArrayBuffer") return { kind: "buffer", sharing: "shared" };
    if (name === "ArrayBuffer") return { kind: "buffer", sharing: "private" };
    const type = typedArrayType(name);
    if (!type) return NOT_AN_OWNER.has(name) ? UNKNOWN : { kind: "instance", className: name };
    const source = node.arguments[0];
    return { kind: "typed-array", confidence: "exact", type, sharing: source ? this.#sharingOfSource(this.valueOf(source, place)) : "private" };
  }

  /** `new Int32Array(x)`: a view of a shared buffer is shared; a copy of an array or a length is not. */
  #sharingOfSource(source: Value): Sharing {
    switch (source.kind) {
      case "buffer":
        return source.sharing;
      case "message":
        return "shared";
      case "typed-array":
      case "number":
        return "private";
      default:
        return "unknown";
    }
  }

  #callValue(node: TSESTree.CallExpression, place: Place): Value {
    const atomics = this.atomics.callee(node.callee, place.scope);
    const callee = atomics?.kind === "method" ? atomics.name : dottedName(node.callee);
    if (callee === "BigInt" || callee === "BigInt.asIntN" || callee === "BigInt.asUintN") return { kind: "bigint" };
    if (callee !== undefined && NUMBER_FUNCTIONS.has(callee)) return { kind: "number" };
    if (callee?.startsWith("Atomics.") && ATOMICS_RETURNING_ELEMENTS.has(callee.slice("Atomics.".length)) && node.arguments[0]) {
      return elementValueOf(this.typedArrayOf(node.arguments[0], place)?.type);
    }
    return this.#fromOracle(node);
  }

  #arithmeticValue(node: TSESTree.BinaryExpression, place: Place): Value {
    if (!["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "**"].includes(node.operator)) {
      return node.operator === ">>>" ? { kind: "number" } : UNKNOWN;
    }
    if (node.left.type === "PrivateIdentifier") return UNKNOWN;
    const left = this.valueOf(node.left, place);
    const right = this.valueOf(node.right, place);
    if (left.kind === right.kind && (left.kind === "number" || left.kind === "bigint")) return left;
    return UNKNOWN;
  }

  #fromOracle(node: Node): Value {
    const name = this.oracle?.typeNameAt(node);
    return name ? this.#valueOfTypeName(name, undefined) : UNKNOWN;
  }

  #valueOfTypeName(name: string | undefined, bufferKind: "shared" | "private" | undefined): Value {
    if (!name) return UNKNOWN;
    if (name === "number") return { kind: "number" };
    if (name === "bigint") return { kind: "bigint" };
    if (name === "SharedArrayBuffer") return { kind: "buffer", sharing: "shared" };
    // Only `new ArrayBuffer()` is surely private: older TypeScript lets a SharedArrayBuffer pass as one.
    if (name === "ArrayBuffer") return { kind: "buffer", sharing: "unknown" };
    if (isTypedArrayName(name)) {
      // A typed array the types name without a buffer kind is read as shared: in code that shares
      // memory between threads that is what such a binding is for, and plain accesses to it matter.
      return { kind: "typed-array", confidence: "exact", type: typedArrayType(name)!, sharing: bufferKind ?? "shared" };
    }
    if (/^[A-Z]/u.test(name) && !NOT_AN_OWNER.has(name)) return { kind: "instance", className: name };
    return UNKNOWN;
  }
}
