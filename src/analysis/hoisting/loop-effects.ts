import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import type { LocalScope } from "./local-scope.js";
import { callArguments, calleeName, isGuardMacro, isLoop, isRcuForeach, loopHeader, textOf, type LoopNode } from "./loop-syntax.js";

/**
 * Function-like macros that compute a value from their arguments and touch no memory themselves.
 * Anything else called in the loop may access shared memory or contain a barrier, so it blocks the hoist.
 */
const PURE_MACROS: ReadonlySet<string> = new Set([
  "ARRAY_SIZE", "MIN", "MAX", "MIN_NON_ZERO", "DIV_ROUND_UP", "ROUND_UP", "ROUND_DOWN", "QEMU_ALIGN_UP",
  "QEMU_ALIGN_DOWN", "QEMU_IS_ALIGNED", "BIT", "BIT_ULL", "min", "max", "min_t", "max_t", "clamp", "clamp_t",
  "likely", "unlikely",
]);

/** Nodes that name types or declare, never evaluated as expressions. */
const NOT_EVALUATED: ReadonlySet<string> = new Set([
  "sizeof_expression", "alignof_expression", "offsetof_expression", "type_descriptor", "primitive_type",
  "type_identifier", "sized_type_specifier", "struct_specifier", "union_specifier", "enum_specifier",
  "storage_class_specifier", "type_qualifier", "macro_type_specifier", "field_identifier", "comment",
  "string_literal", "concatenated_string", "char_literal", "number_literal", "true", "false", "null",
]);

/**
 * Where an expression sits. `body`: the loop's work, which may touch only the function's own variables.
 * `steering`: loop headers, foreach-macro arguments and the address argument of a hoisted primitive,
 * whose plain reads only decide which iteration runs or which variable is accessed; they are assumed
 * not to be written concurrently (such data would be read with an atomic primitive, which is seen).
 */
type Role = "body" | "steering";

export interface LoopEffectsContext {
  text: string;
  scope: LocalScope;
  /** The calls whose ordering would be hoisted. */
  candidates: ReadonlySet<SyntaxNode>;
  /** Every primitive name of the dialect in effect: any other one in the loop blocks the hoist. */
  primitives: ReadonlySet<string>;
}

/**
 * Why hoisting the candidates' ordering out of `loop` could change what the program relies on, or
 * undefined when nothing in the loop depends on per-iteration ordering: no other shared access, no call,
 * no other primitive or barrier, no lock, and no way out of the loop that skips the code after it.
 */
export function blockingEffect(loop: LoopNode, context: LoopEffectsContext): string | undefined {
  return new LoopEffects(context).check(loop);
}

class LoopEffects {
  #reason: string | undefined;

  constructor(private readonly context: LoopEffectsContext) {}

  check(loop: LoopNode): string | undefined {
    this.#loop(loop);
    return this.#reason;
  }

