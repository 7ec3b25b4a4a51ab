import type { AnalysisInput } from "../analysis-input.js";
import type { ResolvedDialect } from "../dialects/registry.js";
import type { FindingSuggestion } from "../findings.js";
import { childByField, type SyntaxNode, type TranslationUnit } from "../../languages/c/syntax-node.js";
import { childHolding } from "../pairing/syntax-search.js";
import { fieldDeclaration } from "./field-declarations.js";
import { RELAXED_LOADS, RELAXED_ORDER, RELAXED_STORES } from "./fix-names.js";
import type { AccessSite } from "./key-usage.js";


/** The value categories the accessors take: `__atomic_load_n` and the macros over it reject floats and aggregates. */
const SCALAR = new Set(["integer", "pointer", "bool"]);

/** An accessor of the dialect: its name and whether it takes the location's address or the lvalue itself. */
interface Accessor {
  name: string;
  byAddress: boolean;
}

function accessor(dialect: ResolvedDialect, candidates: readonly string[], op: "load" | "store"): Accessor | undefined {
  for (const name of candidates) {
    const primitive = dialect.primitives.get(name);
    // A relaxed accessor: its own order, or an order argument that the suggestion sets to relaxed.
    const relaxed = primitive?.kind === "access" && (primitive.order === "once" || RELAXED_ORDER[name] !== undefined);
    if (relaxed && primitive.op === op && primitive.addressArg === 0 && primitive.addressForm !== "typed-array") {
      return { name, byAddress: primitive.addressForm === "pointer" };
    }
  }
  return undefined;
}

const UNWRAP = new Set(["parenthesized_expression"]);

/**
 * The dialect's relaxed accessor in place of a plain C access, as an editor suggestion: a read in a
 * value context becomes `qatomic_read(&s->x)` (`READ_ONCE(s->x)`, `atomic_load_explicit(&s->x,
 * memory_order_relaxed)`), a `=` store whose value is unused becomes `qatomic_set(&s->x, v)`. Nothing is
 * offered where the rewrite would not compile or would change what the code does: the address taken,
 * `++`/`--`, a compound assignment, a store whose value is used, a bit-field, a float, a struct or array
 * value, an lvalue of unknown type, or an access the syntax does not show as one expression (a macro's
 * argument spelled differently).
 */
export function cSuggestions(input: AnalysisInput, site: AccessSite): FindingSuggestion[] {
  if (input.syntax.language !== "c" || site.access.site.file !== input.file) return [];
  const { access } = site;
  if (access.op === "rmw" || !access.type || !SCALAR.has(access.type.category)) return [];
  const dialect = input.options.dialect;
  const text = input.syntax.text;
  const node = nodeAt(input.syntax.ast, access.site.range);
  if (!node) return [];
  // A bit-field's address cannot be taken; a field whose declaration is not found gets no suggestion either.
  const declaration = fieldDeclaration(input, access.key.id);
  if (declaration === undefined || declaration.bitfield) return [];
  if (access.op === "load") {
    const fix = accessor(dialect, RELAXED_LOADS, "load");
    if (!fix || !isLvalue(node) || !isReadContext(node)) return [];
    const replacement = call(fix, addressOf(node, text, fix.byAddress), []);
    return [{ messageId: "useAtomics", data: { replacement }, edits: [{ range: [node.range[0], node.range[1]], text: replacement }] }];
  }
  const fix = accessor(dialect, RELAXED_STORES, "store");
  if (!fix || node.type !== "assignment_expression" || node.operator !== "=" || node.parent?.type !== "expression_statement") return [];
  const left = childByField(node, "left");
  const right = childByField(node, "right");
  if (!left || !right || !isLvalue(left)) return [];
  const replacement = call(fix, addressOf(left, text, fix.byAddress), [text.slice(right.range[0], right.range[1])]);
  return [{ messageId: "useAtomics", data: { replacement }, edits: [{ range: [node.range[0], node.range[1]], text: replacement }] }];
}

function call(fix: Accessor, location: string, values: readonly string[]): string {
  const order = RELAXED_ORDER[fix.name];
  return `${fix.name}(${[location, ...values, ...(order ? [order] : [])].join(", ")})`;
}

/** `&s->x` for an accessor taking a pointer (`p` for `*p`), `s->x` for one taking the lvalue. */
function addressOf(node: SyntaxNode, text: string, byAddress: boolean): string {
  const source = text.slice(node.range[0], node.range[1]);
  if (!byAddress) return source;
  if (node.type === "pointer_expression" && node.operator === "*") {
    const argument = childByField(node, "argument");
    if (argument) return text.slice(argument.range[0], argument.range[1]);
  }
  return `&${node.type === "identifier" || node.type === "field_expression" || node.type === "subscript_expression" ? source : `(${source})`}`;
}

function isLvalue(node: SyntaxNode): boolean {
  return node.type === "identifier" || node.type === "field_expression" || node.type === "subscript_expression"
    || (node.type === "pointer_expression" && node.operator === "*");
}

/**
 * Whether the lvalue's value is read and nothing else is done with it: not the operand of `&`, `++`,
 * `--`, not the left of an assignment, not the object of `.` (a member of it is what is read), not
 * `sizeof`/`typeof`'s operand.
 */
function isReadContext(node: SyntaxNode): boolean {
  let current = node;
  while (current.parent && UNWRAP.has(current.parent.type)) current = current.parent;
  const parent = current.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "pointer_expression":
      return parent.operator !== "&";
    case "update_expression":
    case "sizeof_expression":
    case "alignof_expression":
    case "offsetof_expression":
    case "gnu_asm_expression":
      return false;
    case "assignment_expression":
      return current.field !== "left";
    case "field_expression":
      return current.field !== "argument";
    case "subscript_expression":
      return current.field !== "argument";
    case "macro_type_specifier":
    case "type_descriptor":
      return false;
    default:
      return true;
  }
}

/** The innermost node spanning exactly `range`, or undefined. */
function nodeAt(root: TranslationUnit, range: readonly [number, number]): SyntaxNode | undefined {
  let node: SyntaxNode = root;
  for (;;) {
    const child = childHolding(node, range);
    if (!child) break;
    node = child;
  }
  while (node !== root && UNWRAP.has(node.type) && node.range[0] === range[0] && node.range[1] === range[1]) node = node.children[0]!;
  return node !== root && node.range[0] === range[0] && node.range[1] === range[1] ? node : undefined;
}
