import { childByField, type SyntaxNode } from "../../languages/c/syntax-node.js";
import type { TextEdit } from "../findings.js";
import type { HoistPlan } from "./hoisting-plans.js";
import { callArguments, textOf } from "./loop-syntax.js";

/** Operand forms that need no parentheses after a unary `*`. */
const PRIMARY = new Set(["identifier", "field_expression", "subscript_expression", "parenthesized_expression", "call_expression"]);

/**
 * The edits that turn a call of the ordered primitive into its relaxed counterpart: the name, and the
 * address argument when the two name their location differently (`smp_load_acquire(&x)` takes a
 * pointer, `READ_ONCE(x)` the location). Arguments are otherwise kept as written, comments included.
 */
export function relaxedCallEdits(call: SyntaxNode, plan: HoistPlan, text: string): TextEdit[] | undefined {
  const callee = childByField(call, "function");
  const address = callArguments(call)[0];
  if (!callee || !address) return undefined;
  const edits: TextEdit[] = [{ range: callee.range, text: plan.relaxed }];
  if (plan.addressForm === plan.relaxedAddressForm) return edits;
  if (plan.addressForm !== "pointer" || plan.relaxedAddressForm !== "lvalue") return undefined;
  edits.push({ range: address.range, text: locationOf(address, text) });
  return edits;
}

/** `&x` -> `x`; `p` -> `*p`; `p + i` -> `*(p + i)`. */
function locationOf(pointer: SyntaxNode, text: string): string {
  if (pointer.type === "pointer_expression" && pointer.operator === "&") return textOf(childByField(pointer, "argument")!, text);
  const written = textOf(pointer, text);
  return PRIMARY.has(pointer.type) ? `*${written}` : `*(${written})`;
}

/** The text of [start, end) with `edits` (all inside it, not overlapping) applied. */
export function applyEdits(text: string, start: number, end: number, edits: readonly TextEdit[]): string {
  let result = "";
  let copied = start;
  for (const edit of [...edits].sort((a, b) => a.range[0] - b.range[0])) {
    result += text.slice(copied, edit.range[0]) + edit.text;
    copied = edit.range[1];
  }
  return result + text.slice(copied, end);
}
