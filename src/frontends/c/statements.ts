import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { lowerLocalDeclaration } from "./local-declarations.js";
import { evaluate } from "./expressions.js";
import { MAX_NESTING, type FunctionContext } from "./lowering-context.js";
import { NO_LOADS, type LoadSet } from "./values.js";

const IGNORED = new Set([
  "preproc_call", "preproc_def", "preproc_function_def", "preproc_include", "type_definition", "struct_specifier",
  "union_specifier", "enum_specifier", "comment", "statement_identifier", "preproc_directive", "preproc_arg",
]);

const PREPROC_CONDITIONALS = new Set(["preproc_if", "preproc_ifdef", "preproc_elif", "preproc_elifdef", "preproc_else"]);

export function lowerStatements(context: FunctionContext, statements: readonly SyntaxNode[]): void {
  for (const statement of statements) lowerStatement(context, statement);
}

export function lowerStatement(context: FunctionContext, node: SyntaxNode): void {
  if (IGNORED.has(node.type) || context.nesting >= MAX_NESTING) return;
  context.nesting++;
  try {
    lowerStatementNode(context, node);
  } finally {
    context.nesting--;
  }
}

function lowerStatementNode(context: FunctionContext, node: SyntaxNode): void {
  const { events } = context;
  switch (node.type) {
    case "compound_statement":
      context.withScope(() => events.withControl(NO_LOADS, () => lowerStatements(context, node.children)));
      return;
    case "declaration":
      lowerLocalDeclaration(context, node);
      return;
    case "expression_statement":
      for (const child of node.children) evaluate(context, child);
      return;
    case "if_statement":
      lowerIf(context, node);
      return;
    case "for_statement":
      lowerFor(context, node);
      return;
    case "while_statement":
      events.loop(node, "while", () => context.withBreakTarget("loop", () => {
        const condition = conditionLoads(context, childByField(node, "condition"));
        lowerBody(context, childByField(node, "body"), condition);
        return condition;
      }));
      return;
    case "do_statement":
      events.loop(node, "do", () => context.withBreakTarget("loop", () => {
        lowerBody(context, childByField(node, "body"), NO_LOADS);
        return conditionLoads(context, childByField(node, "condition"));
      }));
      return;
    case "foreach_statement":
      // The macro's arguments name a list and a cursor; evaluating them would invent loads of field names.
      events.loop(node, "foreach", () => context.withBreakTarget("loop", () => {
        lowerBody(context, childByField(node, "body"), NO_LOADS);
        return NO_LOADS;
      }), macroName(context, node));
      return;
    case "switch_statement":
      lowerSwitch(context, node);
      return;
    case "return_statement":
      for (const child of node.children) evaluate(context, child);
      events.exit(node, "return");
      return;
    case "break_statement":
      // A break that ends a switch case only ends its arm, which the Branch already says.
      if (context.breakTarget !== "switch") events.exit(node, "break");
      return;
    case "continue_statement":
      events.exit(node, "continue");
      return;
    case "goto_statement":
      events.exit(node, "goto");
      return;
    case "labeled_statement":
    case "attributed_statement":
    case "case_statement":
      lowerStatements(context, node.children.filter((child) => child.field !== "label" && child.field !== "value"));
      return;
    case "ERROR":
      context.sawErrors = true;
      lowerStatements(context, node.children);
      return;
    default:
      if (PREPROC_CONDITIONALS.has(node.type)) lowerPreprocessorConditional(context, node);
      else evaluate(context, node);
  }
}

function conditionLoads(context: FunctionContext, condition: SyntaxNode | undefined): LoadSet {
  return condition ? evaluate(context, condition).deps : NO_LOADS;
}

/** A loop body runs only while the condition held: its accesses are control-dependent on it. */
function lowerBody(context: FunctionContext, body: SyntaxNode | undefined, condition: LoadSet): void {
  if (!body) return;
  context.conditionally(() => context.events.withControl(condition, () => lowerStatement(context, body)));
}

function lowerIf(context: FunctionContext, node: SyntaxNode): void {
  const condition = conditionLoads(context, childByField(node, "condition"));
  const consequence = childByField(node, "consequence");
  const alternative = childByField(node, "alternative");
  const leaves = context.events.branch(node, condition, [
    () => {
      if (consequence) context.conditionally(() => lowerStatement(context, consequence));
    },
    () => {
      // else_clause holds the statement as its only child.
      if (alternative) context.conditionally(() => lowerStatements(context, alternative.type === "else_clause" ? alternative.children : [alternative]));
    },
  ]);
  if (leaves) context.events.controlRestOfBlock(condition);
}

function lowerFor(context: FunctionContext, node: SyntaxNode): void {
  context.withScope(() => {
    for (const initializer of node.children.filter((child) => child.field === "initializer")) lowerStatement(context, initializer);
    context.events.loop(node, "for", () => context.withBreakTarget("loop", () => {
      const condition = conditionLoads(context, childByField(node, "condition"));
      context.conditionally(() => context.events.withControl(condition, () => {
        const body = childByField(node, "body");
        if (body) lowerStatement(context, body);
        for (const update of node.children.filter((child) => child.field === "update")) evaluate(context, update);
      }));
      return condition;
    }));
  });
}

function lowerSwitch(context: FunctionContext, node: SyntaxNode): void {
  const condition = conditionLoads(context, childByField(node, "condition"));
  const body = childByField(node, "body");
  const cases = body?.children.filter((child) => child.type === "case_statement") ?? [];
  const hasDefault = cases.some((kase) => !childByField(kase, "value"));
  const arms = cases.map((kase) => () => context.conditionally(() => lowerStatement(context, kase)));
  if (!hasDefault) arms.push(() => undefined);
  context.withBreakTarget("switch", () => context.events.branch(node, condition, arms));
}

/**
 * `#ifdef` inside a function: the arms are alternatives chosen at build time, so they become a Branch
 * whose condition reads no load.
 */
function lowerPreprocessorConditional(context: FunctionContext, node: SyntaxNode): void {
  const arms: SyntaxNode[][] = [];
  let hasElse = false;
  for (let current: SyntaxNode | undefined = node; current; ) {
    arms.push(current.children.filter((child) => child.field !== "condition" && child.field !== "name" && child.field !== "alternative"));
    if (current.type === "preproc_else") hasElse = true;
    current = childByField(current, "alternative");
  }
  if (!hasElse) arms.push([]);
  context.events.branch(node, NO_LOADS, arms.map((statements) => () => context.conditionally(() => lowerStatements(context, statements))));
}

function macroName(context: FunctionContext, node: SyntaxNode): string | undefined {
  const macro = childByField(node, "macro");
  return macro ? context.textOf(macro) : undefined;
}
