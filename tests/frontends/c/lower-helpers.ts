import { resolveDialect } from "../../../src/analysis/dialects/registry.js";
import type { Access, IrEvent } from "../../../src/analysis/ir/events.js";
import type { FunctionIR } from "../../../src/analysis/ir/function-ir.js";
import { lowerCSource, type CFileIR, type CLoweringOptions } from "../../../src/frontends/c/lower-file.js";

export const DIALECTS = {
  qemu: resolveDialect(["qemu", "c11", "gcc"]),
  qemu2020: resolveDialect(["qemu2020", "gcc"]),
  linux: resolveDialect(["linux", "gcc"]),
  c11: resolveDialect(["c11", "gcc", "liburing"]),
} as const;

export function lower(code: string, dialect: keyof typeof DIALECTS = "qemu", extra: Partial<CLoweringOptions> = {}, file = "/project/test.c"): CFileIR {
  return lowerCSource(file, code, { dialect: DIALECTS[dialect], hostPointerSize: 8, ...extra });
}

export function functionNamed(fileIR: CFileIR, name: string): FunctionIR {
  const fn = fileIR.functions.find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`no function ${name}; have ${fileIR.functions.map((f) => f.name).join(", ")}`);
  return fn;
}

/** Every event, nested ones included, in preorder. */
export function flatten(events: readonly IrEvent[]): IrEvent[] {
  const out: IrEvent[] = [];
  for (const event of events) {
    out.push(event);
    if (event.kind === "loop") out.push(...flatten(event.body));
    else if (event.kind === "branch") for (const arm of event.arms) out.push(...flatten(arm));
  }
  return out;
}

export function accessesOf(fn: FunctionIR): Access[] {
  return flatten(fn.body).filter((event): event is Access => event.kind === "access");
}

/** `load S.x once` style summaries, for compact assertions. */
export function accessSummaries(fn: FunctionIR): string[] {
  return accessesOf(fn).map((access) => `${access.op} ${access.key.id} ${access.order}`);
}
