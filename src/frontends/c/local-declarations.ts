import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { baseTypeSpelling, declaratorsOf, hasStorageClass, readDeclarator } from "./declarators.js";
import { evaluate } from "./expressions.js";
import type { CType } from "../../analysis/keys/c-type.js";
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

/**
 * Parameters are locals; a pointer parameter points to `*name` until something else is assigned to it.
 * An old-style (K&R) definition, `void f(r, n) struct ring *r; int n; { ... }`, lists the names and
 * types them in the declarations between the declarator and the body (`definition`'s children).
 */
export function declareParameters(context: FunctionContext, functionDeclarator: SyntaxNode, definition?: SyntaxNode): void {
  const parameters = childByField(functionDeclarator, "parameters");
  const oldStyleNames: string[] = [];
  for (const parameter of parameters?.children ?? []) {
    if (parameter.type === "identifier") oldStyleNames.push(context.textOf(parameter));
    if (parameter.type !== "parameter_declaration") continue;
    const declarator = childByField(parameter, "declarator");
    if (!declarator) continue;
    const declared = readDeclarator(declarator, baseTypeSpelling(childByField(parameter, "type"), context.text), context.text);
    if (declared) declareParameter(context, declared.name, declared.type);
  }
  if (oldStyleNames.length > 0) declareOldStyleParameters(context, oldStyleNames, definition);
}

function declareOldStyleParameters(context: FunctionContext, names: readonly string[], definition: SyntaxNode | undefined): void {
  const typed = new Set<string>();
  const declarations = definition?.children.filter((child) => child.type === "declaration" && child.field !== "body") ?? [];
  for (const declaration of declarations) {
    const base = baseTypeSpelling(childByField(declaration, "type"), context.text);
    for (const declarator of declaratorsOf(declaration)) {
      const declared = readDeclarator(declarator, base, context.text);
      if (!declared || !names.includes(declared.name)) continue;
      declareParameter(context, declared.name, declared.type);
      typed.add(declared.name);
    }
  }
  // A K&R parameter with no declaration is an int.
  for (const name of names) if (!typed.has(name)) context.declareLocal(name, { base: "int", pointers: 0, arrays: [] }, true);
}

function declareParameter(context: FunctionContext, name: string, declaredType: CType): void {
  // `int a[]` as a parameter is a pointer.
  const type = declaredType.arrays.length > 0
    ? { ...declaredType, arrays: declaredType.arrays.slice(1), pointers: declaredType.pointers + 1 }
    : declaredType;
  context.declareLocal(name, type, true);
}
