import type { FileIR, FunctionIR } from "../ir/function-ir.js";
import { getOrCreate } from "../memo.js";
import type { ProjectView } from "../project-view.js";

/** A header or an included fragment is compiled into every file that includes it. */
const HEADER = /\.(?:h|hh|hpp|hxx|inc)$/iu;

/**
 * A name that a macro may have produced (`HELPER(add)`, `glue(f, SUFFIX)` are named after the macro):
 * two files defining it need not define the same function.
 */
const MACRO_LIKE = /^(?:[A-Z0-9_]+|glue|xglue|stringify)$/u;

/** The functions with external linkage that a file defines once and by a name that is its own. */
function externalNames(file: FileIR): Set<string> {
  const seen = new Map<string, number>();
  if (HEADER.test(file.file)) return new Set();
  for (const fn of file.functions) {
    if (!isExternalDefinition(fn)) continue;
    seen.set(fn.name, (seen.get(fn.name) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, count]) => count === 1).map(([name]) => name));
}

function isExternalDefinition(fn: FunctionIR): boolean {
  return !fn.isStatic && !fn.hasParseErrors && /^[A-Za-z_]\w*$/u.test(fn.name) && !MACRO_LIKE.test(fn.name);
}

/** Files of the project by the external functions they define. */
class DefinitionIndex {
  readonly filesByName = new Map<string, Set<string>>();

  constructor(project: ProjectView) {
    for (const file of project.files()) {
      for (const name of externalNames(file)) getOrCreate(this.filesByName, name, () => new Set<string>()).add(file.file);
    }
  }
}

const indexes = new WeakMap<ProjectView, DefinitionIndex>();

function definitionIndex(project: ProjectView): DefinitionIndex {
  return getOrCreate(indexes, project, () => new DefinitionIndex(project));
}

/**
 * The files that cannot be linked into one program with the linted file: both define a function of
 * the same name with external linkage (two `main()`s, a test's stub of `timer_mod()` and the real one,
 * two targets' `cpu_get_tb_cpu_state()`). Their accesses never run beside the linted file's.
 */
export function otherProgramFiles(project: ProjectView, linted: FileIR): ReadonlySet<string> {
  const index = definitionIndex(project);
  const files = new Set<string>();
  for (const name of externalNames(linted)) {
    for (const file of index.filesByName.get(name) ?? []) if (file !== linted.file) files.add(file);
  }
  return files;
}
