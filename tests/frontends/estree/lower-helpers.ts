import { resolveDialect } from "../../../src/analysis/dialects/registry.js";
import type { Primitive } from "../../../src/analysis/dialects/primitive.js";
import type { Access, IrEvent } from "../../../src/analysis/ir/events.js";
import type { FileIR, FunctionIR } from "../../../src/analysis/ir/function-ir.js";
import { lowerEstreeSource, type EstreeLoweringOptions } from "../../../src/frontends/estree/lower-file.js";
import type { TypeOracle } from "../../../src/frontends/estree/type-oracle.js";

export interface LowerOptions {
  file?: string;
  dialects?: string[];
  primitives?: Record<string, Primitive>;
  typeOracle?: TypeOracle;
}

export function loweringOptions(options: LowerOptions = {}): EstreeLoweringOptions {
  return {
    dialect: resolveDialect(options.dialects ?? ["js", "qemu", "linux"], options.primitives ?? {}),
    hostPointerSize: 8,
    ...(options.typeOracle ? { typeOracle: options.typeOracle } : {}),
  };
}

export function lowerTs(code: string, options: LowerOptions = {}): FileIR {
  return lowerEstreeSource(options.file ?? "/project/main.ts", code, loweringOptions(options));
}

export function functionNamed(ir: FileIR, name: string): FunctionIR {
  const found = ir.functions.find((fn) => fn.name === name);
  if (!found) throw new Error(`no function ${name}; have ${ir.functions.map((fn) => fn.name).join(", ")}`);
  return found;
}

export function flatten(events: readonly IrEvent[]): IrEvent[] {
  return events.flatMap((event) => [
    event,
    ...(event.kind === "loop" ? flatten(event.body) : event.kind === "branch" ? event.arms.flatMap(flatten) : []),
  ]);
}

export function accessesOf(fn: FunctionIR): Access[] {
  return flatten(fn.body).filter((event): event is Access => event.kind === "access");
}

/** `store data[0] plain`, `load flags[HEAD] seqcst Atomics.load`: what pairing reads of an access. */
export function describeAccess(access: Access): string {
  return [access.op, access.key.id, access.order, access.api === "plain" ? "" : access.api].filter(Boolean).join(" ");
}

export function accessLines(ir: FileIR, name: string): string[] {
  return accessesOf(functionNamed(ir, name)).map(describeAccess);
}

/** Every access of the file, `function: description`. */
export function allAccessLines(ir: FileIR): string[] {
  return ir.functions.flatMap((fn) => accessesOf(fn).map((access) => `${fn.name}: ${describeAccess(access)}`));
}
