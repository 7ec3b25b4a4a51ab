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
  /**
   * What the front-end could not lower in this function, so its IR is incomplete there (code nested
   * past the lowering's depth, an `Atomics` method named by a value it cannot resolve). Absent when
   * the whole body was lowered. Rules that need the missing facts stay silent about the function, and
   * `analysis-limit` says what was cut.
   */
  limits?: AnalysisLimit[];
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
  /**
   * Other files whose text this lowering read (the modules a TS/JS file imports its shared arrays
   * from), with the hash of the text read (`textHash`). The IR is only valid while they are
   * unchanged: a cache must lower the file again when one of them changed.
   */
  inputs?: LoweringInput[];
}

export interface LoweringInput {
  path: string;
  hash: string;
}

/** One thing a front-end left out of a function's IR, and where. */
export interface AnalysisLimit {
  /** A stable kind, so that rules can tell which facts are missing: `nesting`, `unresolved-call`. */
  kind: "nesting" | "unresolved-call";
  site: Site;
  /** What was left out and why, in words ("code nested deeper than 400 levels"). */
  detail: string;
}

export interface TypeDeclarations {
  /** Struct/union tag (or typedef name of an anonymous one) -> field name -> type. */
  structs: Record<string, Record<string, TypeInfo>>;
  /** Typedef name -> what it names (`AioContext` -> `struct AioContext`, `u64` -> `unsigned long long`). */
  typedefs: Record<string, string>;
}
