/** What the analysis knows of a C or JS type, enough for width and kind checks. */
export interface TypeInfo {
  /** Spelling as written (`uint64_t`, `struct QemuEvent`, `Int32Array`). */
  name: string;
  /** Size in bytes on the configured host, when known. */
  size?: number;
  category: "integer" | "pointer" | "float" | "bool" | "aggregate" | "typed-array" | "unknown";
}
