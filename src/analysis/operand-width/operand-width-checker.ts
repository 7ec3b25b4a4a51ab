import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding } from "../findings.js";
import type { Access, IrEvent } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { accessType, type AccessType } from "./access-type.js";
import { operandType, type OperandType } from "./operand-type.js";
import { typeTablesFor, type TypeTables } from "./type-tables.js";
import { widthPolicy, type WidthPolicy } from "./width-policy.js";

export const ATOMIC_OPERAND_WIDTH = "atomic-operand-width";

/** What the checks are told beyond the analysis options (the rule's own options may override them). */
export interface OperandWidthSettings {
  hostPointerSize: 4 | 8;
  /**
   * `int`: the mb forms may not be wider than `int`, as the 2020 reference text says; `pointer`: only
   * the build check's ATOMIC_REG_SIZE applies to them, as to every other QEMU atomic. Unset: the
   * dialect's default (`int` for qemu2020, `pointer` for qemu).
   */
  mbWidth?: "int" | "pointer";
}

const INT_SIZE = 4;

/** Atomic accesses of the linted file whose operand type the primitive does not accept. */
export function checkOperandWidths(input: AnalysisInput, settings: OperandWidthSettings): Finding[] {
  const tables = typeTablesFor(input.project, input.fileIR);
  const findings: Finding[] = [];
  for (const fn of input.fileIR.functions) {
    for (const access of atomicAccesses(fn.body)) {
      const policy = widthPolicy(access.api, input.options.dialect);
      if (!policy) continue;
      const finding = checkAccess(access, fn, policy, tables, settings);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

export const operandWidthChecker: Checker = {
  name: "operand-width",
  rules: [ATOMIC_OPERAND_WIDTH],
  check: (input) => checkOperandWidths(input, { hostPointerSize: input.options.hostPointerSize }),
};

function checkAccess(access: Access, fn: FunctionIR, policy: WidthPolicy, tables: TypeTables, settings: OperandWidthSettings): Finding | undefined {
  const found = accessType(access, tables);
  if (!found) return undefined;
  const operand = operandType(found.type, settings.hostPointerSize, tables);
  const base = describe(access, fn, operand, found);
  if (operand.kind === "aggregate") {
    return policy.aggregates ? finding(access, "aggregate", { ...base, reason: policy.aggregates }) : undefined;
  }
  if (operand.kind === "float" && policy.floats) return finding(access, "float", { ...base, reason: policy.floats });
  if (operand.size === undefined) return undefined;
  const limit = policy.limit && (policy.limit.bytes === "pointer" ? settings.hostPointerSize : policy.limit.bytes);
  if (policy.limit && limit !== undefined && operand.size > limit) {
    return finding(access, "widerThanLimit", {
      ...base,
      limit: policy.limit.reason,
      limitBytes: String(limit),
      host: policy.limit.bytes === "pointer" ? ` on a ${settings.hostPointerSize * 8}-bit host` : "",
      advice: wideAdvice(access.api, operand.size),
    });
  }
  if (policy.mbForm && (settings.mbWidth ?? policy.mbDefault) === "int" && operand.size > INT_SIZE) {
    return finding(access, "mbWiderThanInt", { ...base, alternative: mbAlternative(access) });
  }
  return undefined;
}

function describe(access: Access, fn: FunctionIR, operand: OperandType, found: AccessType): Record<string, string> {
  return {
    primitive: access.api,
    function: fn.name,
    variable: access.key.id,
    type: operand.resolved ? `${operand.spelling} (${operand.resolved})` : operand.spelling,
    size: operand.size === undefined ? "unknown" : String(operand.size),
    typeSource: found.source,
  };
}

function finding(access: Access, messageId: string, data: Record<string, string>): Finding {
  return { rule: ATOMIC_OPERAND_WIDTH, messageId, site: access.site, data, related: [] };
}

function wideAdvice(api: string, size: number): string {
  const qemuRelaxed = /^(q?atomic_)(read|set)$/u.exec(api);
  if (qemuRelaxed && size === 8) {
    return `; ${qemuRelaxed[1]}${qemuRelaxed[2]}_u64()/${qemuRelaxed[1]}${qemuRelaxed[2]}_i64() handle 64-bit values on every host`;
  }
  return "; protect it with a lock or use a narrower type";
}

function mbAlternative(access: Access): string {
  const prefix = /^(q?atomic_)/u.exec(access.api)?.[1];
  if (!prefix) return access.op === "load" ? "an acquire load" : "a release store followed by a full barrier";
  return access.op === "load" ? `${prefix}load_acquire()` : `${prefix}store_release() followed by smp_mb()`;
}

/** Accesses made through a primitive, loop bodies and branch arms included, in source order. */
function atomicAccesses(events: readonly IrEvent[]): Access[] {
  const found: Access[] = [];
  const visit = (list: readonly IrEvent[]) => {
    for (const event of list) {
      if (event.kind === "access") {
        if (event.api !== "plain") found.push(event);
      } else if (event.kind === "loop") visit(event.body);
      else if (event.kind === "branch") for (const arm of event.arms) visit(arm);
    }
  };
  visit(events);
  return found;
}
