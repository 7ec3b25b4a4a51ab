import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/analysis/findings.js";
import type { FileIR } from "../../../src/analysis/ir/function-ir.js";
import { checkOperandWidths, operandWidthChecker, type OperandWidthSettings } from "../../../src/analysis/operand-width/index.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { messageOf } from "../pairing/pairing-helpers.js";
import { fileNamed, inputFor, lowerFixture, optionsForPreset } from "./fixture-project.js";

const HOST_64: OperandWidthSettings = { hostPointerSize: 8 };
const HOST_32: OperandWidthSettings = { hostPointerSize: 4 };

function summary(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.site.line} ${finding.messageId} ${finding.data.variable}`);
}

function lowerCode(code: string, preset: string, file = "/project/test.c"): FileIR {
  return lowerCSource(file, code, { dialect: optionsForPreset(preset).dialect, hostPointerSize: 8 });
}

/** Findings for `code` linted alone or with other files of the project. */
function widths(code: string, preset: string, settings = HOST_64, others: readonly FileIR[] = []): Finding[] {
  const fileIR = lowerCode(code, preset);
  return checkOperandWidths(inputFor(fileIR, [...others, fileIR], optionsForPreset(preset, settings.hostPointerSize)), settings);
}

describe("operand widths across the files of a QEMU-style project", () => {
  const { files, options } = lowerFixture("atomic-widths");
  const stats = fileNamed(files, "stats.c");

  it("takes field types from headers and typedefs from another header", () => {
    expect(summary(checkOperandWidths(inputFor(stats, files, options), HOST_64))).toEqual([
      "11 widerThanLimit IOStats.total_ns",
      "14 float IOStats.load_average",
      "26 aggregate IOStats.window",
    ]);
  });

  it("reports 64-bit operands on a 32-bit host, except through the _u64 variants; long is 4 bytes there", () => {
    expect(summary(checkOperandWidths(inputFor(stats, files, options), HOST_32))).toEqual([
      "8 widerThanLimit IOStats.last_completion",
      "9 widerThanLimit IOStats.bytes",
      "11 widerThanLimit IOStats.total_ns",
      "14 float IOStats.load_average",
      "22 widerThanLimit IOStats.bytes",
      "26 aggregate IOStats.window",
    ]);
  });

  it("holds today's qatomic_set_mb() to the pointer limit, and to int only when asked", () => {
    const asked = checkOperandWidths(inputFor(stats, files, options), { hostPointerSize: 8, mbWidth: "int" });
    expect(summary(asked).filter((line) => line.includes("mbWiderThanInt"))).toEqual(["24 mbWiderThanInt IOStats.in_flight"]);
    const pointer = checkOperandWidths(inputFor(stats, files, options), { hostPointerSize: 8, mbWidth: "pointer" });
    expect(summary(pointer).filter((line) => line.includes("mbWiderThanInt"))).toEqual([]);
  });

  it("says where the type came from, the typedef's target, the limit and the alternative", () => {
    const findings = checkOperandWidths(inputFor(stats, files, options), HOST_32);
    expect(messageOf(findings[0]!)).toBe(
      "qatomic_set() in stats_complete() accesses IOStats.last_completion, stamp_t (uint64_t) of 8 bytes (field of IOStats in stats.h), "
      + "wider than QEMU's ATOMIC_REG_SIZE, the size of a pointer on the host: 4 bytes on a 32-bit host. "
      + "The access cannot be atomic; qatomic_set_u64()/qatomic_set_i64() handle 64-bit values on every host.",
    );
    const mb = checkOperandWidths(inputFor(stats, files, options), { hostPointerSize: 8, mbWidth: "int" }).find((finding) => finding.messageId === "mbWiderThanInt")!;
    expect(messageOf(mb)).toContain("the reference restricts the mb forms to types no wider than int; use qatomic_store_release() followed by smp_mb()");
  });

  it("knows nothing of the header's types when the header is not in the project", () => {
    expect(checkOperandWidths(inputFor(stats, [stats], options), HOST_32)).toEqual([]);
  });

  it("runs as a registered checker with the analysis options' host size", () => {
    expect(summary(operandWidthChecker.check(inputFor(stats, files, optionsForPreset("qemu", 4))))).toEqual(
      summary(checkOperandWidths(inputFor(stats, files, options), HOST_32)),
    );
  });
});

describe("operand widths per dialect", () => {
  const qemu2020 = `
    #include <stdint.h>
    struct Flags { int armed; uint64_t wide; void *owner; };
    void set(struct Flags *f) {
      atomic_mb_set(&f->armed, 1);
      atomic_mb_set(&f->wide, 1);
      atomic_mb_read(&f->owner);
      atomic_xchg(&f->wide, 2);
    }`;

  it("qemu2020: mb forms are limited to int, other atomics to a pointer", () => {
    expect(summary(widths(qemu2020, "qemu2020"))).toEqual(["6 mbWiderThanInt Flags.wide", "7 mbWiderThanInt Flags.owner"]);
    expect(summary(widths(qemu2020, "qemu2020", HOST_32))).toEqual(["6 widerThanLimit Flags.wide", "8 widerThanLimit Flags.wide"]);
    expect(summary(widths(qemu2020, "qemu2020", { hostPointerSize: 8, mbWidth: "pointer" }))).toEqual([]);
  });

  it("linux: READ_ONCE takes up to long long on any host, acquire/release only a native word", () => {
    const code = `
      struct seq { u64 stamp; __int128 big; struct pair { int a, b; } both; };
      void f(struct seq *s) {
        READ_ONCE(s->stamp);
        READ_ONCE(s->big);
        smp_load_acquire(&s->stamp);
        WRITE_ONCE(s->both, s->both);
        xchg(&s->stamp, 0);
      }`;
    expect(summary(widths(code, "linux"))).toEqual(["5 widerThanLimit seq.big"]);
    expect(summary(widths(code, "linux", HOST_32))).toEqual(["5 widerThanLimit seq.big", "6 widerThanLimit seq.stamp", "8 widerThanLimit seq.stamp"]);
  });

  it("linux: the atomic_t API and bit operations are not checked", () => {
    expect(widths("struct s { atomic64_t v; unsigned long bits; }; void f(struct s *p) { atomic64_inc(&p->v); set_bit(1, &p->bits); }", "linux", HOST_32)).toEqual([]);
  });

  it("c11 and gcc: arithmetic on floats is rejected, generic loads and stores of floats are not", () => {
    const c11 = "struct m { float level; double peak; }; void f(struct m *p) { atomic_fetch_add(&p->level, 1); atomic_load(&p->peak); atomic_exchange(&p->peak, 2.0); }";
    expect(summary(widths(c11, "c11"))).toEqual(["1 float m.level"]);
    const gcc = "struct m { float level; double peak; }; void f(struct m *p, double v) { __atomic_fetch_add(&p->level, 1, __ATOMIC_RELAXED); __atomic_load(&p->peak, &v, __ATOMIC_ACQUIRE); __atomic_store_n(&p->peak, v, __ATOMIC_RELEASE); }";
    expect(summary(widths(gcc, "qemu"))).toEqual(["1 float m.level", "1 float m.peak"]);
  });

  it("qemu: floats are fine for acquire loads, which use the generic builtin", () => {
    expect(widths("struct m { double peak; }; void f(struct m *p) { qatomic_load_acquire(&p->peak); qatomic_store_release(&p->peak, 1.0); }", "qemu")).toEqual([]);
  });

  it("qemu: __nocheck and the 64-bit variants are not checked", () => {
    expect(widths("#include <stdint.h>\nstruct c { uint64_t n; }; void f(struct c *p) { qatomic_read__nocheck(&p->n); qatomic_set_i64(&p->n, 1); }", "qemu", HOST_32)).toEqual([]);
  });

  it("locals, globals and array elements get their types from their declarations", () => {
    const code = `
      #include <stdint.h>
      static Int128 total;
      struct ring { uint64_t slots[8]; };
      void f(struct ring *r) {
        int64_t local;
        qatomic_set(&total, 0);
        qatomic_set(&r->slots[2], 0);
        qatomic_set(&local, 1);
      }`;
    expect(summary(widths(code, "qemu", HOST_32))).toEqual(["7 widerThanLimit test.c::total", "8 widerThanLimit ring.slots[]", "9 widerThanLimit local"]);
  });

  it("does not report widths it cannot know", () => {
    const code = "void f(void *opaque, struct unknown *u) { struct hidden *h = opaque; qatomic_set(&h->count, 1); qatomic_set(&u->count, 1); qatomic_set(&((Foo *)opaque)->count, 1); }";
    expect(widths(code, "qemu", HOST_32)).toEqual([]);
  });

  it("does not guess when two headers define a field or typedef differently", () => {
    const a = lowerCode("typedef unsigned long long word_t; struct cpu { word_t pc; };", "qemu", "/project/target-a.h");
    const b = lowerCode("typedef unsigned int word_t; struct cpu { word_t pc; };", "qemu", "/project/target-b.h");
    expect(widths("void f(struct cpu *c) { qatomic_set(&c->pc, 0); }", "qemu", HOST_32, [a, b])).toEqual([]);
    expect(summary(widths("void f(struct cpu *c) { qatomic_set(&c->pc, 0); }", "qemu", HOST_32, [a]))).toEqual(["1 widerThanLimit cpu.pc"]);
  });

  it("uses the linted file's own declarations over the project's older copy of it", () => {
    const old = lowerCode("#include <stdint.h>\nstruct c { uint64_t n; };", "qemu");
    const fresh = lowerCode("struct c { int n; }; void f(struct c *p) { qatomic_set(&p->n, 1); }", "qemu");
    expect(checkOperandWidths(inputFor(fresh, [old], optionsForPreset("qemu", 4)), HOST_32)).toEqual([]);
  });

  it("applies the flags of user-defined primitives", () => {
    const options = optionsForPreset("qemu");
    const dialect = { ...options.dialect, primitives: new Map(options.dialect.primitives) };
    dialect.primitives.set("my_fetch_add", { kind: "access", op: "rmw", order: "seqcst", addressArg: 0, addressForm: "pointer", forbidsFloat: true });
    dialect.primitives.set("my_mb_set", { kind: "access", op: "store", order: "mb", addressArg: 0, addressForm: "pointer", mbForm: true });
    const fileIR = lowerCSource("/project/test.c", "struct m { float level; long n; }; void f(struct m *p) { my_fetch_add(&p->level, 1); my_mb_set(&p->n, 1); }", { dialect, hostPointerSize: 8 });
    expect(summary(checkOperandWidths(inputFor(fileIR, [fileIR], { ...options, dialect }), HOST_64))).toEqual(["1 float m.level", "1 mbWiderThanInt m.n"]);
  });

  it("survives a struct named like an Object.prototype member", () => {
    expect(widths("struct constructor { int x; }; void f(struct toString *p) { qatomic_set(&p->constructor, 1); }", "qemu")).toEqual([]);
  });
});
