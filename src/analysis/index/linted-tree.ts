/**
 * The TS/JS tree ESLint just parsed for the file being linted, offered to the project index so that it
 * lowers that file from this tree instead of parsing the same text a second time: for a file of
 * several megabytes two trees at once are most of the lint's peak memory. (The C front-end has the same
 * through `parseC`'s last tree.) Held weakly: the index never keeps a tree alive.
 */
let offered: { file: string; text: string; ast: WeakRef<object> } | undefined;

/**
 * Offers the linted file's tree. Only a tree @typescript-eslint/parser made as a module is offered
 * (`parserServices` with `esTreeNodeToTSNodeMap`, `sourceType: "module"`): the index's own parse uses
 * that parser with those options, so the tree and the IR lowered from it are the same as the index's.
 */
export function offerLintedTree(file: string, text: string, ast: object, parserServices: unknown): void {
  const fromTypescriptEslint = typeof parserServices === "object" && parserServices !== null && "esTreeNodeToTSNodeMap" in parserServices;
  offered = fromTypescriptEslint && (ast as { sourceType?: unknown }).sourceType === "module"
    ? { file, text, ast: new WeakRef(ast) }
    : undefined;
}

/** The offered tree of `file` when it is still alive and was parsed from `text`. */
export function lintedTreeOf(file: string, text: string): object | undefined {
  if (!offered || offered.file !== file || offered.text !== text) return undefined;
  return offered.ast.deref();
}
