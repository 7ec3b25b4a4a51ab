import type { CType } from "../../analysis/keys/c-type.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { baseTypeSpelling, declaratorsOf, hasStorageClass, readDeclarator } from "./declarators.js";
import type { FunctionSource } from "./function-source.js";
import { recoverFunctionsFromError } from "./recover-functions.js";

export interface GlobalVariable {
  type: CType;
  isStatic: boolean;
}

/** What the top level of a file declares; gathered before any function body is lowered. */
export interface FileDeclarations {
  fields: Map<string, Map<string, CType>>;
  typedefs: Map<string, CType>;
  globals: Map<string, GlobalVariable>;
  /** Functions declared or defined in the file: their names are not globals to load. */
  functionNames: Set<string>;
  enumerators: Set<string>;
  definedMacros: string[];
  functions: FunctionSource[];
}

const CONTAINERS = new Set([
  "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "preproc_elifdef",
  "linkage_specification", "declaration_list",
]);

/** Walks the top level (and preprocessor blocks, and ERROR nodes) without entering function bodies. */
export function collectFileDeclarations(root: SyntaxNode, text: string): FileDeclarations {
  const declarations: FileDeclarations = {
    fields: new Map(), typedefs: new Map(), globals: new Map(), functionNames: new Set(), enumerators: new Set(),
    definedMacros: [], functions: [],
  };
  const collector = new DeclarationCollector(declarations, text);
  const pending: SyntaxNode[] = [...root.children].reverse();
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (CONTAINERS.has(node.type)) {
      for (let index = node.children.length - 1; index >= 0; index--) pending.push(node.children[index]!);
    } else if (node.type === "ERROR") {
      const { functions, leftovers } = recoverFunctionsFromError(node, text);
      declarations.functions.push(...functions);
      for (const fn of functions) collector.noteFunctionName(fn.declarator);
      for (let index = leftovers.length - 1; index >= 0; index--) pending.push(leftovers[index]!);
    } else {
      collector.visit(node);
    }
  }
  return declarations;
}

class DeclarationCollector {
  readonly #out: FileDeclarations;
  readonly #text: string;
  readonly #macros = new Set<string>();

  constructor(out: FileDeclarations, text: string) {
    this.#out = out;
    this.#text = text;
  }

  visit(node: SyntaxNode): void {
    switch (node.type) {
      case "function_definition":
        this.#functionDefinition(node);
        break;
      case "declaration":
        this.#declaration(node);
        break;
      case "type_definition":
        this.#typeDefinition(node);
        break;
      case "struct_specifier":
      case "union_specifier":
      case "enum_specifier":
        this.#typeSpecifier(node);
        break;
      case "preproc_def":
      case "preproc_function_def":
        this.#macro(node);
        break;
      default:
        break;
    }
  }

  noteFunctionName(declarator: SyntaxNode): void {
    const declared = readDeclarator(declarator, "int", this.#text);
    if (declared) this.#out.functionNames.add(declared.name);
  }

  #functionDefinition(node: SyntaxNode): void {
    const declarator = findFunctionDeclarator(childByField(node, "declarator"));
    const body = childByField(node, "body");
    if (!declarator) return;
    this.noteFunctionName(declarator);
    this.#typeSpecifier(childByField(node, "type"));
    this.#out.functions.push({
      declarator, statements: body?.children ?? [], isStatic: hasStorageClass(node, "static", this.#text),
      range: node.range, definition: node, recovered: false,
    });
  }

  #declaration(node: SyntaxNode): void {
    const typeNode = childByField(node, "type");
    this.#typeSpecifier(typeNode);
    const base = baseTypeSpelling(typeNode, this.#text);
    const isStatic = hasStorageClass(node, "static", this.#text);
    for (const declarator of declaratorsOf(node)) {
      const declared = readDeclarator(declarator, base, this.#text);
      if (!declared) continue;
      if (declared.isFunction) this.#out.functionNames.add(declared.name);
      else this.#out.globals.set(declared.name, { type: declared.type, isStatic });
    }
  }

  #typeDefinition(node: SyntaxNode): void {
    const typeNode = childByField(node, "type");
    const declarators = declaratorsOf(node);
    const firstName = declarators.length > 0 ? readDeclarator(declarators[0]!, "int", this.#text)?.name : undefined;
    const anonymous = typeNode && !childByField(typeNode, "name") ? firstName : undefined;
    this.#typeSpecifier(typeNode, anonymous);
    const base = baseTypeSpelling(typeNode, this.#text, anonymous);
    for (const declarator of declarators) {
      const declared = readDeclarator(declarator, base, this.#text);
      if (declared) this.#out.typedefs.set(declared.name, declared.type);
    }
  }

  /** Registers the struct/union/enum a type specifier defines (a body), with nested definitions. */
  #typeSpecifier(node: SyntaxNode | undefined, anonymousName?: string): void {
    if (!node) return;
    const body = childByField(node, "body");
    if (!body) return;
    if (node.type === "enum_specifier") {
      for (const enumerator of body.children) {
        const name = childByField(enumerator, "name");
        if (name) this.#out.enumerators.add(this.#text.slice(name.range[0], name.range[1]));
      }
      return;
    }
    if (node.type !== "struct_specifier" && node.type !== "union_specifier") return;
    const tag = childByField(node, "name");
    const owner = tag ? this.#text.slice(tag.range[0], tag.range[1]) : anonymousName;
    const fields = new Map<string, CType>();
    this.#fields(body, fields);
    if (owner) this.#out.fields.set(owner, fields);
  }

  #fields(body: SyntaxNode, into: Map<string, CType>): void {
    for (const field of body.children) {
      if (field.type !== "field_declaration") continue;
      const typeNode = childByField(field, "type");
      const declarators = declaratorsOf(field);
      if (declarators.length === 0 && typeNode && !childByField(typeNode, "name")) {
        // A C11 anonymous struct/union member: its fields are accessed as fields of the parent.
        const innerBody = childByField(typeNode, "body");
        if (innerBody) this.#fields(innerBody, into);
        continue;
      }
      this.#typeSpecifier(typeNode);
      const base = baseTypeSpelling(typeNode, this.#text);
      for (const declarator of declarators) {
        const declared = readDeclarator(declarator, base, this.#text);
        if (declared) into.set(declared.name, declared.type);
      }
    }
  }

  #macro(node: SyntaxNode): void {
    const name = childByField(node, "name");
    if (!name) return;
    const macro = this.#text.slice(name.range[0], name.range[1]);
    if (this.#macros.has(macro)) return;
    this.#macros.add(macro);
    this.#out.definedMacros.push(macro);
  }
}

/** The function_declarator inside `*name(args)` (functions returning pointers) or attributed declarators. */
export function findFunctionDeclarator(node: SyntaxNode | undefined): SyntaxNode | undefined {
  for (let current = node, depth = 0; current && depth < 16; depth++) {
    if (current.type === "function_declarator") return current;
    current = childByField(current, "declarator") ?? current.children[0];
  }
  return undefined;
}
