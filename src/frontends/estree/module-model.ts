import { AtomicsReferences } from "./atomics-references.js";
import { collectBindingWrites } from "./binding-writes.js";
import { collectClasses } from "./classes.js";
import { walkOwnBody, type Program } from "./estree.js";
import { collectFunctions, type FunctionSite } from "./functions.js";
import { collectMessageAliases } from "./message-aliases.js";
import type { ImportResolver } from "./module-graph.js";
import { ScopeTree } from "./scopes.js";
import { SharedMemoryModel } from "./shared-memory.js";
import type { TypeOracle } from "./type-oracle.js";

/** What one module's lowering, or the export lookup of a module another one imports from, reads. */
export interface ModuleModel {
  program: Program;
  sites: FunctionSite[];
  model: SharedMemoryModel;
}

/** Scopes, functions, classes and the shared-memory model of one parsed module. */
export function buildModuleModel(program: Program, text: string, oracle: TypeOracle | undefined, imports: ImportResolver | undefined): ModuleModel {
  const scopes = new ScopeTree(program);
  const sites = collectFunctions(program);
  const scopeNodeOf = new Map<object, FunctionSite["node"]>();
  for (const site of sites) walkOwnBody(site.node, (node) => scopeNodeOf.set(node, site.node));
  const scopeAt = (node: object) => scopes.scopeOf(scopeNodeOf.get(node) ?? program);
  const aliases = collectMessageAliases(program, scopes, scopeAt);
  const mentionsAtomics = /\bAtomics\b/u.test(text);
  const atomics = new AtomicsReferences(scopes, mentionsAtomics ? collectBindingWrites(program, scopes, scopeAt) : new Map(), mentionsAtomics);
  const model = new SharedMemoryModel(scopes, sites, collectClasses(program), aliases, oracle, atomics, imports);
  return { program, sites, model };
}
