import type { SyntaxNode } from "../../languages/c/syntax-node.js";
import { findFunctionDeclarator } from "./file-declarations.js";
import type { FunctionSource } from "./function-source.js";

const STATEMENTS = new Set([
  "compound_statement", "expression_statement", "if_statement", "for_statement", "while_statement",
  "do_statement", "foreach_statement", "switch_statement", "return_statement", "break_statement",
  "continue_statement", "goto_statement", "labeled_statement", "declaration", "case_statement",
]);

const TOP_LEVEL_ONLY = new Set(["function_definition", "type_definition", "preproc_def", "preproc_function_def"]);

/**
 * An `#ifdef` that splits a brace pair, or a macro tree-sitter cannot read, can turn a whole function
 * into an ERROR node holding its declarator and then its statements as siblings. This reads that shape
 * back into functions. Everything else in the ERROR node (nested definitions, declarations) is returned
 * as `leftovers` for the top-level walk.
 */
export function recoverFunctionsFromError(error: SyntaxNode, text: string): { functions: FunctionSource[]; leftovers: SyntaxNode[] } {
  const functions: FunctionSource[] = [];
  const leftovers: SyntaxNode[] = [];
  let current: FunctionSource | undefined;
  let staticSeen = false;
  const close = (): void => {
    if (current && current.statements.length > 0) {
      const last = current.statements[current.statements.length - 1]!;
      current.range = [current.range[0], last.range[1]];
      functions.push(current);
    }
    current = undefined;
    staticSeen = false;
  };
  for (const child of error.children) {
    const declarator = child.type === "function_declarator" || child.type === "pointer_declarator"
      ? findFunctionDeclarator(child) : undefined;
    if (declarator) {
      close();
      current = { declarator, statements: [], isStatic: staticSeen, range: [child.range[0], child.range[1]], recovered: true };
    } else if (child.type === "storage_class_specifier") {
      if (!current) staticSeen = text.slice(child.range[0], child.range[1]) === "static" || staticSeen;
    } else if (current && STATEMENTS.has(child.type)) {
      current.statements.push(child);
    } else if (TOP_LEVEL_ONLY.has(child.type) || child.type === "ERROR" || !current) {
      close();
      leftovers.push(child);
    }
  }
  close();
  return { functions, leftovers };
}