  #block(reason: string): void {
    this.#reason ??= reason;
  }

  #text(node: SyntaxNode): string {
    return textOf(node, this.context.text).replace(/\s+/gu, " ");
  }

  #loop(loop: SyntaxNode): void {
    if (isRcuForeach(loop, this.context.text)) this.#block(`walks an RCU list (${this.#text(childByField(loop, "macro")!)})`);
    for (const part of loopHeader(loop as LoopNode)) this.#read(part, "steering");
    const body = childByField(loop, "body");
    if (body) this.#read(body, "body");
  }

  #read(node: SyntaxNode, role: Role): void {
    if (this.#reason || NOT_EVALUATED.has(node.type)) return;
    const { scope } = this.context;
    switch (node.type) {
      case "return_statement": return this.#block("leaves the loop with return, skipping the code after it");
      case "goto_statement": return this.#block("leaves the loop with goto, skipping the code after it");
      case "labeled_statement": return this.#block("holds a label that could be jumped to");
      case "gnu_asm_expression": case "asm_statement": return this.#block("holds inline assembly");
      case "identifier": {
        const name = textOf(node, this.context.text);
        if (role === "body" && !scope.kindOf(name) && !scope.isConstant(name)) this.#block(`reads the global ${name}`);
        return;
      }
      case "field_expression":
        if (node.operator === "->" && role === "body") return this.#block(`reads ${this.#text(node)}`);
        return this.#read(childByField(node, "argument")!, role);
      case "subscript_expression": {
        const base = childByField(node, "argument")!;
        const ownArray = base.type === "identifier" && scope.kindOf(textOf(base, this.context.text)) === "array";
        if (!ownArray && role === "body") return this.#block(`reads ${this.#text(node)}`);
        this.#read(base, role);
        return this.#read(childByField(node, "index")!, role);
      }
      case "pointer_expression":
        if (node.operator === "&") return this.#address(childByField(node, "argument")!, role);
        if (role === "body") return this.#block(`reads ${this.#text(node)}`);
        return this.#read(childByField(node, "argument")!, role);
      case "assignment_expression":
        this.#write(childByField(node, "left")!);
        return this.#read(childByField(node, "right")!, role);
      case "update_expression":
        return this.#write(childByField(node, "argument")!);
      case "call_expression":
        return this.#call(node, role);
      case "declaration":
        for (const declarator of node.children) {
          const value = declarator.type === "init_declarator" ? childByField(declarator, "value") : undefined;
          if (value) this.#read(value, role);
        }
        return;
      case "foreach_statement":
        if (isGuardMacro(node, this.context.text)) return this.#block(`runs its body under ${this.#text(childByField(node, "macro")!)}`);
        return this.#loop(node);
      default:
        if (isLoop(node, this.context.text)) return this.#loop(node);
        for (const child of node.children) this.#read(child, role);
    }
  }

  /** `&x`: the address is computed, the object itself is not accessed. */
  #address(node: SyntaxNode, role: Role): void {
    switch (node.type) {
      case "identifier": return;
      case "parenthesized_expression": return this.#address(node.children[0]!, role);
      case "field_expression": {
        const base = childByField(node, "argument")!;
        return node.operator === "->" ? this.#read(base, role) : this.#address(base, role);
      }
      case "subscript_expression": {
        const base = childByField(node, "argument")!;
        if (base.type === "identifier" && this.context.scope.kindOf(textOf(base, this.context.text)) === "array") this.#address(base, role);
        else this.#read(base, role);
        return this.#read(childByField(node, "index")!, role);
      }
      case "pointer_expression":
        if (node.operator === "*") return this.#read(childByField(node, "argument")!, role);
        return this.#read(node, role);
      default: return this.#read(node, role);
    }
  }

  /** Every write in the loop, in any role, must go to the function's own variables. */
  #write(node: SyntaxNode): void {
    const { scope, text } = this.context;
    switch (node.type) {
      case "identifier":
        if (!scope.kindOf(textOf(node, text))) this.#block(`writes the global ${textOf(node, text)}`);
        return;
      case "parenthesized_expression": return this.#write(node.children[0]!);
      case "field_expression":
        if (node.operator === "->") return this.#block(`writes ${this.#text(node)}`);
        return this.#write(childByField(node, "argument")!);
      case "subscript_expression": {
        const base = childByField(node, "argument")!;
        if (base.type !== "identifier" || scope.kindOf(textOf(base, text)) !== "array") return this.#block(`writes ${this.#text(node)}`);
        return this.#read(childByField(node, "index")!, "body");
      }
      default: return this.#block(`writes ${this.#text(node)}`);
    }
  }

  #call(call: SyntaxNode, role: Role): void {
    const name = calleeName(call, this.context.text);
    const args = callArguments(call);
    if (this.context.candidates.has(call)) {
      const [address, ...values] = args;
      if (address) this.#read(address, "steering");
      for (const value of values) this.#read(value, "body");
      return;
    }
    if (name && this.context.primitives.has(name)) return this.#block(`also uses ${name}()`);
    if (!name || !PURE_MACROS.has(name)) return this.#block(`calls ${name ?? this.#text(childByField(call, "function")!)}()`);
    for (const arg of args) this.#read(arg, role);
  }
}

/** Whether evaluating `node` could change any state: assignments, increments, calls. */
export function hasSideEffects(node: SyntaxNode): boolean {
  if (node.type === "assignment_expression" || node.type === "update_expression" || node.type === "call_expression") return true;
  return node.children.some(hasSideEffects);
}
