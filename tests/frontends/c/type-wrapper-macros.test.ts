import { describe, expect, it } from "vitest";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { validateCLanguageOptions, type CLanguageOptions } from "../../../src/languages/c/language-options.js";
import { accessSummaries, DIALECTS, functionNamed } from "./lower-helpers.js";

/** A queue lock whose fields are declared through a macro that wraps their type, as DPDK's RTE_ATOMIC(T) does. */
const CODE = `#define ATOMIC_OF(type) _Atomic(type)
struct qnode {
    ATOMIC_OF(struct qnode *) next;
    volatile ATOMIC_OF(int) locked;
};
void hand_over(ATOMIC_OF(struct qnode *) me)
{
    struct qnode *successor = __atomic_load_n(&me->next, __ATOMIC_ACQUIRE);
    __atomic_store_n(&successor->locked, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&me->next->locked, 0, __ATOMIC_RELEASE);
}`;

function summaries(languageOptions: Parameters<typeof lowerCSource>[3]) {
  return accessSummaries(functionNamed(lowerCSource("/project/qlock.c", CODE, { dialect: DIALECTS.c11, hostPointerSize: 8 }, languageOptions), "hand_over"));
}

describe("languageOptions.typeWrapperMacros", () => {
  it("declares fields and parameters with the wrapped type, so accesses through them have keys of that type", () => {
    expect(summaries({ typeWrapperMacros: ["ATOMIC_OF"] })).toEqual([
      "load qnode.next acquire", "store qnode.locked release", "load qnode.next plain", "store qnode.locked release",
    ]);
  });

  it("without them, the wrapped declarations lose their types: only the local declared plainly keeps one", () => {
    expect(summaries({})).toEqual(["load ?.next acquire", "store qnode.locked release", "load ?.next plain", "store ?.locked release"]);
  });

  it("must be an array of strings", () => {
    expect(() => validateCLanguageOptions({ typeWrapperMacros: "RTE_ATOMIC" } as unknown as CLanguageOptions)).toThrow("languageOptions.typeWrapperMacros must be an array of strings");
  });
});
