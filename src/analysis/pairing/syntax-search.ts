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
  for (let index = low - 1; index >= 0; index--) {
    const child = children[index]!;
    if (child.range[1] >= range[1]) {
      // Among children that start together (an empty node before a real one), the first that holds it.
      let first = index;
      while (first > 0 && children[first - 1]!.range[0] === child.range[0] && children[first - 1]!.range[1] >= range[1]) first--;
      return children[first];
    }
    // Siblings before this one end before it: none of them can hold the range.
    if (child.range[1] < range[0]) return undefined;
  }
  return undefined;
}
