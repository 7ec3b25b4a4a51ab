import type { SyntaxNode, TranslationUnit } from "../../languages/c/syntax-node.js";

/**
 * Functions named in file-scope initializers (`static const MemoryRegionOps ops = { .read = dev_read }`):
 * tables of callbacks, which the code behind them calls through pointers.
 */
export function functionsInInitializers(ast: TranslationUnit, text: string, functionNames: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const declaration of ast.children) {
    if (declaration.type !== "declaration") continue;
    const pending: SyntaxNode[] = declaration.children.filter((child) => child.type === "init_declarator");
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.type === "identifier" && node.field !== "declarator") {
        const name = text.slice(node.range[0], node.range[1]);
        if (functionNames.has(name)) found.add(name);
      } else {
        pending.push(...node.children);
      }
    }
  }
  return [...found];
}
