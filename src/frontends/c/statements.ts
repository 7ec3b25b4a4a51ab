import type { BranchTest, Loop } from "../../analysis/ir/events.js";
import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import { lowerLocalDeclaration } from "./local-declarations.js";
import { evaluate } from "./expressions.js";
import { MAX_STATEMENT_NESTING, type FunctionContext } from "./lowering-context.js";
import { constantOf, NO_LOADS, type LoadSet } from "./values.js";

const IGNORED = new Set([
  "preproc_call", "preproc_def", "preproc_function_def", "preproc_include", "type_definition", "struct_specifier",
  "union_specifier", "enum_specifier", "comment", "statement_identifier", "preproc_directive", "preproc_arg",
]);

const PREPROC_CONDITIONALS = new Set(["preproc_if", "preproc_ifdef", "preproc_elif", "preproc_elifdef", "preproc_else"]);

/**
 * The lowering of one statement, as steps: it yields each nested statement it needs lowered, in order,
 * and resumes when that statement is done. Nesting therefore costs heap, not stack: `lowerStatement`
 * drives the steps with an explicit stack, so deeply nested code (generated state machines, long
 * `else if` chains) is lowered whole instead of overflowing the call stack. State a step sets up
 * (scopes, control dependencies, break targets, open loops and branches) is restored in its `finally`.
 */
type StatementSteps = Generator<SyntaxNode, void, void>;

export function lowerStatements(context: FunctionContext, statements: readonly SyntaxNode[]): void {
  for (const statement of statements) lowerStatement(context, statement);
}

/** Lowers `node` and every statement nested in it without recursion (expressions still recurse, with their own bound). */
export function lowerStatement(context: FunctionContext, node: SyntaxNode): void {
  const stack: StatementSteps[] = [];
  const push = (statement: SyntaxNode): void => {
    if (IGNORED.has(statement.type)) return;
    if (stack.length >= MAX_STATEMENT_NESTING) {
      context.recordLimit("nesting", statement, `statements nested deeper than ${MAX_STATEMENT_NESTING} levels were not lowered`);
      return;
    }
    stack.push(statementSteps(context, statement));
  };
  push(node);
  try {
    while (stack.length > 0) {
      const next = stack[stack.length - 1]!.next();
      if (next.done) stack.pop();
      else push(next.value);
    }
  } finally {
    // After an exception, the open steps still restore what they set up, innermost first.
    while (stack.length > 0) stack.pop()!.return();
  }
}

function* statementSteps(context: FunctionContext, node: SyntaxNode): StatementSteps {
  const { events } = context;
  switch (node.type) {
    case "compound_statement": {
      context.enterScope();
      const depth = events.enterControl(NO_LOADS);
      try {
        yield* node.children;
      } finally {
        events.leaveControl(depth);
        context.leaveScope();
      }
      return;
    }
    case "declaration":
      lowerLocalDeclaration(context, node);
      return;
    case "expression_statement":
      for (const child of node.children) evaluate(context, child);
      return;
    case "if_statement":
      yield* ifSteps(context, node);
      return;
    case "for_statement":
      yield* forSteps(context, node);
      return;
    case "while_statement":
      yield* loopSteps(context, node, "while", { before: () => conditionLoads(context, childByField(node, "condition")) });
      return;
    case "do_statement":
      yield* loopSteps(context, node, "do", { after: () => conditionLoads(context, childByField(node, "condition")) });
      return;
    case "foreach_statement":
      // The macro's arguments name a list and a cursor; evaluating them would invent loads of field names.
      yield* loopSteps(context, node, "foreach", { macro: macroName(context, node) });
      return;
    case "switch_statement":
      yield* switchSteps(context, node);
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
      yield* node.children.filter((child) => child.field !== "label" && child.field !== "value");
      return;
    case "ERROR":
      context.sawErrors = true;
      yield* node.children;
      return;
    default:
      if (PREPROC_CONDITIONALS.has(node.type)) yield* preprocessorConditionalSteps(context, node);
      else evaluate(context, node);
  }
}

function conditionLoads(context: FunctionContext, condition: SyntaxNode | undefined): LoadSet {
  return condition ? evaluate(context, condition).deps : NO_LOADS;
}

/** How a loop reads its condition and what else runs each iteration. */
interface LoopShape {
  /** Reads the condition ahead of the body (while, for). */
  before?: () => LoadSet;
  /** Reads the condition behind the body (do-while). */
  after?: () => LoadSet;
  /** Runs after the body, under the same condition (a for loop's update). */
  update?: () => void;
  macro?: string | undefined;
}

/**
 * A loop. The body runs only while the condition held, so its accesses (and the update's) are
 * control-dependent on what `before` read.
 */
function* loopSteps(context: FunctionContext, node: SyntaxNode, kind: Loop["loopKind"], shape: LoopShape): StatementSteps {
  const { events } = context;
  const open = events.openLoop(node, kind, shape.macro);
  context.enterBreakTarget("loop");
  let condition: LoadSet = NO_LOADS;
  try {
    condition = shape.before?.() ?? NO_LOADS;
    const body = childByField(node, "body");
    yield* conditionalSteps(context, condition, body ? [body] : [], shape.update);
    if (shape.after) condition = shape.after();
  } finally {
    context.leaveBreakTarget();
    events.closeLoop(open, condition);
  }
}

/**
 * `statements`, then `then`, under a condition: an assignment there may not happen, and accesses
 * depend on `control`.
 */
