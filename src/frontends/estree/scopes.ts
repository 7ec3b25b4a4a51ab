import type { TSESTree } from "@typescript-eslint/types";
import { isFunctionNode, walk, type FunctionNode, type Node, type Program } from "./estree.js";

/** Where a binding's value comes from, as far as the analysis follows it. */
export type DeclarationOrigin =
  /** `const x = expression` (also `let`/`var` with an initialiser). */
  | { kind: "init"; expression: Node }
  /** `const { a: { b } } = object`: path `["a", "b"]`. */
  | { kind: "property"; object: Node; path: string[] }
  /** `const { [name]: value } = object`: the key is an expression, `path` leads to the object holding it. */
  | { kind: "computed-property"; object: Node; path: string[]; key: Node }
  /** A parameter (its `index`), or a name destructured from one. */
  | { kind: "parameter"; owner: FunctionNode; index: number; path: string[] }
  | { kind: "import"; source: string; imported: string }
  | { kind: "other" };

export interface Declaration {
  name: string;
  declarationKind: "const" | "let" | "var" | "using" | "param" | "function" | "class" | "import" | "enum" | "catch";
  identifier: TSESTree.Identifier;
  typeAnnotation?: TSESTree.TypeNode;
  origin: DeclarationOrigin;
  scope: Scope;
}

export interface Scope {
  node: Program | FunctionNode;
  parent?: Scope;
  declarations: Map<string, Declaration>;
}

/**
 * Function-level lexical scopes: every binding of a function (block-scoped ones included) belongs to
 * the function. Shadowing inside nested blocks of one function is rare in shared-memory code and is
 * not modelled; the first declaration of a name wins.
 */
export class ScopeTree {
  readonly #scopes = new Map<Node, Scope>();
  readonly module: Scope;

  constructor(program: Program) {
    this.module = { node: program, declarations: new Map() };
    this.#scopes.set(program, this.module);
    this.#collect(program);
  }

  scopeOf(node: Program | FunctionNode): Scope {
    return this.#scopes.get(node) ?? this.module;
  }

  resolve(name: string, from: Scope): Declaration | undefined {
    for (let scope: Scope | undefined = from; scope; scope = scope.parent) {
      const found = scope.declarations.get(name);
      if (found) return found;
    }
    return undefined;
  }

  #collect(program: Program): void {
    const scopeOfNode = new Map<Node, Scope>([[program, this.module]]);
    walk(program, (node, parent) => {
      const scope = (parent && scopeOfNode.get(parent)) ?? this.module;
      if (isFunctionNode(node)) {
        if (node.type === "FunctionDeclaration" && node.id) declareIdentifier(scope, node.id, "function", { kind: "other" });
        const inner: Scope = { node, parent: scope, declarations: new Map() };
        this.#scopes.set(node, inner);
        node.params.forEach((param, index) => declarePattern(inner, param, "param", (path, computedKey) =>
          computedKey ? { kind: "other" } : { kind: "parameter", owner: node, index, path }));
        scopeOfNode.set(node, inner);
        return;
      }
      scopeOfNode.set(node, scope);
      switch (node.type) {
        case "VariableDeclaration":
          for (const declarator of node.declarations) declareVariable(scope, declarator, node.kind);
          break;
        case "ClassDeclaration":
          if (node.id) declareIdentifier(scope, node.id, "class", { kind: "other" });
          break;
        case "TSEnumDeclaration":
          declareIdentifier(scope, node.id, "enum", { kind: "other" });
          break;
        case "CatchClause":
          if (node.param) declarePattern(scope, node.param, "catch", () => ({ kind: "other" }));
          break;
        case "ImportDeclaration":
          for (const specifier of node.specifiers) {
            const imported = specifier.type === "ImportSpecifier"
              ? (specifier.imported.type === "Identifier" ? specifier.imported.name : String(specifier.imported.value))
              : specifier.type === "ImportDefaultSpecifier" ? "default" : "*";
            declareIdentifier(this.module, specifier.local, "import", { kind: "import", source: String(node.source.value), imported });
          }
          break;
        default:
          break;
      }
    });
  }
}

function declareVariable(scope: Scope, declarator: TSESTree.VariableDeclarator, kind: TSESTree.VariableDeclaration["kind"]): void {
  const declarationKind = kind === "await using" ? "using" : kind;
  const init = declarator.init;
  declarePattern(scope, declarator.id, declarationKind, (path, computedKey) => {
    if (!init) return { kind: "other" };
    if (computedKey) return { kind: "computed-property", object: init, path, key: computedKey };
    return path.length === 0 ? { kind: "init", expression: init } : { kind: "property", object: init, path };
  });
}

function declarePattern(
  scope: Scope, pattern: Node, declarationKind: Declaration["declarationKind"],
  originAt: (path: string[], computedKey?: Node) => DeclarationOrigin, path: string[] = [],
): void {
  switch (pattern.type) {
    case "Identifier":
      declareIdentifier(scope, pattern, declarationKind, originAt(path));
      break;
    case "AssignmentPattern":
      declarePattern(scope, pattern.left, declarationKind, originAt, path);
      break;
    case "TSParameterProperty":
      declarePattern(scope, pattern.parameter, declarationKind, originAt, path);
      break;
    case "RestElement":
      declarePattern(scope, pattern.argument, declarationKind, () => ({ kind: "other" }), path);
      break;
    case "ArrayPattern":
      pattern.elements.forEach((element, index) => {
        if (element) declarePattern(scope, element, declarationKind, originAt, [...path, String(index)]);
      });
      break;
    case "ObjectPattern":
      for (const property of pattern.properties) {
        if (property.type === "RestElement") {
          declarePattern(scope, property.argument, declarationKind, () => ({ kind: "other" }), path);
          continue;
        }
        const key = !property.computed && property.key.type === "Identifier" ? property.key.name
          : property.key.type === "Literal" ? String(property.key.value) : undefined;
        if (key === undefined) {
          // Only a name bound directly under the computed key is followed (`{ [op]: fn }`, `{ [op]: fn = g }`).
          const value = property.value.type === "AssignmentPattern" ? property.value.left : property.value;
          const direct = value.type === "Identifier";
          declarePattern(scope, property.value, declarationKind, direct ? () => originAt(path, property.key) : () => ({ kind: "other" }), path);
        } else declarePattern(scope, property.value, declarationKind, originAt, [...path, key]);
      }
      break;
    default:
      break;
  }
}

function declareIdentifier(scope: Scope, identifier: TSESTree.Identifier, declarationKind: Declaration["declarationKind"], origin: DeclarationOrigin): void {
  if (scope.declarations.has(identifier.name)) return;
  scope.declarations.set(identifier.name, {
    name: identifier.name,
    declarationKind,
    identifier,
    ...(identifier.typeAnnotation ? { typeAnnotation: identifier.typeAnnotation.typeAnnotation } : {}),
    origin,
    scope,
  });
}
