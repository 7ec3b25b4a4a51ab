import type { CType } from "../../analysis/keys/c-type.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { baseTypeSpelling } from "./declarators.js";
import type { FunctionContext } from "./lowering-context.js";

/** The type a `type_descriptor` names: `(struct Foo *)` -> `{ base: "struct Foo", pointers: 1 }`. */
export function castType(context: FunctionContext, descriptor: SyntaxNode | undefined): CType | undefined {
  if (!descriptor || descriptor.type !== "type_descriptor") return undefined;
  const base = baseTypeSpelling(childByField(descriptor, "type"), context.text);
  let pointers = 0;
  const arrays: string[] = [];
  for (let node = childByField(descriptor, "declarator"); node; node = childByField(node, "declarator")) {
    if (node.type === "abstract_pointer_declarator") pointers++;
    else if (node.type === "abstract_array_declarator") arrays.push("");
    else break;
  }
  return { base, pointers, arrays };
}
