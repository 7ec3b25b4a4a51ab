/** Where lines and comments lie around a statement, so that inserted lines keep the file's layout. */
export class TextLayout {
  /** The file's own line ending, used for inserted lines. */
  readonly newline: string;

  constructor(readonly text: string, private readonly comments: readonly { range: [number, number] }[]) {
    this.newline = text.includes("\r\n") ? "\r\n" : "\n";
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf("\n", offset - 1) + 1;
  }

  /** The whitespace that begins the line holding `offset`. */
  indentOf(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/u.exec(this.text.slice(start))![0];
  }

  /** Whether only whitespace precedes `offset` on its line. */
  startsLine(offset: number): boolean {
    return /^[ \t]*$/u.test(this.text.slice(this.lineStart(offset), offset));
  }

  /** Whether only whitespace follows `offset` up to the end of its line (or the end of the text). */
  endsLine(offset: number): boolean {
    const newline = this.text.indexOf("\n", offset);
    return /^[ \t\r]*$/u.test(this.text.slice(offset, newline < 0 ? this.text.length : newline));
  }

  /**
   * The start of the statement at `offset` together with the comment lines directly above it (no blank
   * line between), which describe it and should stay attached to it.
   */
  startWithLeadingComments(offset: number): number {
    if (!this.startsLine(offset)) return offset;
    let start = this.lineStart(offset);
    for (;;) {
      const above = this.#commentEndingJustAbove(start);
      if (!above || !this.startsLine(above.range[0])) return start;
      start = this.lineStart(above.range[0]);
    }
  }

  /** The end of the statement ending at `offset`, extended over comments that follow it on the same line. */
  endWithTrailingComments(offset: number): number {
    let end = offset;
    for (const comment of this.comments) {
      if (comment.range[0] < end) continue;
      if (!/^[ \t]*$/u.test(this.text.slice(end, comment.range[0]))) break;
      end = comment.range[1];
    }
    return end;
  }

  /** Whether any comment lies inside [start, end). */
  hasCommentIn(start: number, end: number): boolean {
    return this.comments.some((comment) => comment.range[0] < end && comment.range[1] > start);
  }

  #commentEndingJustAbove(lineStart: number): { range: [number, number] } | undefined {
    if (lineStart === 0) return undefined;
    const previousLineEnd = lineStart - 1;
    return this.comments.find((comment) =>
      comment.range[1] <= previousLineEnd && /^[ \t\r]*$/u.test(this.text.slice(comment.range[1], previousLineEnd)));
  }
}
