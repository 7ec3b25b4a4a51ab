import fc from "fast-check";
import type { Primitive } from "../../src/analysis/dialects/primitive.js";
import { vocabularyOf, type Vocabulary } from "./program-model.js";
import type { Language } from "./render.js";

/** Fixed seed: a failure is reproduced by running the suite again; fast-check prints the counterexample. */
export const FUZZ_SEED = 20_141;

/** One dialect the fuzzer writes programs in. */
export interface FuzzDialect {
  label: string;
  language: Language;
  /** `settings.barriers.dialects` */
  dialects: readonly string[];
  vocabulary: Vocabulary;
}

/** In TS the ports call barriers by bare name (`smp_wmb()`); memory-order arguments are a C matter. */
const TS_PRIMITIVE = (name: string, primitive: Primitive) =>
  name.startsWith("Atomics.") || (primitive.kind === "fence" && primitive.orderArg === undefined && /^\w+$/u.test(name));

export const FUZZ_DIALECTS: readonly FuzzDialect[] = [
  { label: "qemu", language: "c", dialects: ["qemu", "c11", "gcc"], vocabulary: vocabularyOf(["qemu", "c11", "gcc"]) },
  { label: "linux", language: "c", dialects: ["linux", "gcc"], vocabulary: vocabularyOf(["linux", "gcc"]) },
  { label: "c11", language: "c", dialects: ["c11", "gcc", "liburing"], vocabulary: vocabularyOf(["c11", "gcc", "liburing"]) },
  { label: "js", language: "ts", dialects: ["js", "qemu", "linux"], vocabulary: vocabularyOf(["js", "qemu", "linux"], TS_PRIMITIVE) },
];

/** How many programs each property tried, printed once at the end of a fuzz file. */
export class FuzzTally {
  readonly #tried = new Map<string, number>();
  #started = performance.now();

  count(property: string): void {
    this.#tried.set(property, (this.#tried.get(property) ?? 0) + 1);
  }

  tried(property: string): number {
    return this.#tried.get(property) ?? 0;
  }

  summary(): string {
    const total = [...this.#tried.values()].reduce((sum, count) => sum + count, 0);
    const parts = [...this.#tried].map(([property, count]) => `${property}: ${count}`);
    const seconds = ((performance.now() - this.#started) / 1000).toFixed(1);
    this.#started = performance.now();
    return `${total} generated programs in ${seconds} s (${parts.join("; ")})`;
  }
}

/**
 * Runs a property with the fixed seed, at most `numRuns` programs and at most `timeLimitMs`: the
 * suite stays bounded on a slow machine, and fewer runs is not a failure. Shrinking is bounded too.
 */
export async function checkProperty<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void> | void, numRuns: number, timeLimitMs: number): Promise<void> {
  await fc.assert(fc.asyncProperty(arbitrary, async (value) => {
    await predicate(value);
  }), { seed: FUZZ_SEED, numRuns, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false, endOnFailure: false, skipAllAfterTimeLimit: timeLimitMs * 2 });
}
