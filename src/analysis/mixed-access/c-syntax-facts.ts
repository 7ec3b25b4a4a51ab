import type { Access } from "../ir/events.js";
import type { FunctionIR } from "../ir/function-ir.js";
import { loopsIn } from "../ir/walk.js";
import { childByField, type SyntaxNode, type TranslationUnit } from "../../languages/c/syntax-node.js";
import type { MixedAccessOptions } from "./mixed-access-options.js";
import { childHolding } from "../pairing/syntax-search.js";

/** `p = g_new0(T, 1)` or `T *p = malloc(...)`: the variable `name` holds a fresh object from `offset` on. */
interface Allocation {
  name: string;
  offset: number;
  /** Range of the enclosing function definition. */
  functionRange: readonly [number, number];
}

const TRANSPARENT_WRAPPERS = new Set(["cast_expression", "parenthesized_expression"]);

/** `3`, `0x10`, `INTSET`, `PS + 1`: an index made of numbers and upper-case names only. */
const CONSTANT_INDEX = /^(?:[A-Z0-9_]+|0[xX][0-9a-fA-F]+[uUlL]*|[0-9]+[uUlL]*|[-+*()<>|&~])+$/u;

/** `NAME(data);` in a function: a statement-level call of a function-like macro, with its bare-identifier arguments. */
interface MacroStatement {
  macro: string;
  names: (string | undefined)[];
  offset: number;
  functionRange: readonly [number, number];
}

/** `#define DECL(v) T v = { ... }`: which parameters of a function-like macro the macro declares. */
function declaredParameters(definition: SyntaxNode, text: string): { name: string; declared: Set<number> } | undefined {
  const nameNode = childByField(definition, "name");
  const parameters = childByField(definition, "parameters");
  const value = childByField(definition, "value");
  if (!nameNode || !parameters || !value) return undefined;
  const body = text.slice(value.range[0], value.range[1]).replace(/\\\n/gu, " ");
  const declared = new Set<number>();
  parameters.children.filter((child) => child.type === "identifier").forEach((parameter, index) => {
    const name = text.slice(parameter.range[0], parameter.range[1]);
    // A type (one or more words, maybe pointers) then the parameter, then `=`, `;`, `[` or the end.
    const declaration = new RegExp(`(?:^|[;{]\\s*)(?:[A-Za-z_]\\w*[\\s*]+)+${name}\\s*(?:=|;|\\[|$)`, "u");
    if (declaration.test(body.trim())) declared.add(index);
  });
  return declared.size === 0 ? undefined : { name: text.slice(nameNode.range[0], nameNode.range[1]), declared };
}

export interface ElementIndex {
  text: string;
  constant: boolean;
}

/**
 * What the linted C file's syntax says beyond its IR: which variables hold freshly allocated objects,
 * and which block macros take a lock. The IR of other files carries neither.
 */
export class CSyntaxFacts {
  private readonly foreachByStart = new Map<number, SyntaxNode>();
  /** Allocations by the name of the variable that receives them. */
  private readonly allocations = new Map<string, Allocation[]>();
  /** Locals that a macro of this file declares (`LOONGARCH64_INIT_TEST_DATA(data);`), by name. */
  private readonly macroLocals = new Map<string, { offset: number; functionRange: readonly [number, number] }[]>();

