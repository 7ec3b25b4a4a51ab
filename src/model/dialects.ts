/** Which model judges which dialect of the rules. */
import { c11, js } from "./models/c11.js";
import { lkmm } from "./models/lkmm.js";
import type { MemoryModel } from "./models/model.js";

const BY_DIALECT: Record<string, MemoryModel> = { linux: lkmm, qemu: lkmm, qemu2020: lkmm, c11, gcc: c11, js };

/** The model for a dialect name, or undefined when no model covers it. */
export function modelForDialect(dialect: string): MemoryModel | undefined {
  return BY_DIALECT[dialect];
}
