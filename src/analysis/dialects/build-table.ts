import type { AccessOp } from "../ir/events.js";
import type { Order } from "../ir/order.js";
import type { AccessPrimitive, AddressForm, FencePrimitive, Primitive } from "./primitive.js";

/** Small constructors so that the tables read as data. */
export const load = (order: Order, form: AddressForm = "pointer", extra: Partial<AccessPrimitive> = {}): AccessPrimitive =>
  ({ kind: "access", op: "load", order, addressArg: 0, addressForm: form, ...extra });

export const store = (order: Order, form: AddressForm = "pointer", extra: Partial<AccessPrimitive> = {}): AccessPrimitive =>
  ({ kind: "access", op: "store", order, addressArg: 0, addressForm: form, ...extra });

export const rmw = (order: Order, extra: Partial<AccessPrimitive> = {}): AccessPrimitive =>
  ({ kind: "access", op: "rmw" as AccessOp, order, addressArg: 0, addressForm: "pointer", ...extra });

export const fence = (kind: FencePrimitive["fence"], extra: Partial<FencePrimitive> = {}): FencePrimitive =>
  ({ kind: "fence", fence: kind, ...extra });

/** `{ prefix_inc, prefix_dec, ... }` for every operation name, all mapped to `primitive`. */
export function family(prefix: string, operations: readonly string[], suffix: string, primitive: Primitive): Record<string, Primitive> {
  return Object.fromEntries(operations.map((operation) => [`${prefix}${operation}${suffix}`, primitive]));
}

export const RMW_OPERATIONS = ["add", "sub", "and", "or", "xor", "inc", "dec", "nand", "andnot"] as const;
