export type { AccessPrimitive, AddressForm, Dialect, FencePrimitive, Primitive, PrimitiveTable } from "./primitive.js";
export { DIALECTS, PRESET_DIALECTS, resolveDialect, type ResolvedDialect } from "./registry.js";
export { MEMORY_ORDERS } from "./c11.js";
