import type { TSESTree } from "@typescript-eslint/types";
import type { FindingSuggestion, TextEdit } from "../../analysis/findings.js";
import { childNodes, isFunctionNode, unwrapExpression, walk, type Node } from "./estree.js";

/** What is known of the location a plain access reaches, for rewriting it with `Atomics`. */
export interface RewriteFacts {
  /** The typed array's constructor name, when known (`Int32Array`). */
  arrayType: string | undefined;
  /** Whether some `Atomics.notify()` in the program targets the same element: only then can a waiter be woken. */
  notified: boolean;
  /** The initialiser of a constant this file imports, as the module that declares it writes it. */
  importedConstant?: (source: string, imported: string) => Node | undefined;
}

const UPDATES: Readonly<Record<string, string>> = { "+=": "add", "-=": "sub", "&=": "and", "|=": "or", "^=": "xor" };
const BIGINT_ARRAYS = new Set(["BigInt64Array", "BigUint64Array"]);
const INTEGER = /^-?(?:0|[1-9]\d*|0[xX][\da-fA-F]+|0[oO][0-7]+|0[bB][01]+)$/u;

/**
 * The `Atomics` spelling of the plain element access at `range` (a read, a `=` store or a compound
 * update whose value is not used), and, for a read that is the whole test of a loop that only waits,
 * an `Atomics.wait()` in the loop's body. Nothing is offered where the rewrite could change what the
 * code computes: an optional chain, a store whose value is used, `++` on an array of unknown type.
 */
export function atomicsRewrites(ast: unknown, text: string, range: readonly [number, number], facts: RewriteFacts): FindingSuggestion[] {
  // A caller without the syntax tree (a checker run on IR alone) gets no rewrite.
  if (!hasRange(ast)) return [];
  const path = pathTo(ast, range);
  let index = path.length - 1;
  while (index >= 0 && !isAccessNode(path[index]!, range)) index -= 1;
  if (index < 0) return [];
  let node = path[index]!;
  let parent = path[index - 1];
  if (node.type === "MemberExpression" && parent && writtenOperand(parent) === node) {
    node = parent;
    parent = path[index - 2];
  }
  const source = (part: Node) => text.slice(part.range[0], part.range[1]);
  if (node.type === "MemberExpression") return readRewrites(node, path.slice(0, index), text, facts);
  const statement = parent?.type === "ExpressionStatement";
  const target = writtenOperand(node);
  const element = target && elementOf(target, source);
  if (!element || !statement) return [];
  let replacement: string | undefined;
  if (node.type === "UpdateExpression") {
    const one = facts.arrayType === undefined ? undefined : BIGINT_ARRAYS.has(facts.arrayType) ? "1n" : "1";
    if (one) replacement = `Atomics.${node.operator === "++" ? "add" : "sub"}(${element.array}, ${element.index}, ${one})`;
  } else if (node.type === "AssignmentExpression") {
    const method = node.operator === "=" ? "store" : UPDATES[node.operator];
    if (method) replacement = `Atomics.${method}(${element.array}, ${element.index}, ${argument(node.right, source)})`;
  }
  return replacement ? [useAtomics(node, replacement)] : [];
}

function readRewrites(member: TSESTree.MemberExpression, ancestors: Node[], text: string, facts: RewriteFacts): FindingSuggestion[] {
  const element = elementOf(member, (node) => text.slice(node.range[0], node.range[1]));
  const parent = ancestors.at(-1);
  if (!element || parent?.type === "ChainExpression" || ((parent?.type === "CallExpression" || parent?.type === "NewExpression") && parent.callee === member)) return [];
  const load = `Atomics.load(${element.array}, ${element.index})`;
  const suggestions = [useAtomics(member, load)];
  const wait = waitRewrite(member, ancestors, element, facts, text);
  if (wait) {
    suggestions.push({
      messageId: "waitInsteadOfSpinning",
      data: { replacement: wait.call },
      edits: [{ range: [member.range[0], member.range[1]], text: load }, wait.body],
    });
  }
  return suggestions;
}

/**
 * `while (a[i] === v) {}` (also `v === a[i]`, `==`, `!a[i]`, `for (; test;)`, `do {} while`): the body
 * may sleep in `Atomics.wait(a, i, v)` while the element still holds `v`. Only for the two element
 * types `Atomics.wait` accepts, a `v` of the element's kind that is a literal or a constant, and an
 * element that some `Atomics.notify()` wakes waiters on.
 */
function waitRewrite(member: TSESTree.MemberExpression, ancestors: Node[], element: { array: string; index: string }, facts: RewriteFacts, text: string): { call: string; body: TextEdit } | undefined {
  if (!facts.notified || (facts.arrayType !== "Int32Array" && facts.arrayType !== "BigInt64Array")) return undefined;
  const bigint = facts.arrayType === "BigInt64Array";
  let position = ancestors.length - 1;
  while (position >= 0 && isTransparent(ancestors[position]!)) position -= 1;
  const test = ancestors[position];
  let expected: string | undefined;
  if (test?.type === "UnaryExpression" && test.operator === "!") expected = bigint ? "0n" : "0";
  else if (test?.type === "BinaryExpression" && (test.operator === "===" || test.operator === "==")) {
    const left: Node = test.left;
    const other = left === member || ancestors.includes(left) ? test.right : left;
    expected = expectedValue(other, ancestors[0]!, bigint, facts);
  }
  const loop = ancestors[position - 1];
  if (expected === undefined || !loop || !test || !isWaitingLoop(loop, test)) return undefined;
  const call = `Atomics.wait(${element.array}, ${element.index}, ${expected})`;
  // `while (x);` has its body right after the parenthesis: the call keeps a space from it.
  const spaced = /\s/u.test(text[loop.body.range[0] - 1] ?? " ") ? "" : " ";
  return { call, body: { range: [loop.body.range[0], loop.body.range[1]], text: `${spaced}${call};` } };
}

