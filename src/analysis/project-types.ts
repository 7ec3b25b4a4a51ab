import type { TypeDeclarations } from "./ir/function-ir.js";
import type { ProjectView } from "./project-view.js";

const mergedByProject = new WeakMap<ProjectView, TypeDeclarations>();

/**
 * The struct and typedef declarations of every file of the project, merged (the first file in the
 * view's order wins a name declared twice). Lets the linted file resolve `ring->desc[i].addr` through
 * a struct that only a header declares. Built once per project view.
 */
export function projectTypeDeclarations(project: ProjectView): TypeDeclarations {
  let merged = mergedByProject.get(project);
  if (!merged) {
    merged = { structs: {}, typedefs: {} };
    for (const file of project.files()) {
      for (const [name, fields] of Object.entries(file.types.structs)) merged.structs[name] ??= fields;
      for (const [name, target] of Object.entries(file.types.typedefs)) merged.typedefs[name] ??= target;
    }
    mergedByProject.set(project, merged);
  }
  return merged;
}
