import type { FileIR, FunctionIR } from "./ir/function-ir.js";

/**
 * What the analysis may ask of the project: all files' IR, and functions by name. The project index
 * implements it; tests build one from a list of FileIR with `projectViewOf`.
 */
export interface ProjectView {
  files(): Iterable<FileIR>;
  /** Functions with this (unqualified) name anywhere in the project. */
  functionsNamed(name: string): readonly FunctionIR[];
  /** The IR the view holds for this path, if any (the same object `files()` yields). */
  fileNamed?(file: string): FileIR | undefined;
  /** Why cross-file facts may be missing ("index disabled", "3 files failed to parse"), or undefined. */
  limitation?: string;
  /**
   * The user asked for each file to be analysed alone (`project.enabled: false`): the linted file is
   * taken as the whole program, so the missing other files do not make its analysis incomplete.
   */
  singleFile?: boolean;
}

export function projectViewOf(files: readonly FileIR[], limitation?: string, singleFile = false): ProjectView {
  const byName = new Map<string, FunctionIR[]>();
  const byPath = new Map<string, FileIR>();
  for (const file of files) {
    byPath.set(file.file, file);
    for (const fn of file.functions) {
      const list = byName.get(fn.name);
      if (list) list.push(fn);
      else byName.set(fn.name, [fn]);
    }
  }
  return {
    files: () => files,
    functionsNamed: (name) => byName.get(name) ?? [],
    fileNamed: (file) => byPath.get(file),
    ...(limitation ? { limitation } : {}),
    ...(singleFile ? { singleFile } : {}),
  };
}