  constructor(private readonly text: string, private readonly root: TranslationUnit, private readonly options: MixedAccessOptions) {
    const pending: SyntaxNode[] = [root];
    const declaringMacros = new Map<string, Set<number>>();
    const statements: MacroStatement[] = [];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.type === "foreach_statement") this.foreachByStart.set(node.range[0], node);
      else if (node.type === "call_expression") {
        this.noteAllocation(node);
        const statement = this.macroStatement(node);
        if (statement) statements.push(statement);
      } else if (node.type === "preproc_function_def") {
        const declaring = declaredParameters(node, text);
        if (declaring) declaringMacros.set(declaring.name, declaring.declared);
      }
      for (const child of node.children) pending.push(child);
    }
    for (const statement of statements) {
      for (const index of declaringMacros.get(statement.macro) ?? []) {
        const name = statement.names[index];
        if (name === undefined) continue;
        const list = this.macroLocals.get(name) ?? [];
        list.push({ offset: statement.offset, functionRange: statement.functionRange });
        this.macroLocals.set(name, list);
      }
    }
  }

  /**
   * Whether `access`, which the front-end keys as the global `name`, reaches a local that a macro of
   * this file declared earlier in the same function: the front-end does not expand macros, so it
   * never saw the declaration.
   */
  isMacroDeclaredLocal(access: Access): boolean {
    const name = /^([A-Za-z_]\w*)(?:\[\])?$/u.exec(access.key.id)?.[1];
    if (name === undefined) return false;
    const start = access.site.range[0];
    return (this.macroLocals.get(name) ?? []).some((local) => local.offset < start
      && start >= local.functionRange[0] && start <= local.functionRange[1]);
  }

  private macroStatement(call: SyntaxNode): MacroStatement | undefined {
    if (call.parent?.type !== "expression_statement") return undefined;
    const callee = childByField(call, "function");
    const argumentsNode = childByField(call, "arguments");
    const functionNode = enclosingFunction(call);
    if (callee?.type !== "identifier" || !argumentsNode || !functionNode) return undefined;
    const names = argumentsNode.children
      .filter((child) => child.type !== "(" && child.type !== ")" && child.type !== ",")
      .map((child) => (child.type === "identifier" ? this.text.slice(child.range[0], child.range[1]) : undefined));
    return { macro: this.text.slice(callee.range[0], callee.range[1]), names, offset: call.range[0], functionRange: functionNode.range };
  }

  /** Ids of the loops of `fn` that are lock-guard blocks (`WITH_QEMU_LOCK_GUARD(&m) { ... }`). */
  guardLoops(fn: FunctionIR): Set<string> {
    return new Set(loopsIn(fn.body)
      .filter((loop) => loop.loopKind === "foreach" && this.isGuardBlock(this.foreachByStart.get(loop.site.range[0])))
      .map((loop) => loop.id));
  }

  /**
   * The variable through which `access` reaches its object (`e` in `e->ns`, in `qatomic_read(&e->ns)` and
   * in `e->ns = v`), or undefined when it goes through no pointer variable.
   */
  baseVariable(access: Access): string | undefined {
    const node = this.nodeAt(access.site.range);
    if (!node) return undefined;
    const lvalue = node.type === "call_expression" ? firstLvalueArgument(node) : node;
    return lvalue && dereferencedVariable(lvalue, this.text);
  }

  /**
   * Whether the definition of `fn` carries an annotation saying it is entered with a lock held
   * (`static void f(S *s) TSA_REQUIRES(s->lock) { ... }`, `__must_hold(&s->lock)`), between its start
   * and its body. The front-end blanks these annotations, so only this file's text still has them.
   */
  requiresLock(fn: FunctionIR): boolean {
    if (this.options.requiresAnnotations.size === 0) return false;
    const node = this.nodeAt(fn.site.range);
    const definition = node?.type === "function_definition" ? node : node && enclosingFunction(node);
    const body = definition && childByField(definition, "body");
    if (!definition || !body) return false;
    const header = this.text.slice(definition.range[0], body.range[0]);
    for (const match of header.matchAll(/[A-Za-z_]\w*/gu)) if (this.options.requiresAnnotations.has(match[0])) return true;
    return false;
  }

  /**
   * The offset after which the object `access` goes through was freshly allocated in the same
   * function (`p->f` with `p = g_new0(...)` earlier), or undefined.
   */
  allocationBefore(access: Access): number | undefined {
    const start = access.site.range[0];
    const node = this.nodeAt(access.site.range);
    const base = node && dereferencedVariable(node, this.text);
    if (base === undefined) return undefined;
    let found: number | undefined;
    for (const allocation of this.allocations.get(base) ?? []) {
      if (allocation.offset > start) continue;
      if (start < allocation.functionRange[0] || start > allocation.functionRange[1]) continue;
      found = Math.max(found ?? -1, allocation.offset);
    }
    return found;
  }

  /**
   * The index of the array element `access` reaches (`INTSET` in `qatomic_or(&env->sregs[INTSET], m)`),
   * as written without spaces, and whether it is a constant (a number or an upper-case name).
   */
  elementIndex(access: Access): ElementIndex | undefined {
    const node = this.nodeAt(access.site.range);
    const subscript = node && firstOfType(node, "subscript_expression");
    const index = subscript && childByField(subscript, "index");
    if (!index) return undefined;
    const text = this.text.slice(index.range[0], index.range[1]).replace(/\s+/gu, "");
    return { text, constant: CONSTANT_INDEX.test(text) };
  }

  private isGuardBlock(node: SyntaxNode | undefined): boolean {
    const macro = node && childByField(node, "macro");
    if (!node || !macro) return false;
    const name = this.text.slice(macro.range[0], macro.range[1]);
    if (!this.options.guardBlocks.has(name)) return false;
    // `scoped_guard(rcu)` and friends open an RCU read-side section, which excludes no writer.
    const argumentsNode = childByField(node, "arguments");
    const argumentsText = argumentsNode ? this.text.slice(argumentsNode.range[0], argumentsNode.range[1]) : "";
    return !/^\(\s*rcu\w*\s*(?:[,)])/u.test(argumentsText);
  }

  private noteAllocation(call: SyntaxNode): void {
    const callee = childByField(call, "function");
    if (!callee || callee.type !== "identifier" || !this.options.allocators.has(this.text.slice(callee.range[0], callee.range[1]))) return;
    let value = call;
    while (value.parent && TRANSPARENT_WRAPPERS.has(value.parent.type)) value = value.parent;
    const holder = value.parent;
    let target: SyntaxNode | undefined;
    if (holder?.type === "assignment_expression" && holder.operator === "=" && value.field === "right") target = childByField(holder, "left");
    else if (holder?.type === "init_declarator" && value.field === "value") target = declaredName(childByField(holder, "declarator"));
    const functionNode = enclosingFunction(call);
    if (target?.type !== "identifier" || !functionNode) return;
    const name = this.text.slice(target.range[0], target.range[1]);
    const allocation = { name, offset: call.range[1], functionRange: functionNode.range };
    const list = this.allocations.get(name);
    if (list) list.push(allocation);
    else this.allocations.set(name, [allocation]);
  }

  /** The innermost node spanning exactly `range`, or the innermost one containing it. */
  private nodeAt(range: readonly [number, number]): SyntaxNode | undefined {
    let node: SyntaxNode = this.root;
    for (;;) {
      const child = childHolding(node, range);
      if (!child) return node === this.root ? undefined : node;
      node = child;
    }
  }
}