function* conditionalSteps(context: FunctionContext, control: LoadSet, statements: readonly SyntaxNode[], then?: () => void): StatementSteps {
  context.enterConditional();
  const depth = context.events.enterControl(control);
  try {
    yield* statements;
    then?.();
  } finally {
    context.events.leaveControl(depth);
    context.leaveConditional();
  }
}

/**
 * The condition's loads, and its test when it compares one load's exact value with a constant
 * (`if (r)`, `if (!READ_ONCE(x))`, `if (r == 1)`): evaluated once, as `conditionLoads` would.
 */
function conditionTest(context: FunctionContext, condition: SyntaxNode | undefined): { loads: LoadSet; test?: BranchTest } {
  if (!condition) return { loads: NO_LOADS };
  const textOf = (n: SyntaxNode) => context.textOf(n);
  const inner = condition.children[condition.children.length - 1];
  if ((condition.type === "parenthesized_expression" || condition.type === "condition_clause") && inner && condition.children.length <= 3
    && condition.children.filter((child) => child.type !== "(" && child.type !== ")").length === 1) {
    return conditionTest(context, inner);
  }
  if (condition.type === "unary_expression" && condition.operator === "!" && inner) {
    const { loads, test } = conditionTest(context, inner);
    return { loads, ...(test ? { test: { ...test, op: test.op === "==" ? "!=" : "==" } } : {}) };
  }
  if (condition.type === "binary_expression" && (condition.operator === "==" || condition.operator === "!=")) {
    const [left, right] = [childByField(condition, "left"), childByField(condition, "right")];
    const [leftConstant, rightConstant] = [constantOf(left, textOf), constantOf(right, textOf)];
    const operand = rightConstant !== undefined ? left : leftConstant !== undefined ? right : undefined;
    const constant = rightConstant ?? leftConstant;
    if (operand && constant !== undefined) {
      const value = evaluate(context, operand);
      return { loads: value.deps, ...(value.load ? { test: { loadId: value.load, op: condition.operator, value: constant } } : {}) };
    }
  }
  const value = evaluate(context, condition);
  return { loads: value.deps, ...(value.load ? { test: { loadId: value.load, op: "!=", value: 0 } } : {}) };
}

function* ifSteps(context: FunctionContext, node: SyntaxNode): StatementSteps {
  const { events } = context;
  const { loads: condition, test } = conditionTest(context, childByField(node, "condition"));
  const consequence = childByField(node, "consequence");
  const alternative = childByField(node, "alternative");
  // else_clause holds the statement as its only child.
  const elseStatements = alternative ? (alternative.type === "else_clause" ? alternative.children : [alternative]) : [];
  const open = events.openBranch(node, condition, test);
  try {
    yield* armSteps(context, open, consequence ? [consequence] : []);
    yield* armSteps(context, open, elseStatements);
  } finally {
    events.closeBranch(open);
  }
  if (events.leaves(open)) events.controlRestOfBlock(condition);
}

function* armSteps(context: FunctionContext, open: ReturnType<FunctionContext["events"]["openBranch"]>, statements: readonly SyntaxNode[]): StatementSteps {
  const arm = context.events.openArm(open);
  try {
    yield* conditionalSteps(context, NO_LOADS, statements);
  } finally {
    context.events.closeArm(open, arm);
  }
}

function* forSteps(context: FunctionContext, node: SyntaxNode): StatementSteps {
  context.enterScope();
  try {
    yield* node.children.filter((child) => child.field === "initializer");
    yield* loopSteps(context, node, "for", {
      before: () => conditionLoads(context, childByField(node, "condition")),
      update: () => {
        for (const update of node.children.filter((child) => child.field === "update")) evaluate(context, update);
      },
    });
  } finally {
    context.leaveScope();
  }
}

function* switchSteps(context: FunctionContext, node: SyntaxNode): StatementSteps {
  const { events } = context;
  const condition = conditionLoads(context, childByField(node, "condition"));
  const body = childByField(node, "body");
  const cases = body?.children.filter((child) => child.type === "case_statement") ?? [];
  const hasDefault = cases.some((kase) => !childByField(kase, "value"));
  context.enterBreakTarget("switch");
  const open = events.openBranch(node, condition);
  try {
    for (const kase of cases) yield* armSteps(context, open, [kase]);
    if (!hasDefault) yield* armSteps(context, open, []);
  } finally {
    events.closeBranch(open);
    context.leaveBreakTarget();
  }
}

/**
 * `#ifdef` inside a function: the arms are alternatives chosen at build time, so they become a Branch
 * whose condition reads no load.
 */
function* preprocessorConditionalSteps(context: FunctionContext, node: SyntaxNode): StatementSteps {
  const arms: SyntaxNode[][] = [];
  let hasElse = false;
  for (let current: SyntaxNode | undefined = node; current; ) {
    arms.push(current.children.filter((child) => child.field !== "condition" && child.field !== "name" && child.field !== "alternative"));
    if (current.type === "preproc_else") hasElse = true;
    current = childByField(current, "alternative");
  }
  if (!hasElse) arms.push([]);
  const open = context.events.openBranch(node, NO_LOADS);
  try {
    for (const statements of arms) yield* armSteps(context, open, statements);
  } finally {
    context.events.closeBranch(open);
  }
}

function macroName(context: FunctionContext, node: SyntaxNode): string | undefined {
  const macro = childByField(node, "macro");
  return macro ? context.textOf(macro) : undefined;
}
