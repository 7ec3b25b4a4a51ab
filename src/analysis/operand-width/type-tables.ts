import type { FileIR, TypeDeclarations } from "../ir/function-ir.js";
import type { TypeInfo } from "../ir/type-info.js";
import type { ProjectView } from "../project-view.js";

/** One file's definition of a struct field or a typedef. */
export interface Definition<T> {
  file: string;
  value: T;
}

/**
 * Every struct field and typedef the project declares, each with the files that declare it. A name
 * may be defined differently in different files (per-target headers): callers see all definitions
 * and decide, so that a disagreement makes a width unknown instead of guessed.
 */
export class ProjectTypes {
  readonly fields = new Map<string, Definition<TypeInfo>[]>();
  readonly typedefs = new Map<string, Definition<string>[]>();
  readonly structs = new Map<string, string[]>();

  constructor(files: Iterable<FileIR>) {
    const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const fileIR of sorted) this.add(fileIR.file, fileIR.types);
  }

  private add(file: string, types: TypeDeclarations | undefined): void {
    if (!types) return;
    for (const [owner, fields] of Object.entries(types.structs ?? {})) {
      push(this.structs, owner, file);
      for (const [field, type] of Object.entries(fields)) push(this.fields, `${owner}.${field}`, { file, value: type });
    }
    for (const [name, target] of Object.entries(types.typedefs ?? {})) push(this.typedefs, name, { file, value: target });
  }
}

const projectTypes = new WeakMap<ProjectView, ProjectTypes>();

/** The project's type declarations, collected once per ProjectView object. */
export function projectTypesOf(project: ProjectView): ProjectTypes {
  let types = projectTypes.get(project);
  if (!types) {
    types = new ProjectTypes(project.files());
    projectTypes.set(project, types);
  }
  return types;
}

/**
 * The types visible while checking one file: the file's own declarations (fresh) first, then those
 * of every other project file. The project's copy of the linted file is ignored, as it may be older.
 */
export class TypeTables {
  constructor(private readonly project: ProjectTypes, private readonly file: string, private readonly local: TypeDeclarations) {}

  /** Definitions of `owner.field`, the linted file's first. */
  fieldDefinitions(owner: string, field: string): Definition<TypeInfo>[] {
    const local = own(own(this.local.structs, owner), field);
    const others = (this.project.fields.get(`${owner}.${field}`) ?? []).filter((definition) => definition.file !== this.file);
    return local ? [{ file: this.file, value: local }, ...others] : others;
  }

  typedefTargets(name: string): Definition<string>[] {
    const local = own(this.local.typedefs, name);
    const others = (this.project.typedefs.get(name) ?? []).filter((definition) => definition.file !== this.file);
    return local !== undefined ? [{ file: this.file, value: local }, ...others] : others;
  }

  /** Whether some file defines a struct or union under this name (anonymous ones are named by their typedef). */
  isStruct(name: string): boolean {
    return own(this.local.structs, name) !== undefined || (this.project.structs.get(name) ?? []).some((file) => file !== this.file);
  }
}

export function typeTablesFor(project: ProjectView, fileIR: FileIR): TypeTables {
  return new TypeTables(projectTypesOf(project), fileIR.file, fileIR.types ?? { structs: {}, typedefs: {} });
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A record's own property: a struct named `constructor` must not find Object.prototype's. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
