import { readFileSync } from "node:fs";
import type { AnalysisInput } from "../analysis-input.js";
import { getOrCreate } from "../memo.js";
import type { ProjectView } from "../project-view.js";

/** What a struct field's declaration says beyond its type, which the IR does not carry. */
export interface FieldDeclaration {
  /** `unsigned ready : 1;`: its address cannot be taken. */
  bitfield: boolean;
  /** `volatile uint32_t tail;`, `int *volatile p;`: every access is a volatile access. */
  volatile: boolean;
}

/** `Type.field`, `*Type.field` (a load through it) and `Type.field[]` (an element of it). */
const FIELD_KEY = /^(\*?)([A-Za-z_]\w*)\.([A-Za-z_]\w*)(\[\])?$/u;

const byProject = new WeakMap<ProjectView, Map<string, FieldDeclaration | null>>();

/**
 * The declaration of the field a key names, read from the text of the files that declare its struct
 * (a global has none: `{ bitfield: false, volatile: false }`), or undefined when no file declares it.
 * A field declared in several places counts as a bit-field or volatile when any declaration says so.
 */
export function fieldDeclaration(input: AnalysisInput, key: string): FieldDeclaration | undefined {
  const match = FIELD_KEY.exec(key);
  // A global (`ticks`, `file.c::ticks`, `ticks[]`) is no field.
  if (!match) return /^(?:[^:]*::)?\*?[A-Za-z_]\w*(?:\[\])?$/u.test(key) ? { bitfield: false, volatile: false } : undefined;
  const [, through, owner, field, element] = match as unknown as [string, string, string, string, string | undefined];
  const cache = getOrCreate(byProject, input.project, () => new Map<string, FieldDeclaration | null>());
  const cacheKey = `${owner}.${field}`;
  let found = cache.get(cacheKey);
  if (found === undefined) {
    found = read(input, owner, field) ?? null;
    // The linted file's own declarations may change with its text: only other files' answers are kept.
    if (input.fileIR.types.structs[owner]?.[field] === undefined) cache.set(cacheKey, found);
  }
  if (found === null) return undefined;
  // A load through a pointer field, or of one of its elements, is not an access of the field itself.
  return through || element ? { bitfield: false, volatile: false } : found;
}

function read(input: AnalysisInput, owner: string, field: string): FieldDeclaration | undefined {
  const declaring = [input.fileIR, ...input.project.files()].filter((file) => file.types.structs[owner]?.[field] !== undefined);
  if (declaring.length === 0) return undefined;
  const bitfield = new RegExp(`\\b${field}\\s*:\\s*[A-Za-z0-9_()+\\s]+[;,]`, "u");
  // `volatile` before the name with no `*` between: the field itself, not what it points to, is volatile.
  const qualified = new RegExp(`\\bvolatile\\b[^;{}*]*\\b${field}\\s*(?:\\[[^\\]]*\\]\\s*)?[;,=:]`, "u");
  const pointerQualified = new RegExp(`\\*\\s*volatile\\s+${field}\\s*[;,=]`, "u");
  const result: FieldDeclaration = { bitfield: false, volatile: false };
  for (const file of declaring) {
    let text: string;
    try {
      text = file.file === input.file ? input.syntax.text : readFileSync(file.file, "utf8");
    } catch {
      return { bitfield: true, volatile: false };
    }
    result.bitfield ||= bitfield.test(text);
    result.volatile ||= qualified.test(text) || pointerQualified.test(text);
  }
  return result;
}
