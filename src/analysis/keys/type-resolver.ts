import type { TypeDeclarations } from "../ir/function-ir.js";
import { composeCType, parseCType, type CType } from "./c-type.js";
import { isScalarBase } from "./scalar-types.js";

/** What a C file declares, in the front-end's own form. */
export interface DeclaredTypes {
  /** Struct tag (or typedef name of an anonymous struct) -> field -> type. */
  fields: ReadonlyMap<string, ReadonlyMap<string, CType>>;
  /** Typedef name -> the type it names. */
  typedefs: ReadonlyMap<string, CType>;
}

const MAX_TYPEDEF_DEPTH = 16;

/**
 * Answers the questions keys need of types: what a typedef names, which struct owns a field access,
 * and a field's type. The file's own declarations win over declarations of other files.
 */
export class TypeResolver {
  readonly #local: DeclaredTypes;
  readonly #external: TypeDeclarations | undefined;
  readonly #externalFieldCache = new Map<string, CType | undefined>();

  constructor(local: DeclaredTypes, external?: TypeDeclarations) {
    this.#local = local;
    this.#external = external;
  }

  /** Expands typedefs down to a struct/union/enum or scalar base. */
  resolve(type: CType): CType {
    let current = type;
    for (let depth = 0; depth < MAX_TYPEDEF_DEPTH; depth++) {
      const target = this.#typedef(current.base);
      if (!target || target.base === current.base) return current;
      current = composeCType(target, current);
    }
    return current;
  }

  /**
   * The owner name of fields of a value of this type: `struct Foo` and `Bar` (typedef of `struct Foo`)
   * both give `Foo`; an unknown name is taken as it is (QEMU's `typedef struct X X` convention);
   * scalars have none.
   */
  ownerOf(type: CType): string | undefined {
    const resolved = this.resolve(type);
    if (resolved.pointers > 0 || resolved.arrays.length > 0) return undefined;
    const base = resolved.base.replace(/^(?:struct|union)\s+/u, "");
    if (!base || base.startsWith("enum ") || isScalarBase(base) || base.includes(" ")) return undefined;
    return /^[A-Za-z_]\w*$/u.test(base) ? base : undefined;
  }

  fieldType(owner: string, field: string): CType | undefined {
    const local = this.#local.fields.get(owner)?.get(field);
    if (local) return local;
    const external = this.#external?.structs[owner]?.[field];
    if (!external) return undefined;
    const cacheKey = `${owner}.${field}`;
    if (!this.#externalFieldCache.has(cacheKey)) this.#externalFieldCache.set(cacheKey, parseCType(external.name));
    return this.#externalFieldCache.get(cacheKey);
  }

  #typedef(name: string): CType | undefined {
    const local = this.#local.typedefs.get(name);
    if (local) return local;
    const external = this.#external?.typedefs[name];
    return external ? parseCType(external) : undefined;
  }
}
