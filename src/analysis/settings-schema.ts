import { C_MEMORY_ORDER_NAMES } from "./dialects/c11.js";
import type { AddressForm } from "./dialects/primitive.js";
import { DIALECTS } from "./dialects/registry.js";
import type { AccessOp, FenceKind } from "./ir/events.js";
import type { Order } from "./ir/order.js";

/**
 * The JSON Schema of `settings.barriers`, the one description of what the settings may hold. It is
 * checked once per settings object (see `settings.ts`); every value the analysis reads has passed it.
 */

const ACCESS_OPS = ["load", "store", "rmw"] as const satisfies readonly AccessOp[];
const ORDERS = ["plain", "once", "consume", "acquire", "release", "seqcst", "mb"] as const satisfies readonly Order[];
const ADDRESS_FORMS = ["pointer", "lvalue", "typed-array"] as const satisfies readonly AddressForm[];
const FENCE_KINDS = [
  "compiler", "rmb", "wmb", "mb", "acquire", "release", "read-depends", "before-rmw", "after-rmw",
] as const satisfies readonly FenceKind[];
const FENCE_FLAVOURS = ["smp", "mandatory", "dma", "virt"] as const;

/** Call depth beyond this costs more than it finds: every level multiplies the sides walked. */
export const MAX_CALL_DEPTH = 16;

const argumentIndex = { type: "integer", minimum: 0, maximum: 31 } as const;

const accessPrimitiveSchema = {
  type: "object",
  description: "An access primitive: its operation, ordering and which argument names the location.",
  properties: {
    kind: { const: "access" },
    op: { enum: ACCESS_OPS },
    order: { enum: ORDERS },
    addressArg: { ...argumentIndex, description: "Index of the argument that designates the location (default 0)." },
    addressForm: { enum: ADDRESS_FORMS, description: "How that argument names the location (default \"pointer\")." },
    orderArg: { ...argumentIndex, description: "Index of a C11/GCC memory-order argument that overrides `order`." },
    rmwIsFullBarrier: { type: "boolean" },
    returnsValue: { type: "boolean" },
    mbForm: { type: "boolean" },
    forbidsFloat: { type: "boolean" },
    externalMemory: { type: "string", minLength: 1 },
  },
  required: ["kind", "op", "order"],
  additionalProperties: false,
} as const;

const fencePrimitiveSchema = {
  type: "object",
  description: "A fence primitive: which barrier it is.",
  properties: {
    kind: { const: "fence" },
    fence: { enum: FENCE_KINDS },
    flavour: { enum: FENCE_FLAVOURS },
    orderArg: { ...argumentIndex, description: "Index of a memory-order argument (atomic_thread_fence(memory_order_acquire))." },
  },
  required: ["kind", "fence"],
  additionalProperties: false,
} as const;

const globList = { type: "array", items: { type: "string", minLength: 1 } } as const;

export const BARRIER_SETTINGS_SCHEMA = {
  type: "object",
  description: "settings.barriers",
  properties: {
    dialects: {
      type: "array",
      items: { enum: Object.keys(DIALECTS) },
      description: "Dialect ids, merged in order; a later one wins a name.",
    },
    primitives: {
      type: "object",
      description: "The user's own primitives, by function or macro name.",
      additionalProperties: {
        type: "object",
        properties: { kind: { enum: ["access", "fence"] } },
        required: ["kind"],
        discriminator: { propertyName: "kind" },
        oneOf: [accessPrimitiveSchema, fencePrimitiveSchema],
      },
    },
    externalPartners: {
      type: "object",
      description: "\"Type\" or \"Type.field\" -> who holds the other side, outside the project.",
      additionalProperties: { type: "string", minLength: 1 },
    },
    memoryOrders: {
      type: "object",
      description: "Identifier -> the C memory order it stands for, read wherever a primitive's orderArg is.",
      propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description: "a C identifier" },
      additionalProperties: { enum: C_MEMORY_ORDER_NAMES },
    },
    hostPointerSize: { enum: [4, 8], description: "Pointer size of the host in bytes (QEMU's ATOMIC_REG_SIZE)." },
    callDepth: { type: "integer", minimum: 0, maximum: MAX_CALL_DEPTH, description: "How many call levels sides follow into callees." },
    project: {
      type: "object",
      description: "The project index: which other files are read.",
      properties: {
        root: { type: "string", minLength: 1 },
        files: { ...globList, minItems: 1 },
        ignores: globList,
        cacheDirectory: { anyOf: [{ type: "string", minLength: 1 }, { const: false }] },
        enabled: { type: "boolean" },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;
