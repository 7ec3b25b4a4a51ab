import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";

export type LoopNode = SyntaxNode & { type: "for_statement" | "while_statement" | "do_statement" | "foreach_statement" };

/**
 * Foreach-style macros that run their body once under a lock or guard (`WITH_QEMU_LOCK_GUARD`,
 * `scoped_guard`): the language parses them as foreach statements, but they are not loops.
 */
const GUARD_MACRO = /^WITH_|^scoped_(?:cond_)?guard$/u;
/** Foreach macros whose traversal is itself an ordered (RCU) read of a concurrently changing list. */
const RCU_MACRO = /rcu/iu;

export function textOf(node: SyntaxNode, text: string): string {
  return text.slice(node.range[0], node.range[1]);
}

export function isGuardMacro(node: SyntaxNode, text: string): boolean {
  return node.type === "foreach_statement" && GUARD_MACRO.test(macroName(node, text));
}

export function isRcuForeach(node: SyntaxNode, text: string): boolean {
  return node.type === "foreach_statement" && RCU_MACRO.test(macroName(node, text));
}

function macroName(foreach: SyntaxNode, text: string): string {
  const macro = childByField(foreach, "macro");
  return macro ? textOf(macro, text) : "";
}

/** `do { ... } while (0)`, the statement-macro idiom: a block, not a loop. */
function runsOnce(doStatement: SyntaxNode, text: string): boolean {
  const condition = childByField(doStatement, "condition");
  return condition !== undefined && /^\(\s*(?:0|false)\s*\)$/u.test(textOf(condition, text));
}

export function isLoop(node: SyntaxNode, text: string): node is LoopNode {
  switch (node.type) {
    case "for_statement": case "while_statement": return true;
    case "do_statement": return !runsOnce(node, text);
    case "foreach_statement": return !isGuardMacro(node, text);
    default: return false;
  }
}

export function loopBody(loop: LoopNode): SyntaxNode | undefined {
  return childByField(loop, "body");
}

/** The parts of a loop that steer it rather than do its work: for's three clauses, conditions, macro arguments. */
export function loopHeader(loop: LoopNode): SyntaxNode[] {
  return loop.children.filter((child) => child.field !== "body");
}

/** The loop that runs `node` on every iteration; a for loop's initializer runs once, before its loop. */
export function innermostLoop(node: SyntaxNode, text: string): LoopNode | undefined {
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if (isLoop(current, text) && !(current.type === "for_statement" && child.field === "initializer")) return current;
    if (current.type === "function_definition") return undefined;
  }
  return undefined;
}

export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === "function_definition") return current;
  return undefined;
}

/** Every node below `root` (root included), in source order; iterative, so deep trees cost no recursion. */
export function* descendants(root: SyntaxNode): Generator<SyntaxNode> {
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    yield node;
    for (let index = node.children.length - 1; index >= 0; index--) pending.push(node.children[index]!);
  }
}

export function calleeName(call: SyntaxNode, text: string): string | undefined {
  const callee = childByField(call, "function");
  return callee?.type === "identifier" ? textOf(callee, text) : undefined;
}

export function callArguments(call: SyntaxNode): SyntaxNode[] {
  return childByField(call, "arguments")?.children ?? [];
}