/** The lvalue a primitive's first argument designates: `e->ns` in `qatomic_read(&e->ns)` or `READ_ONCE(e->ns)`. */
function firstLvalueArgument(call: SyntaxNode): SyntaxNode | undefined {
  const argumentsNode = childByField(call, "arguments");
  let argument = argumentsNode?.children.find((child) => child.type !== "(" && child.type !== ")" && child.type !== ",");
  while (argument && (argument.type === "parenthesized_expression" || argument.type === "cast_expression")) {
    argument = argument.type === "cast_expression" ? childByField(argument, "value") : argument.children[0];
  }
  if (argument?.type === "pointer_expression" && argument.operator === "&") return childByField(argument, "argument");
  return argument;
}

function firstOfType(root: SyntaxNode, type: string): SyntaxNode | undefined {
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    if (node.type === type) return node;
    for (const child of node.children) queue.push(child);
  }
  return undefined;
}

function declaredName(declarator: SyntaxNode | undefined): SyntaxNode | undefined {
  let node = declarator;
  while (node && node.type !== "identifier") node = childByField(node, "declarator");
  return node;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node.parent;
  while (current && current.type !== "function_definition") current = current.parent;
  return current ?? undefined;
}

/**
 * The variable an lvalue reaches memory through (`p` in `p->a.b`, `p->v[i]`, `(*p).x`), or undefined
 * when the lvalue does not dereference a variable.
 */
function dereferencedVariable(start: SyntaxNode, text: string): string | undefined {
  let node: SyntaxNode | undefined = start;
  if (node.type === "assignment_expression") node = childByField(node, "left");
  else if (node.type === "update_expression") node = childByField(node, "argument");
  let dereferenced = false;
  while (node) {
    switch (node.type) {
      case "field_expression":
        if (node.operator === "->") dereferenced = true;
        node = childByField(node, "argument");
        break;
      case "subscript_expression":
        dereferenced = true;
        node = childByField(node, "argument");
        break;
      case "pointer_expression":
        if (node.operator !== "*") return undefined;
        dereferenced = true;
        node = childByField(node, "argument");
        break;
      case "parenthesized_expression":
        node = node.children[0];
        break;
      case "cast_expression":
        node = childByField(node, "value");
        break;
      case "identifier":
        return dereferenced ? text.slice(node.range[0], node.range[1]) : undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}
