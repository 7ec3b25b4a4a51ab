import path from "node:path";
import { parse } from "@typescript-eslint/parser";
import type { AnalysisLimit, FileIR, FunctionIR, TypeDeclarations } from "../../analysis/ir/function-ir.js";
import type { IrEvent } from "../../analysis/ir/events.js";
import type { TypeInfo } from "../../analysis/ir/type-info.js";
import type { ResolvedDialect } from "../../analysis/dialects/registry.js";
import { dottedName, siteOf, walkOwnBody, type Program } from "./estree.js";
import { MODULE_FUNCTION_NAME, type FunctionSite } from "./functions.js";
import { resolveCallee } from "./lower-call.js";
import { FunctionLowerer } from "./lower-function.js";
import type { LoweringContext } from "./lowering-context.js";
import { ModuleGraph } from "./module-graph.js";
import { buildModuleModel } from "./module-model.js";
import type { SharedMemoryModel } from "./shared-memory.js";
import type { TypedArrayOperation } from "./typed-array-operations.js";
import type { TypeOracle } from "./type-oracle.js";

export interface EstreeLoweringOptions {
  dialect: ResolvedDialect;
  hostPointerSize: 4 | 8;
  /** TypeScript's view of the file when the user's config names a project (see `typeOracleFromParserServices`). */
  typeOracle?: TypeOracle;
}

export interface EstreeLowering {
  fileIR: FileIR;
  /** Atomics calls and typed-array stores with the kinds of their operands, for the JS-only checks. */
  operations: TypedArrayOperation[];
}

const lowerings = new WeakMap<object, { options: EstreeLoweringOptions; file: string; result: EstreeLowering }>();

/**
 * Lowers an ESTree Program (from @typescript-eslint/parser or espree, with `range` and `loc`) to the
 * IR: one function per function, method and callback, plus `<module>` for top-level code.
 */
export function lowerEstreeFile(file: string, text: string, ast: unknown, options: EstreeLoweringOptions): FileIR {
  return lowerEstreeProgram(file, text, ast, options).fileIR;
}

/** Parses TS/JS source without type information (the project index's path) and lowers it. */
export function lowerEstreeSource(file: string, text: string, options: EstreeLoweringOptions): FileIR {
  const ast = parse(text, { range: true, loc: true, jsx: /\.[jt]sx$/u.test(file), sourceType: "module" });
  return lowerEstreeProgram(file, text, ast, options).fileIR;
}

/**
 * Both products of lowering, computed once per AST (rules and checks share them). A cached result is
 * reused for the same file and dialect: a caller without type information gets the richer result of
 * one that had it, never the reverse.
 */
export function lowerEstreeProgram(file: string, text: string, ast: unknown, options: EstreeLoweringOptions): EstreeLowering {
  if (!isProgram(ast)) throw new Error(`expected an ESTree Program for ${file}`);
  const cached = lowerings.get(ast);
  if (cached && cached.file === file && cached.options.dialect === options.dialect && (cached.options.typeOracle || !options.typeOracle)) {
    return cached.result;
  }
  const result = lowerProgram(file, text, ast, options);
  lowerings.set(ast, { options, file, result });
  return result;
}

function isProgram(ast: unknown): ast is Program {
  return typeof ast === "object" && ast !== null && (ast as { type?: unknown }).type === "Program";
}

