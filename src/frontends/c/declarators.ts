import { normalizeBaseSpelling, type CType } from "../../analysis/keys/c-type.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";

export interface DeclaredName {
  name: string;
  nameNode: SyntaxNode;
  type: CType;
  /** A function declarator (a prototype), not a variable of function-pointer type. */
  isFunction: boolean;
  /** The initializer of an `init_declarator`. */
  value?: SyntaxNode;
}

const NAME_TYPES = new Set(["identifier", "field_identifier", "type_identifier"]);

/**
 * Reads a declarator (`*p`, `arr[3]`, `x = 1`, `(*fn)(int)`) on top of a base type. A function
 * pointer becomes a pointer: callers only need to know that it is not a function.
 */
export function readDeclarator(declarator: SyntaxNode, base: string, text: string): DeclaredName | undefined {
  let pointers = 0;
  const arrays: string[] = [];
  let isFunction = false;
  let value: SyntaxNode | undefined;
  let node: SyntaxNode | undefined = declarator;
  for (let depth = 0; node && depth < 64; depth++) {
    if (NAME_TYPES.has(node.type)) {
      const type = { base, pointers, arrays };
      return { name: text.slice(node.range[0], node.range[1]), nameNode: node, type, isFunction, ...(value ? { value } : {}) };
    }
    switch (node.type) {
      case "init_declarator":
        value = childByField(node, "value");
        node = childByField(node, "declarator");
        break;
      case "pointer_declarator":
        pointers++;
        if (isFunction) isFunction = false;
        node = childByField(node, "declarator");
        break;
      case "array_declarator": {
        const size = childByField(node, "size");
        arrays.unshift(size ? text.slice(size.range[0], size.range[1]).trim() : "");
        node = childByField(node, "declarator");
        break;
      }
      case "function_declarator":
        isFunction = true;
        node = childByField(node, "declarator");
        break;
      case "parenthesized_declarator":
      case "attributed_declarator":
        node = node.children.find((child) => child.type !== "attribute_declaration" && child.type !== "type_qualifier");
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** `struct Foo`, `unsigned long`, `AioContext`; anonymous structs take `anonymousName` when given. */
export function baseTypeSpelling(typeNode: SyntaxNode | undefined, text: string, anonymousName?: string): string {
  if (!typeNode) return "int";
  if (typeNode.type === "struct_specifier" || typeNode.type === "union_specifier" || typeNode.type === "enum_specifier") {
    const keyword = typeNode.type.slice(0, typeNode.type.indexOf("_"));
    const name = childByField(typeNode, "name");
    if (name) return `${keyword} ${text.slice(name.range[0], name.range[1])}`;
    return anonymousName ? `${keyword} ${anonymousName}` : keyword;
  }
  return normalizeBaseSpelling(text.slice(typeNode.range[0], typeNode.range[1]));
}

/** Whether a declaration or definition carries the storage class `keyword` (`static`, `extern`). */
export function hasStorageClass(node: SyntaxNode, keyword: string, text: string): boolean {
  return node.children.some((child) =>
    child.type === "storage_class_specifier" && text.slice(child.range[0], child.range[1]) === keyword);
}

/** The declarator children of a declaration (every `int a, *b = c;` name). */
export function declaratorsOf(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child) => child.field === "declarator");
}
