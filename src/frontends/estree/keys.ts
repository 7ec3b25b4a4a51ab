import type { FieldKey } from "../../analysis/ir/field-key.js";
import { unwrapExpression, type Node } from "./estree.js";
import type { Place, SharedMemoryModel } from "./shared-memory.js";
import type { TypedArrayValue } from "./values.js";

/**
 * The index part of a typed-array key: a literal (`0`), a named constant (`HEAD`, an import, an enum
 * member `Slot:HEAD`), or undefined when it varies (the key is then `binding[]`). Named constants keep
 * their name so that a main thread and a worker importing the same layout module agree.
 */
export function indexKey(model: SharedMemoryModel, index: Node, place: Place): string | undefined {
  const target = unwrapExpression(index);
  if (target.type === "Literal" && typeof target.value === "number" && Number.isInteger(target.value)) return String(target.value);
  if (target.type === "Identifier") return isNamedConstant(model, target.name, place, 0) ? constantName(model, target.name, place) : undefined;
  if (target.type === "MemberExpression" && !target.computed && target.object.type === "Identifier" && target.property.type === "Identifier") {
    const owner = model.scopes.resolve(target.object.name, place.scope);
    const constantOwner = owner && (owner.declarationKind === "enum" || owner.declarationKind === "class" || owner.declarationKind === "import"
      || (owner.declarationKind === "const" && owner.origin.kind === "init" && unwrapExpression(owner.origin.expression).type === "ObjectExpression"));
    if (!constantOwner) return undefined;
    // `layout.HEAD` through `import * as layout` is the constant `HEAD` of that module.
    const member = owner.origin.kind === "import" && owner.origin.imported === "*"
      ? model.imports?.constantName(owner.origin.source, target.property.name) : undefined;
    return member ?? `${target.object.name}:${target.property.name}`;
  }
  return undefined;
}

/**
 * An imported constant is named as the module that declares it names it, so that `import { HEAD as H }`
 * and a re-export of `HEAD` agree with the layout module; other constants keep their own name.
 */
function constantName(model: SharedMemoryModel, name: string, place: Place): string {
  const origin = model.scopes.resolve(name, place.scope)?.origin;
  if (origin?.kind !== "import") return name;
  const declared = model.imports?.constantName(origin.source, origin.imported);
  if (declared !== undefined) return declared;
  return origin.imported === "default" || origin.imported === "*" ? name : origin.imported;
}

/** A binding whose value cannot change: an import, or a `const` computed from literals and other constants. */
function isNamedConstant(model: SharedMemoryModel, name: string, place: Place, depth: number): boolean {
  const declaration = model.scopes.resolve(name, place.scope);
  if (!declaration || depth > 8) return false;
  if (declaration.declarationKind === "import") return true;
  if (declaration.declarationKind !== "const" || declaration.origin.kind !== "init") return false;
  const declarationPlace = model.placeOf(declaration.scope.node);
  return isConstantExpression(model, declaration.origin.expression, declarationPlace, depth + 1);
}

function isConstantExpression(model: SharedMemoryModel, expression: Node, place: Place, depth: number): boolean {
  const target = unwrapExpression(expression);
  switch (target.type) {
    case "Literal":
      return typeof target.value === "number" || typeof target.value === "bigint";
    case "Identifier":
      return isNamedConstant(model, target.name, place, depth);
    case "UnaryExpression":
      return isConstantExpression(model, target.argument, place, depth);
    case "BinaryExpression":
      return target.left.type !== "PrivateIdentifier" && isConstantExpression(model, target.left, place, depth)
        && isConstantExpression(model, target.right, place, depth);
    case "MemberExpression":
      return indexKey(model, target, place) !== undefined;
    default:
      return false;
  }
}

export function typedArrayKey(array: TypedArrayValue, index: string | undefined): FieldKey {
  return { id: `${array.base ?? "?"}[${index ?? ""}]`, confidence: array.confidence };
}

/**
 * The key of a location named the C way, as the argument of a ported primitive (`qatomic_read(this.ready)`,
 * `WRITE_ONCE(ring.head, v)`) or by a plain member access in such a port.
 */
export function locationKey(model: SharedMemoryModel, expression: Node, place: Place): FieldKey | undefined {
  const target = unwrapExpression(expression);
  if (target.type === "MemberExpression") {
    if (target.computed) {
      const array = model.typedArrayOf(target.object, place);
      return array?.base !== undefined ? typedArrayKey(array, indexKey(model, target.property, place)) : undefined;
    }
    if (target.property.type !== "Identifier") return undefined;
    const field = target.property.name;
    const owner = model.valueOf(target.object, place);
    if (owner.kind === "instance") return { id: `${owner.className}.${field}`, confidence: "exact" };
    if (owner.kind === "message") return { id: [...owner.path, field].join("."), confidence: "exact" };
    const array = model.typedArrayOf(target, place);
    if (array?.base !== undefined) return { id: array.base, confidence: array.confidence };
    return { id: `?.${field}`, confidence: "owner-unknown" };
  }
  if (target.type === "Identifier") {
    const declaration = model.scopes.resolve(target.name, place.scope);
    if (declaration?.declarationKind === "param") return { id: `*${target.name}`, confidence: "exact" };
    return { id: target.name, confidence: "exact" };
  }
  return undefined;
}
