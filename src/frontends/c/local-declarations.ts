import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { baseTypeSpelling, declaratorsOf, hasStorageClass, readDeclarator } from "./declarators.js";
import { evaluate } from "./expressions.js";
import type { FunctionContext } from "./lowering-context.js";
import { NO_VALUE } from "./values.js";

/**
 * `int x = expr, *p = &s->f;`: each initializer is evaluated, and the local then carries its loads and
 * pointer target. `static` locals are shared memory initialised once, before any run: no store.
 */
export function lowerLocalDeclaration(context: FunctionContext, node: SyntaxNode): void {
  const base = baseTypeSpelling(childByField(node, "type"), context.text);
  const isStatic = hasStorageClass(node, "static", context.text);
  const isExtern = hasStorageClass(node, "extern", context.text);
  for (const declarator of declaratorsOf(node)) {
    const declared = readDeclarator(declarator, base, context.text);
    if (!declared) {
      evaluate(context, declarator);
      continue;
    }
    if (declared.isFunction) continue;
    if (isStatic) {
      context.declareStaticLocal(declared.name, declared.type);
    } else if (isExtern) {
      context.declareExtern(declared.name, declared.type);
    } else {
      const value = declared.value ? evaluate(context, declared.value) : NO_VALUE;
      const variable = context.declareLocal(declared.name, declared.type, false);
      context.assignLocal(variable, value, false);
    }
  }
}

/** Parameters are locals; a pointer parameter points to `*name` until something else is assigned to it. */
export function declareParameters(context: FunctionContext, functionDeclarator: SyntaxNode): void {
  const parameters = childByField(functionDeclarator, "parameters");
  for (const parameter of parameters?.children ?? []) {
    if (parameter.type !== "parameter_declaration") continue;
    const declarator = childByField(parameter, "declarator");
    if (!declarator) continue;
    const declared = readDeclarator(declarator, baseTypeSpelling(childByField(parameter, "type"), context.text), context.text);
    if (!declared) continue;
    // `int a[]` as a parameter is a pointer.
    const type = declared.type.arrays.length > 0
      ? { ...declared.type, arrays: declared.type.arrays.slice(1), pointers: declared.type.pointers + 1 }
      : declared.type;
    context.declareLocal(declared.name, type, true);
  }
}