/** The element an assignment or `++`/`--` writes. */
function writtenOperand(node: Node): Node | undefined {
  if (node.type === "AssignmentExpression") return node.left;
  return node.type === "UpdateExpression" ? node.argument : undefined;
}

function isAccessNode(node: Node, range: readonly [number, number]): boolean {
  return node.range[0] === range[0] && node.range[1] === range[1]
    && (node.type === "MemberExpression" || node.type === "AssignmentExpression" || node.type === "UpdateExpression");
}

function isTransparent(node: Node): boolean {
  return node.type === "TSAsExpression" || node.type === "TSNonNullExpression" || node.type === "TSTypeAssertion" || node.type === "TSSatisfiesExpression";
}

function isWaitingLoop(loop: Node, test: Node): loop is TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement {
  const waitsOn = (loop.type === "WhileStatement" || loop.type === "DoWhileStatement" || (loop.type === "ForStatement" && !loop.update && !loop.init))
    && loop.test === test;
  if (!waitsOn) return false;
  const body = (loop as TSESTree.WhileStatement).body;
  return body.type === "EmptyStatement" || (body.type === "BlockStatement" && body.body.length === 0);
}

/** The value compared with the element, when it is an integer of the element's kind known without running code. */
function expectedValue(node: Node, program: Node, bigint: boolean, facts: RewriteFacts): string | undefined {
  const target = unwrapExpression(node);
  const literal = integerLiteral(target, bigint);
  if (literal !== undefined) return literal;
  if (target.type !== "Identifier") return undefined;
  const init = moduleConstant(program as TSESTree.Program, target.name, facts);
  return init && integerLiteral(unwrapExpression(init), bigint) !== undefined ? target.name : undefined;
}

function integerLiteral(node: Node, bigint: boolean): string | undefined {
  if (node.type === "UnaryExpression" && node.operator === "-") {
    const inner = integerLiteral(unwrapExpression(node.argument), bigint);
    return inner === undefined || inner.startsWith("-") ? undefined : `-${inner}`;
  }
  if (node.type !== "Literal") return undefined;
  if (bigint) return typeof node.value === "bigint" ? node.raw : undefined;
  return typeof node.value === "number" && INTEGER.test(node.raw) && Math.abs(node.value) <= 2 ** 31 ? node.raw : undefined;
}

/**
 * The initialiser of a module-level `const NAME = ...`, or of a constant the file imports under that
 * name (as its declaring module writes it), when nothing else in the file declares the name again (no
 * local, parameter, function or class of that name could shadow it where the loop is).
 */
function moduleConstant(program: TSESTree.Program, name: string, facts: RewriteFacts): Node | undefined {
  let init: Node | undefined;
  for (const statement of program.body) {
    if (statement.type === "ImportDeclaration" && statement.importKind !== "type") {
      const specifier = statement.specifiers.find((candidate) => candidate.local.name === name);
      if (specifier && specifier.type !== "ImportNamespaceSpecifier") {
        const imported = specifier.type === "ImportDefaultSpecifier" ? "default"
          : specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value;
        init = facts.importedConstant?.(String(statement.source.value), imported);
      }
    }
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration" || declaration.kind !== "const") continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === "Identifier" && declarator.id.name === name && declarator.init) init = declarator.init;
    }
  }
  let bindings = 0;
  walk(program, (node) => {
    if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.id.name === name) bindings += 1;
    else if ((node.type === "FunctionDeclaration" || node.type === "ClassDeclaration") && node.id?.name === name) bindings += 1;
    else if (isFunctionNode(node) && node.params.some((param) => param.type === "Identifier" && param.name === name)) bindings += 1;
    else if ((node.type === "ImportSpecifier" || node.type === "ImportDefaultSpecifier" || node.type === "ImportNamespaceSpecifier") && node.local.name === name) bindings += 1;
  });
  return bindings === 1 ? init : undefined;
}

function elementOf(node: Node, source: (node: Node) => string): { array: string; index: string } | undefined {
  const target = unwrapExpression(node);
  if (target.type !== "MemberExpression" || !target.computed || target.optional || target.object.type === "Super") return undefined;
  return { array: argument(target.object, source), index: argument(target.property, source) };
}

function argument(node: Node, source: (node: Node) => string): string {
  return node.type === "SequenceExpression" ? `(${source(node)})` : source(node);
}

function useAtomics(node: Node, replacement: string): FindingSuggestion {
  return { messageId: "useAtomics", data: { replacement }, edits: [{ range: [node.range[0], node.range[1]], text: replacement }] };
}

function hasRange(node: unknown): node is Node {
  return typeof node === "object" && node !== null && Array.isArray((node as { range?: unknown }).range);
}

/** The nodes from the root down to the deepest one that contains `range`. */
function pathTo(root: Node, range: readonly [number, number]): Node[] {
  const path: Node[] = [];
  let current: Node | undefined = root;
  while (current) {
    path.push(current);
    current = childNodes(current).find((child) => child.range[0] <= range[0] && range[1] <= child.range[1]);
  }
  return path;
}
