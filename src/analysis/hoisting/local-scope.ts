import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { descendants, textOf } from "./loop-syntax.js";

/** What a function's own variable holds: an array (its elements are local too), a pointer, or a value. */
export type LocalKind = "array" | "pointer" | "value";

/**
 * The automatic variables of one function: parameters and non-static locals, by name. Scopes are
 * flattened: a name declared anywhere in the function counts as local everywhere in it, which only
 * errs when a block-scope local shadows a global of the same name used elsewhere in the function.
 */
export class LocalScope {
  readonly #locals = new Map<string, LocalKind>();
  readonly #constants: ReadonlySet<string>;

  constructor(fn: SyntaxNode, text: string, fileConstants: ReadonlySet<string>) {
    this.#constants = fileConstants;
    for (const node of descendants(fn)) {
      if (node.type === "parameter_declaration") this.#declare(childByField(node, "declarator"), text, true);
      else if (node.type === "declaration" && !isStaticOrExtern(node, text)) {
        for (const declarator of node.children.filter((child) => child.field === "declarator")) this.#declare(declarator, text, false);
      }
    }
  }

  kindOf(name: string): LocalKind | undefined {
    return this.#locals.get(name);
  }

  /**
   * Names that are neither locals nor globals: enumerators of this file, and by the usual C convention
   * ALL_CAPS names (macro or enum constants such as `NR_QUEUES`).
   */
  isConstant(name: string): boolean {
    return this.#constants.has(name) || /^[A-Z][A-Z0-9_]*$/u.test(name) || name === "true" || name === "false";
  }

  #declare(declarator: SyntaxNode | undefined, text: string, isParameter: boolean): void {
    let node = declarator;
    let kind: LocalKind | undefined;
    while (node) {
      switch (node.type) {
        case "identifier":
          this.#locals.set(textOf(node, text), kind ?? "value");
          return;
        case "init_declarator":
        case "parenthesized_declarator":
          node = childByField(node, "declarator") ?? node.children[0];
          break;
        case "array_declarator":
          kind ??= isParameter ? "pointer" : "array";
          node = childByField(node, "declarator");
          break;
        case "pointer_declarator":
          kind ??= "pointer";
          node = childByField(node, "declarator");
          break;
        default:
          return; // function declarators and abstract declarators name no variable
      }
    }
  }
}

function isStaticOrExtern(declaration: SyntaxNode, text: string): boolean {
  return declaration.children.some((child) => child.type === "storage_class_specifier" && /^(?:static|extern)$/u.test(textOf(child, text)));
}

/** Enumerator names of the file: constants wherever they are used. */
export function fileConstants(root: SyntaxNode, text: string): Set<string> {
  const names = new Set<string>();
  for (const node of descendants(root)) {
    if (node.type !== "enumerator") continue;
    const name = childByField(node, "name");
    if (name) names.add(textOf(name, text));
  }
  return names;
}
