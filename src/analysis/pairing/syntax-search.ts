import type { SyntaxNode } from "../../languages/c/syntax-node.js";

/**
 * The first child of `node` whose range holds `range`, as a scan in order would find it. Children are
 * in source order and do not overlap, so a binary search finds the last one starting at or before
 * `range`: a file's thousands of top-level definitions are not scanned once per barrier or access.
 */
export function childHolding(node: SyntaxNode, range: readonly [number, number]): SyntaxNode | undefined {
  const children = node.children;
  let low = 0;
  let high = children.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (children[middle]!.range[0] <= range[0]) low = middle + 1;
    else high = middle;
  }
  // Only a child that ends where an empty range sits can hold it besides a later one: look back over those.
  let holder: SyntaxNode | undefined;
  for (let index = low - 1; index >= 0; index--) {
    const child = children[index]!;
    if (child.range[1] >= range[1]) holder = child;
    // Siblings do not overlap: those before one that ends before the range end before it too.
    else if (child.range[1] < range[0]) break;
  }
  return holder;
}
