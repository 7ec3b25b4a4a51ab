const DEFINE_LINE = /[ \t]*#[ \t]*define\b/uy;

/**
 * Whether the line holding `offset` is part of a `#define`: it is the `#define` line itself, or the
 * lines before it end in a backslash back to one. tree-sitter can read a macro that expands to a
 * function definition as a real function, so the text is asked rather than the tree. Only the lines
 * of the continuation run are read, which keeps it cheap when asked once per function of a large tree.
 */
export function isInMacroDefinition(text: string, offset: number): boolean {
  let lineStart = offset > 0 ? text.lastIndexOf("\n", offset - 1) + 1 : 0;
  for (;;) {
    DEFINE_LINE.lastIndex = lineStart;
    if (DEFINE_LINE.test(text)) return true;
    if (lineStart === 0) return false;
    let end = lineStart - 1;
    if (end > 0 && text[end - 1] === "\r") end--;
    if (end === 0 || text[end - 1] !== "\\") return false;
    lineStart = text.lastIndexOf("\n", end - 1) + 1;
  }
}