function lowerProgram(file: string, text: string, program: Program, options: EstreeLoweringOptions): EstreeLowering {
  const modules = new ModuleGraph();
  const { sites, model } = buildModuleModel(program, text, options.typeOracle, modules.resolverFor(path.resolve(file)));
  const context: LoweringContext = {
    file, text, model, dialect: options.dialect,
    portMode: false, atomicsBases: new Set(), operations: [],
  };
  scanCalls(context, sites);
  const functions: FunctionIR[] = [];
  for (const site of sites) {
    const lowerer = new FunctionLowerer(context, site, qualifiedNameOf(file, site));
    const body = lowerer.lower();
    if (site.name === MODULE_FUNCTION_NAME && body.length === 0 && lowerer.limits.length === 0) continue;
    functions.push(functionIR(file, site, body, lowerer.limits, context));
  }
  // The modules read while lowering, read before the IR is final: a module first asked for late still counts.
  const inputs = modules.inputs().filter((input) => input.path !== path.resolve(file));
  return {
    fileIR: {
      file, functions, definedMacros: [], diagnostics: { errorNodes: 0, functionsWithErrors: 0 }, types: typeDeclarations(model),
      ...(inputs.length > 0 ? { inputs } : {}),
    },
    operations: context.operations,
  };
}

/** Finds the arrays used with `Atomics` and whether the file calls C-style primitives, before lowering. */
function scanCalls(context: LoweringContext, sites: readonly FunctionSite[]): void {
  const bases = new Set<string>();
  for (const site of sites) {
    const place = context.model.placeOf(site.node);
    walkOwnBody(site.node, (node) => {
      if (node.type !== "CallExpression") return;
      const name = resolveCallee(context, node.callee, place).name;
      if (name?.startsWith("Atomics.") && node.arguments[0]) {
        const base = context.model.atomicsTarget(node.arguments[0], place).base;
        if (base !== undefined) bases.add(base);
      } else if (name !== undefined && node.callee.type === "Identifier" && context.dialect.primitives.has(name)) {
        context.portMode = true;
      }
    });
  }
  context.atomicsBases = bases;
}

/** Exported functions are known by name project-wide; the others, like C statics, are qualified by their file. */
function qualifiedNameOf(file: string, site: FunctionSite): string {
  return site.exported ? site.name : `${path.basename(file)}::${site.name}`;
}

function functionIR(file: string, site: FunctionSite, body: IrEvent[], limits: readonly AnalysisLimit[], context: LoweringContext): FunctionIR {
  return {
    name: site.name,
    qualifiedName: qualifiedNameOf(file, site),
    isStatic: !site.exported,
    isPrimitiveWrapper: isPrimitiveWrapper(site, body, context),
    hasParseErrors: false,
    ...(limits.length > 0 ? { limits: [...limits] } : {}),
    body,
    site: siteOf(file, site.node),
  };
}

/**
 * A function that implements a primitive (a port's own `qatomic_read`) or only forwards one to its
 * parameters (`function load(view, i) { return Atomics.load(view, i); }`): rules do not report inside it.
 */
function isPrimitiveWrapper(site: FunctionSite, body: IrEvent[], context: LoweringContext): boolean {
  if (site.node.type === "Program") return false;
  const shortName = site.name.slice(site.name.lastIndexOf(".") + 1);
  if (context.dialect.primitives.has(shortName)) return true;
  const events = body.filter((event) => event.kind !== "exit");
  if (events.length !== 1) return false;
  const [only] = events;
  if (only?.kind === "fence") return true;
  if (only?.kind !== "access") return false;
  const parameters = site.node.params.map((param) => dottedName(param.type === "AssignmentPattern" ? param.left : param)).filter((name) => name !== undefined);
  return only.key.id.startsWith("*") || parameters.some((name) => only.key.id.startsWith(`${name}[`) || only.key.id.startsWith(`${name}.`));
}

/** Class fields that hold typed arrays, so that checks reading other files can type `Class.field`. */
function typeDeclarations(model: SharedMemoryModel): TypeDeclarations {
  const structs: Record<string, Record<string, TypeInfo>> = {};
  for (const [className, fields] of [...model.classes].sort(([a], [b]) => a.localeCompare(b))) {
    for (const field of [...fields.keys()].sort()) {
      const value = model.fieldValue(className, field);
      if (value.kind !== "typed-array" || !value.type) continue;
      (structs[className] ??= {})[field] = value.type;
    }
  }
  return { structs, typedefs: {} };
}
