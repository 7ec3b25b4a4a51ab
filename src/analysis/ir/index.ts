export type { Site } from "./site.js";
export { formatSite } from "./site.js";
export type { Order } from "./order.js";
export { ORDER_STRENGTH, isAtomicOrder } from "./order.js";
export type { FieldKey } from "./field-key.js";
export { fieldKeysMatch, fieldName } from "./field-key.js";
export type { Access, AccessOp, Branch, Call, Dependency, Exit, Fence, FenceKind, IrEvent, Loop } from "./events.js";
export type { TypeInfo } from "./type-info.js";
export type { FileIR, FunctionIR, TypeDeclarations } from "./function-ir.js";
