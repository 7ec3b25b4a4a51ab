import type { IrEvent } from "../../analysis/ir/events.js";
import type { FunctionIR } from "../../analysis/ir/function-ir.js";
import { leafEvents } from "../../analysis/ir/walk.js";
import { fileBaseName } from "../../analysis/keys/field-keys.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { readDeclarator } from "./declarators.js";
import { EventBuilder } from "./event-builder.js";
import type { FunctionSource } from "./function-source.js";
import { declareParameters } from "./local-declarations.js";
import { isInMacroDefinition } from "./macro-continuation.js";
import { hasParseErrors } from "./parse-errors.js";
import { FunctionContext, type FileContext } from "./lowering-context.js";
import { lowerStatements } from "./statements.js";
import { NO_LOADS } from "./values.js";

export function lowerFunction(fileContext: FileContext, source: FunctionSource): FunctionIR | undefined {
  const declared = readDeclarator(source.declarator, "int", fileContext.text);
  if (!declared) return undefined;
  const name = declared.name;
  const qualifiedName = source.isStatic ? `${fileBaseName(fileContext.file)}::${name}` : name;
  const events = new EventBuilder(fileContext.file, fileContext.lines, qualifiedName);
  const context = new FunctionContext(fileContext, events, name);
  declareParameters(context, source.declarator, source.definition);
  context.withScope(() => events.withControl(NO_LOADS, () => lowerStatements(context, source.statements)));
  const site = events.site(source.definition ?? { type: "function", range: source.range, field: null, children: [], parent: null });
  const body = events.finish();
  return {
    name, qualifiedName, isStatic: source.isStatic,
    // A function written in a `#define` is a template for primitives (QEMU's atomic helpers), not a use of them.
    isPrimitiveWrapper: isPrimitiveWrapper(fileContext, source.statements) || isInMacroDefinition(fileContext.text, bodyStart(source))
      || implementsPrimitive(fileContext, name, body),
    hasParseErrors: source.recovered || context.sawErrors || (source.definition ? hasParseErrors(source.definition, fileContext.text) : false),
    body,
    site,
    ...(context.limits.length > 0 ? { limits: context.limits } : {}),
  };
}

/** Words of a function name that say it is a barrier: `smp_mb_master`, `_cmm_thread_fence_wrapper`. */
const BARRIER_NAME_WORDS = new Set(["mb", "rmb", "wmb", "barrier", "fence", "membarrier"]);

/**
 * A function the dialect itself names as a primitive (QEMU's `dma_memory_rw()`), or one named as a
 * barrier whose body holds a fence (liburcu's `smp_mb_master()`, a memory-order switch over fences):
 * its body is the primitive's implementation, and its callers are the uses.
 */
function implementsPrimitive(fileContext: FileContext, name: string, body: readonly IrEvent[]): boolean {
  if (fileContext.dialect.primitives.has(name)) return true;
  if (!name.split("_").some((word) => BARRIER_NAME_WORDS.has(word))) return false;
  return leafEvents(body).some((event) => event.kind === "fence" && event.fence !== "compiler");
}

/**
 * Where the function's body begins. A macro that defines a function (QEMU's GEN_ATOMIC_HELPER_FN) can be
 * misread so that the declarator starts at the macro's uses below the `#define`, while the body is still
 * the macro's text; the body tells where the code really is.
 */
function bodyStart(source: FunctionSource): number {
  const body = source.definition ? childByField(source.definition, "body") : undefined;
  return body?.range[0] ?? source.statements[0]?.range[0] ?? source.range[0];
}

/** `{ smp_wmb(); }` or `{ return qatomic_read(&s->x); }`: one primitive call, maybe returned or cast. */
function isPrimitiveWrapper(fileContext: FileContext, statements: readonly SyntaxNode[]): boolean {
  if (statements.length !== 1) return false;
  const statement = statements[0]!;
  if (statement.type !== "expression_statement" && statement.type !== "return_statement") return false;
  if (statement.children.length !== 1) return false;
  let expression = statement.children[0]!;
  for (let depth = 0; depth < 8; depth++) {
    if (expression.type === "parenthesized_expression" && expression.children.length === 1) expression = expression.children[0]!;
    else if (expression.type === "cast_expression" && childByField(expression, "value")) expression = childByField(expression, "value")!;
    else break;
  }
  if (expression.type !== "call_expression") return false;
  const callee = childByField(expression, "function");
  return callee?.type === "identifier"
    && fileContext.dialect.primitives.has(fileContext.text.slice(callee.range[0], callee.range[1]));
}
