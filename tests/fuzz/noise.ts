import fc from "fast-check";
import type { SourceFile } from "./render.js";
import type { Verdict } from "./lint-programs.js";

/**
 * Comments and blank lines that may go between statements. Each block starts and ends with a blank
 * line, so it is never "the comment above" a barrier; one of them reads like a pairing claim, which a
 * detached comment must not make.
 */
const NOISE_BLOCKS: readonly (readonly string[])[] = [
  [""],
  ["", "/* unrelated note */", ""],
  ["", "// unrelated note", ""],
  ["", "/*", " * A longer note", " * over several lines.", " */", ""],
  ["", "/* Pairs with smp_mb() in nowhere(). */", ""],
];

export interface Noise {
  /** [file selector, boundary selector, block] */
  insertions: [number, number, number][];
  /** Doubles the indentation of every code line. */
  indent: boolean;
  /** Writes `,  ` for `, ` and `( ` for `(`. */
  spaces: boolean;
  trailing: boolean;
}

export const noiseArbitrary: fc.Arbitrary<Noise> = fc.record({
  insertions: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: NOISE_BLOCKS.length - 1 })), { minLength: 1, maxLength: 8 }),
  indent: fc.boolean(),
  spaces: fc.boolean(),
  trailing: fc.boolean(),
});

/** The files with noise added, and for each file the new line number of every old one (1-based). */
export interface NoisyProgram {
  files: SourceFile[];
  lineMaps: Map<string, number[]>;
}

export function addNoise(files: readonly SourceFile[], noise: Noise): NoisyProgram {
  const lineMaps = new Map<string, number[]>();
  const noisy = files.map((file, fileIndex) => {
    const before = new Map<number, string[]>();
    for (const [fileSelector, boundarySelector, block] of noise.insertions) {
      if (fileSelector % files.length !== fileIndex || file.boundaries.length === 0) continue;
      const at = file.boundaries[boundarySelector % file.boundaries.length]!;
      before.set(at, [...(before.get(at) ?? []), ...NOISE_BLOCKS[block]!]);
    }
    const lines: string[] = [];
    const map = [0];
    file.lines.forEach((line, index) => {
      lines.push(...(before.get(index) ?? []));
      map.push(lines.length + 1);
      lines.push(respace(line, noise));
    });
    lineMaps.set(file.name, map);
    // Boundaries are not needed after noise: the noisy files are only linted.
    return { name: file.name, lines, boundaries: [] };
  });
  return { files: noisy, lineMaps };
}

function respace(line: string, noise: Noise): string {
  if (line.trim() === "" || line.trimStart().startsWith("#")) return line;
  let text = line;
  if (noise.indent) text = text.replace(/^( +)/u, "$1$1");
  if (noise.spaces && !text.trimStart().startsWith("/") && !text.trimStart().startsWith("*")) text = text.replaceAll(", ", ",  ").replaceAll("(", "( ");
  if (noise.trailing) text = `${text}  `;
  return text;
}

/** A verdict of the original program, moved to where its lines are in the noisy one (its message too). */
export function moveVerdict(verdict: Verdict, lineMaps: ReadonlyMap<string, number[]>): Verdict {
  const lineIn = (file: string, line: number) => lineMaps.get(file)?.[line] ?? line;
  const message = verdict.message
    .replace(/\b([\w-]+\.(?:c|h|ts)):(\d+)/gu, (_all, file: string, line: string) => `${file}:${lineIn(file, Number(line))}`)
    .replace(/\bline (\d+)/gu, (_all, line: string) => `line ${lineIn(verdict.file, Number(line))}`);
  return { ...verdict, line: lineIn(verdict.file, verdict.line), message };
}
