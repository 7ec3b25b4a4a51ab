import type { Access, IrEvent } from "./events.js";
import type { FileIR, FunctionIR } from "./function-ir.js";
import type { TypeInfo } from "./type-info.js";

export interface DumpOptions {
  /** Directory that file names are shown relative to. */
  relativeTo?: string;
}

/**
 * A stable text rendering of a file's IR, one event per line, for golden files and debugging:
 *
 *     function writer.c::publish  L12
 *       #1 store Ring.data plain api=plain value:#0 L13
 *       #2 fence wmb api=smp_wmb L14
 *       #3 branch cond=[#1] L15
 *         arm 1:
 *           #4 exit return L16
 */
export function dumpFileIR(fileIR: FileIR, options: DumpOptions = {}): string {
  const lines: string[] = [`file ${relativePath(fileIR.file, options.relativeTo)}`];
  if (fileIR.definedMacros.length > 0) lines.push(`macros ${fileIR.definedMacros.join(", ")}`);
  const { errorNodes, functionsWithErrors } = fileIR.diagnostics;
  lines.push(`diagnostics errorNodes=${errorNodes} functionsWithErrors=${functionsWithErrors}`);
  const rejected = (fileIR.diagnostics as { rejected?: string }).rejected;
  if (rejected) lines.push(`rejected ${rejected}`);
  for (const owner of Object.keys(fileIR.types.structs).sort()) {
    const fields = Object.entries(fileIR.types.structs[owner]!).map(([field, type]) => `${field}: ${formatType(type)}`);
    lines.push(`struct ${owner} { ${fields.join("; ")} }`);
  }
  for (const name of Object.keys(fileIR.types.typedefs).sort()) lines.push(`typedef ${name} = ${fileIR.types.typedefs[name]}`);
  for (const fn of fileIR.functions) {
    lines.push("");
    dumpFunction(fn, lines);
  }
  return `${lines.join("\n")}\n`;
}

function dumpFunction(fn: FunctionIR, lines: string[]): void {
  const flags = [fn.isPrimitiveWrapper ? "wrapper" : "", fn.hasParseErrors ? "parse-errors" : ""].filter(Boolean);
  lines.push(`function ${fn.qualifiedName}${flags.map((flag) => ` [${flag}]`).join("")} L${fn.site.line}`);
  const prefix = `${fn.qualifiedName}#`;
  const short = (id: string): string => (id.startsWith(prefix) ? `#${id.slice(prefix.length)}` : id);
  dumpEvents(fn.body, "  ", lines, short);
}

function dumpEvents(events: readonly IrEvent[], indent: string, lines: string[], short: (id: string) => string): void {
  for (const event of events) {
    const at = `L${event.site.line}`;
    switch (event.kind) {
      case "access":
        lines.push(`${indent}${short(event.id)} ${describeAccess(event, short)} ${at}`);
        break;
      case "fence":
        lines.push(`${indent}${short(event.id)} fence ${event.fence}${event.flavour === "smp" ? "" : ` ${event.flavour}`} api=${event.api} ${at}`);
        break;
      case "call":
        lines.push(`${indent}${short(event.id)} call ${event.callee} ${at}`);
        break;
      case "exit":
        lines.push(`${indent}${short(event.id)} exit ${event.exitKind} ${at}`);
        break;
      case "loop":
        lines.push(`${indent}${short(event.id)} loop ${event.loopKind}${conditionText(event.conditionLoads, short)} ${at}`);
        dumpEvents(event.body, `${indent}  `, lines, short);
        break;
      case "branch":
        lines.push(`${indent}${short(event.id)} branch${conditionText(event.conditionLoads, short)} ${at}`);
        event.arms.forEach((arm, index) => {
          lines.push(`${indent}  arm ${index + 1}:${arm.length === 0 ? " (empty)" : ""}`);
          dumpEvents(arm, `${indent}    `, lines, short);
        });
        break;
    }
  }
}

function describeAccess(access: Access, short: (id: string) => string): string {
  const parts = [access.op, access.key.id, access.order, `api=${access.api}`];
  if (access.key.confidence !== "exact") parts.push(`(${access.key.confidence})`);
  if (access.rmwIsFullBarrier) parts.push("full-barrier");
  if (access.returnsValue) parts.push("returns");
  if (access.type) parts.push(`type=${formatType(access.type)}`);
  if (access.dependsOn.length > 0) parts.push(access.dependsOn.map((dependency) => `${dependency.via}:${short(dependency.loadId)}`).join(","));
  return parts.join(" ");
}

function conditionText(loads: readonly string[], short: (id: string) => string): string {
  return loads.length > 0 ? ` cond=[${loads.map(short).join(",")}]` : "";
}

function formatType(type: TypeInfo): string {
  return `${type.name} (${type.category}${type.size !== undefined ? ` ${type.size}` : ""})`;
}

function relativePath(file: string, relativeTo: string | undefined): string {
  if (!relativeTo || !file.startsWith(relativeTo)) return file.replace(/\\/gu, "/");
  return file.slice(relativeTo.length).replace(/^[/\\]+/u, "").replace(/\\/gu, "/");
}
