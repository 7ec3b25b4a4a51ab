import type { SourceLocation } from "@eslint/core";

/** Offsets of line starts, for turning UTF-16 offsets into ESLint's 1-based line, 0-based column. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) this.#starts.push(index + 1);
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.#starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! };
  }

  locOfRange(start: number, end: number): SourceLocation {
    return { start: this.position(start), end: this.position(end) };
  }
}
