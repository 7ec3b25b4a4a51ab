import type { IrEvent } from "./events.js";
import type { Site } from "./site.js";
import type { TypeInfo } from "./type-info.js";

export interface FunctionIR {
  name: string;
  /** `file.c::name` for static functions, `name` otherwise. */
  qualifiedName: string;
  isStatic: boolean;
  /**
   * True when the function only wraps a primitive (its body is one barrier or one atomic access,
   * like `static inline void my_wmb(void) { smp_wmb(); }`): rules do not report inside it.
   */
  isPrimitiveWrapper: boolean;
  /** True when tree-sitter produced ERROR nodes inside the function; the IR holds what was recovered. */
  hasParseErrors: boolean;
  body: IrEvent[];
  site: Site;
}

export interface FileIR {
  file: string;
  functions: FunctionIR[];
  /** Macro names the file `#define`s (their bodies are primitives' implementations, not uses). */
  definedMacros: string[];
  /**
   * Functions the file uses as values rather than calls (`aio_bh_new(ctx, my_bh, opaque)`): they are
   * called through pointers, by callers the analysis cannot see.
   */
  functionValues?: string[];
  diagnostics: {
    errorNodes: number;
    functionsWithErrors: number;
    /** Why the file was not analysed at all (binary, too large, front-end failure), when it was not. */
    rejected?: string;
  };
  /** Types the file declares, so that checks can resolve field types across files. */
  types: TypeDeclarations;
}

export interface TypeDeclarations {
  /** Struct/union tag (or typedef name of an anonymous one) -> field name -> type. */
  structs: Record<string, Record<string, TypeInfo>>;
  /** Typedef name -> what it names (`AioContext` -> `struct AioContext`, `u64` -> `unsigned long long`). */
  typedefs: Record<string, string>;
}
