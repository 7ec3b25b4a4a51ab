export { composeCType, elementType, formatCType, isArrayType, isPointerType, normalizeBaseSpelling, parseCType, pointerTo, type CType } from "./c-type.js";
export { elementKey, fieldKey, fileBaseName, globalKey, nameKey, pointeeKey, staticLocalKey, textualKey } from "./field-keys.js";
export { isScalarBase, scalarSize, scalarType } from "./scalar-types.js";
export { TypeResolver, type DeclaredTypes } from "./type-resolver.js";
