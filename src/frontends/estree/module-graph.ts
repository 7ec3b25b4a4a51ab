import type { LoweringInput } from "../../analysis/ir/function-ir.js";
import { textHash } from "../../analysis/ir/text-hash.js";
import fs from "node:fs";
import path from "node:path";
import { parse } from "@typescript-eslint/parser";
import type { TSESTree } from "@typescript-eslint/types";
import type { Node, Program } from "./estree.js";
import { buildModuleModel, type ModuleModel } from "./module-model.js";
import { UNKNOWN, type Value } from "./values.js";

/** What a module's imports denote, as far as shared memory goes. */
export interface ImportResolver {
  /** The typed array or buffer that `imported` of module `source` is, or unknown. */
  valueOf(source: string, imported: string): Value;
  /** The name under which the module that declares the constant `imported` of `source` declares it. */
  constantName(source: string, imported: string): string | undefined;
  /** The initialiser of that constant, when the declaring module makes it a `const`. */
  constantInit(source: string, imported: string): TSESTree.Expression | undefined;
}

/** Where an exported name leads inside its module. */
type ExportTarget =
  | { kind: "local"; name: string }
  | { kind: "expression"; expression: Node }
  | { kind: "reexport"; source: string; imported: string };

interface ParsedModule {
  file: string;
  text: string;
  program: Program;
  exports: Map<string, ExportTarget>;
  /** `export * from "..."` sources, in order. */
  stars: string[];
}

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** TypeScript's ESM convention: `import "./shared.js"` names `shared.ts`. */
const SOURCE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"],
};
/** Larger modules are not read for their exports: shared-memory layouts are small. */
const MAX_MODULE_BYTES = 512 * 1024;
/** Parsed modules kept between lowerings (a syntax tree takes ten to twenty times its text). */
const MAX_PARSED_MODULES = 64;
/** Modules that import a constant and export it again, followed at most. */
const MAX_RELAYS = 16;
const parsedModules = new Map<string, ParsedModule>();

/**
 * The modules one file imports from, read from disk and followed through re-exports (`export { x }
 * from`, `export *`, renamed and default exports) to the declaration they name. What an import denotes
 * then depends only on the files' contents, never on which file was linted first. Only relative
 * specifiers are followed; packages are not shared-memory layouts of the project.
 */
export class ModuleGraph {
  readonly #models = new Map<string, ModuleModel | null>();
  /** Each module is read once per graph: one lowering sees one state of the disk. */
  readonly #modules = new Map<string, ParsedModule | undefined>();

