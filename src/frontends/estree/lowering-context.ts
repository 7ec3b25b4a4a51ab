import type { Primitive } from "../../analysis/dialects/primitive.js";
import type { ResolvedDialect } from "../../analysis/dialects/registry.js";
import { javascriptDialect } from "../../analysis/dialects/javascript.js";
import type { SharedMemoryModel } from "./shared-memory.js";
import type { TypedArrayOperation } from "./typed-array-operations.js";
import type { TypedArrayValue } from "./values.js";

/** What every function's lowering of one file shares. */
export interface LoweringContext {
  file: string;
  text: string;
  model: SharedMemoryModel;
  dialect: ResolvedDialect;
  /**
   * True when the file calls C-style primitives (`qatomic_read`, `smp_wmb`): it is a port of such an
   * API, and plain field accesses around the barriers are the data those barriers order.
   */
  portMode: boolean;
  /** Key stems of the arrays some `Atomics` call in the file uses: their plain accesses are shared too. */
  atomicsBases: ReadonlySet<string>;
  operations: TypedArrayOperation[];
}

/**
 * The primitive a call names. `Atomics.*` is always known in JS, whatever dialects the settings list;
 * other names come from the configured dialects, called bare (`smp_wmb()`) or through a namespace
 * (`atomics.smp_wmb()`).
 */
export function primitiveNamed(dialect: ResolvedDialect, name: string): Primitive | undefined {
  if (name.startsWith("Atomics.")) return dialect.primitives.get(name) ?? javascriptDialect.primitives[name];
  return dialect.primitives.get(name);
}

/** Plain element accesses count when the array is known to be shared, or is the target of Atomics in this file. */
export function isSharedArray(context: LoweringContext, array: TypedArrayValue): boolean {
  if (array.sharing === "shared") return true;
  return array.sharing === "unknown" && array.base !== undefined && context.atomicsBases.has(array.base);
}
