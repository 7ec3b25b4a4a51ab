import { describe, expect, it } from "vitest";
import type { Fence } from "../../../src/analysis/ir/events.js";
import { isInMacroDefinition } from "../../../src/frontends/c/macro-continuation.js";
import { lintCWithRule } from "../../helpers/lint-rule.js";
import { flatten, functionNamed, lower } from "./lower-helpers.js";

const QEMU = ["qemu", "c11", "gcc"];

/**
 * Functions defined by macros, in the shape of QEMU's accel/tcg/atomic_template.h: tree-sitter reads the
 * uses of GEN_ATOMIC_HELPER as the declarator of one function whose body is GEN_ATOMIC_HELPER_FN's text.
 */
const ATOMIC_TEMPLATE = String.raw`#define GEN_ATOMIC_HELPER(X)                                        \
ABI_TYPE ATOMIC_NAME(X)(CPUArchState *env, ABI_TYPE *haddr,         \
                        ABI_TYPE val)                               \
{                                                                   \
    return qatomic_##X(haddr, val);                                 \
}

GEN_ATOMIC_HELPER(fetch_add)
GEN_ATOMIC_HELPER(fetch_and)
GEN_ATOMIC_HELPER(fetch_or)
GEN_ATOMIC_HELPER(fetch_xor)
GEN_ATOMIC_HELPER(add_fetch)
GEN_ATOMIC_HELPER(and_fetch)
GEN_ATOMIC_HELPER(or_fetch)
GEN_ATOMIC_HELPER(xor_fetch)

#undef GEN_ATOMIC_HELPER

/*
 * These helpers are, as a whole, full barriers.  Within the helper,
 * the leading barrier is explicit and the trailing barrier is within
 * cmpxchg primitive.
 */
#define GEN_ATOMIC_HELPER_FN(X, FN, XDATA_TYPE, RET)                \
ABI_TYPE ATOMIC_NAME(X)(CPUArchState *env, XDATA_TYPE *haddr,       \
                        ABI_TYPE xval)                              \
{                                                                   \
    XDATA_TYPE cmp, old, new, val = xval;                           \
    smp_mb();                                                       \
    cmp = qatomic_read__nocheck(haddr);                             \
    do {                                                            \
        old = cmp; new = FN(old, val);                              \
        cmp = qatomic_cmpxchg__nocheck(haddr, old, new);            \
    } while (cmp != old);                                           \
    return RET;                                                     \
}

GEN_ATOMIC_HELPER_FN(fetch_smin, MIN, SDATA_TYPE, old)
GEN_ATOMIC_HELPER_FN(smin_fetch, MIN, SDATA_TYPE, new)

#undef GEN_ATOMIC_HELPER_FN
`;

const MACRO_BARRIER_LINE = 29;

const AFTER_THE_MACROS = `
typedef struct Ring { int ready; int data; } Ring;

void publish(Ring *r, int v)
{
    r->data = v;
    smp_mb();
    qatomic_set(&r->ready, 1);
}
`;
const PUBLISH_BARRIER_LINE = 48;

const FIXTURE = ATOMIC_TEMPLATE + AFTER_THE_MACROS;

describe("functions whose body is a #define's text", () => {
  it("are primitive implementations, even where tree-sitter reads them as functions of the file", () => {
    const fileIR = lower(FIXTURE);
    const templates = fileIR.functions.filter((fn) => flatten(fn.body).some((event) => event.kind === "fence" && event.site.line === MACRO_BARRIER_LINE));
    expect(templates).toHaveLength(1);
    expect(templates[0]!.hasParseErrors).toBe(true);
    expect(templates[0]!.isPrimitiveWrapper).toBe(true);
  });

  it("leave the functions after the macro alone", () => {
    const publish = functionNamed(lower(FIXTURE), "publish");
    expect(publish.isPrimitiveWrapper).toBe(false);
    expect(flatten(publish.body).filter((event): event is Fence => event.kind === "fence").map((fence) => fence.api)).toEqual(["smp_mb"]);
  });

  it("need no barrier comment; an uncommented barrier after the macro is still reported", () => {
    const messages = lintCWithRule(FIXTURE, "barrier-comment", { dialects: QEMU });
    expect(messages.map((message) => `${message.line}: ${message.messageId}`)).toEqual([`${PUBLISH_BARRIER_LINE}: missingComment`]);
  });

  it("are not reported as unpaired; the barrier after the macro still is", () => {
    const messages = lintCWithRule(FIXTURE, "unpaired-barrier", { dialects: QEMU });
    expect(messages.map((message) => message.line)).toEqual([PUBLISH_BARRIER_LINE]);
  });
});

describe("isInMacroDefinition", () => {
  const at = (text: string, marker: string) => isInMacroDefinition(text, text.indexOf(marker));

  it("sees the #define line and the lines its backslashes continue", () => {
    const text = "int a;\n#define F(x) \\\n  void f(void) \\\n  { smp_mb(); }\nint b;\n";
    expect(at(text, "F(x)")).toBe(true);
    expect(at(text, "void f")).toBe(true);
    expect(at(text, "{ smp_mb")).toBe(true);
    expect(at(text, "int b")).toBe(false);
    expect(at(text, "int a")).toBe(false);
  });

  it("accepts spaces around the # and CRLF line ends", () => {
    const text = "  #  define F \\\r\n  { smp_mb(); }\r\nint b;\r\n";
    expect(at(text, "{ smp_mb")).toBe(true);
    expect(at(text, "int b")).toBe(false);
  });

  it("does not take other continued lines, or a directive that is not #define, for a macro", () => {
    expect(at("void f(void)\n{\n    puts(\"a\\\n{ b\");\n}\n", "{ b")).toBe(false);
    expect(at("#undef F \\\n{ x; }\n", "{ x")).toBe(false);
    expect(at("#defined \\\n{ x; }\n", "{ x")).toBe(false);
  });
});