  /** Every other module this graph read, with the hash of the text it read, sorted by path: what a lowering depended on. */
  inputs(): LoweringInput[] {
    return [...this.#modules.values()]
      .filter((module): module is ParsedModule => module !== undefined)
      .map((module) => ({ path: module.file, hash: textHash(module.text) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  resolverFor(file: string): ImportResolver {
    return {
      valueOf: (source, imported) => this.#exportedValue(file, source, imported),
      constantName: (source, imported) => this.#declaringModule(file, source, imported, 0)?.name,
      constantInit: (source, imported) => {
        const declared = this.#declaringModule(file, source, imported, 0);
        return declared && constInitializer(declared.module.program, declared.name);
      },
    };
  }

  /** The module that declares an exported binding and its name there, through modules that import it and export it again. */
  #declaringModule(from: string, source: string, imported: string, depth: number): { module: ParsedModule; name: string } | undefined {
    const found = this.#findExport(from, source, imported);
    if (found?.target.kind !== "local") return undefined;
    const origin = depth < MAX_RELAYS ? this.#modelOf(found.module)?.model.scopes.module.declarations.get(found.target.name)?.origin : undefined;
    const relayed = origin?.kind === "import" ? this.#declaringModule(found.module.file, origin.source, origin.imported, depth + 1) : undefined;
    return relayed ?? { module: found.module, name: found.target.name };
  }

  #exportedValue(from: string, source: string, imported: string): Value {
    const found = this.#findExport(from, source, imported);
    if (!found) return UNKNOWN;
    const module = this.#modelOf(found.module);
    if (!module) return UNKNOWN;
    const { model } = module;
    const { target } = found;
    let value: Value;
    if (target.kind === "local") {
      const declaration = model.scopes.module.declarations.get(target.name);
      value = declaration ? model.declarationValue(declaration) : UNKNOWN;
    } else {
      value = model.valueOf(target.expression, model.placeOf(module.program));
      // An array made in the default export itself has no binding to name it by.
      if (value.kind === "typed-array" && value.base === undefined) {
        value = { ...value, base: `${path.basename(found.module.file).replace(/\.[^.]*$/u, "")}.default`, confidence: "exact" };
      }
    }
    return value.kind === "typed-array" || value.kind === "buffer" ? value : UNKNOWN;
  }

  #findExport(from: string, source: string, name: string, seen = new Set<string>()): { module: ParsedModule; target: Exclude<ExportTarget, { kind: "reexport" }> } | undefined {
    const file = resolveSpecifier(from, source);
    if (!file || seen.has(`${file}#${name}`)) return undefined;
    seen.add(`${file}#${name}`);
    if (!this.#modules.has(file)) this.#modules.set(file, readModule(file));
    const module = this.#modules.get(file);
    if (!module) return undefined;
    const target = module.exports.get(name);
    if (target?.kind === "reexport") return this.#findExport(file, target.source, target.imported, seen);
    if (target) return { module, target };
    if (name === "default") return undefined;
    for (const star of module.stars) {
      const found = this.#findExport(file, star, name, seen);
      if (found) return found;
    }
    return undefined;
  }

  #modelOf(module: ParsedModule): ModuleModel | undefined {
    let model = this.#models.get(module.file);
    if (model === undefined) {
      // Marked before building: a module whose imports lead back to itself sees itself as unknown.
      this.#models.set(module.file, null);
      model = buildModuleModel(module.program, module.text, undefined, this.resolverFor(module.file));
      this.#models.set(module.file, model);
    }
    return model ?? undefined;
  }
}

export function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../") && !path.isAbsolute(specifier)) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const extension = path.extname(base);
  const candidates = [
    ...(SOURCE_EXTENSIONS[extension] ?? []).map((replacement) => base.slice(0, -extension.length) + replacement),
    ...(EXTENSIONS.includes(extension) ? [base] : []),
    ...EXTENSIONS.map((added) => base + added),
    ...EXTENSIONS.map((added) => path.join(base, `index${added}`)),
  ];
  return candidates.find(isFile);
}

function isFile(file: string): boolean {
  try {
    const stats = fs.statSync(file);
    return stats.isFile() && stats.size <= MAX_MODULE_BYTES;
  } catch {
    return false;
  }
}

/** The module's parse and export table, re-parsed only when its text changed. */
function readModule(file: string): ParsedModule | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const known = parsedModules.get(file);
  if (known?.text === text) return known;
  let program: Program;
  try {
    program = parse(text, { range: true, loc: true, jsx: /\.[jt]sx$/u.test(file), sourceType: "module" }) as Program;
  } catch {
    return undefined;
  }
  const module: ParsedModule = { file, text, program, ...exportTable(program) };
  parsedModules.delete(file);
  if (parsedModules.size >= MAX_PARSED_MODULES) parsedModules.delete(parsedModules.keys().next().value!);
  parsedModules.set(file, module);
  return module;
}

function exportTable(program: Program): Pick<ParsedModule, "exports" | "stars"> {
  const exports = new Map<string, ExportTarget>();
  const stars: string[] = [];
  for (const statement of program.body) {
    switch (statement.type) {
      case "ExportNamedDeclaration":
        if (statement.exportKind === "type") break;
        if (statement.declaration) {
          for (const name of declaredNames(statement.declaration)) exports.set(name, { kind: "local", name });
        }
        for (const specifier of statement.specifiers) {
          if (specifier.exportKind === "type") continue;
          const local = moduleExportName(specifier.local);
          const exported = moduleExportName(specifier.exported);
          exports.set(exported, statement.source
            ? { kind: "reexport", source: String(statement.source.value), imported: local }
            : { kind: "local", name: local });
        }
        break;
      case "ExportDefaultDeclaration": {
        const declaration = statement.declaration;
        if (declaration.type === "Identifier") exports.set("default", { kind: "local", name: declaration.name });
        else if ((declaration.type === "FunctionDeclaration" || declaration.type === "ClassDeclaration") && declaration.id) {
          exports.set("default", { kind: "local", name: declaration.id.name });
        } else exports.set("default", { kind: "expression", expression: declaration });
        break;
      }
      case "ExportAllDeclaration":
        // `export * as ns from` makes a namespace object, which is not followed.
        if (statement.exportKind !== "type" && !statement.exported) stars.push(String(statement.source.value));
        break;
      default:
        break;
    }
  }
  return { exports, stars };
}

function declaredNames(declaration: TSESTree.NamedExportDeclarations): string[] {
  if (declaration.type === "VariableDeclaration") {
    return declaration.declarations.flatMap((declarator) => (declarator.id.type === "Identifier" ? [declarator.id.name] : []));
  }
  return "id" in declaration && declaration.id?.type === "Identifier" ? [declaration.id.name] : [];
}

function moduleExportName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === "Identifier" ? node.name : node.value;
}

/** The initialiser of a module-level `const name = ...`. */
function constInitializer(program: Program, name: string): TSESTree.Expression | undefined {
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration" || declaration.kind !== "const") continue;
    const found = declaration.declarations.find((declarator) => declarator.id.type === "Identifier" && declarator.id.name === name);
    if (found?.init) return found.init;
  }
  return undefined;
}
