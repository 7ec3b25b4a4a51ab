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
  // The files that declare the struct, or a typedef of that name (`typedef struct { ... } owner;`);
  // failing those, the files whose text closes a typedef of that name (a struct the front-end could not
  // read, such as one with an attribute macro it does not know before its brace).
  let declaring: readonly { file: string }[] = [input.fileIR, ...input.project.files()]
    .filter((file) => file.types.structs[owner]?.[field] !== undefined || file.types.typedefs[owner] !== undefined);
  if (declaring.length === 0) declaring = (typedefFiles(input.project).get(owner) ?? []).map((file) => ({ file }));
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
    const bodies = structBodies(text, owner);
    // A body not found (a struct made by a macro): no suggestion, and no exception from the rule.
    if (bodies.length === 0) result.bitfield = true;
    for (const body of bodies) {
      result.bitfield ||= bitfield.test(body);
      result.volatile ||= qualified.test(body) || pointerQualified.test(body);
    }
  }
  return result;
}

const typedefIndex = new WeakMap<ProjectView, Map<string, string[]>>();

/** `} name;` at the start of a line of a project header: the headers that close a typedef of each name. Read once per project. */
function typedefFiles(project: ProjectView): Map<string, string[]> {
  return getOrCreate(typedefIndex, project, () => {
    const index = new Map<string, string[]>();
    for (const file of project.files()) {
      if (!file.file.endsWith(".h")) continue;
      let text: string;
      try {
        text = readFileSync(file.file, "utf8");
      } catch {
        continue;
      }
      for (const match of text.matchAll(/^\}\s*([A-Za-z_]\w*)\s*;/gmu)) {
        const list = index.get(match[1]!) ?? [];
        list.push(file.file);
        index.set(match[1]!, list);
      }
    }
    return index;
  });
}

/** The texts between the braces of `struct owner { ... }`, `union owner { ... }` and `typedef struct { ... } owner;`. */
function structBodies(text: string, owner: string): string[] {
  const bodies: string[] = [];
  for (const match of text.matchAll(new RegExp(`\\b(?:struct|union)\\s+${owner}\\b[^;{}()]*\\{`, "gu"))) {
    const open = match.index + match[0].length - 1;
    const close = matchingBrace(text, open, 1);
    if (close !== undefined) bodies.push(text.slice(open + 1, close));
  }
  for (const match of text.matchAll(new RegExp(`\\}\\s*${owner}\\s*[;,]`, "gu"))) {
    const open = matchingBrace(text, match.index, -1);
    if (open !== undefined) bodies.push(text.slice(open + 1, match.index));
  }
  return bodies;
}

/** The index of the brace that closes (step 1) or opens (step -1) the one at `from`. */
function matchingBrace(text: string, from: number, step: 1 | -1): number | undefined {
  let depth = 0;
  for (let index = from; index >= 0 && index < text.length; index += step) {
    const char = text[index];
    if (char === "{" || char === "}") depth += (char === "{") === (step === 1) ? 1 : -1;
    if (depth === 0) return index;
  }
  return undefined;
}
