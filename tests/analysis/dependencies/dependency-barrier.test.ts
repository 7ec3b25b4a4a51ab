import { describe, expect, it } from "vitest";
import { dependencyBarrierChecker, functionDependencies, judgeReadDepends } from "../../../src/analysis/dependencies/index.js";
import type { Finding } from "../../../src/analysis/findings.js";
import type { FileIR } from "../../../src/analysis/ir/function-ir.js";
import { filePairing } from "../../../src/analysis/pairing/index.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { accessesOf, functionNamed } from "../../frontends/c/lower-helpers.js";
import { fileNamed, inputFor, lowerFixture, optionsForPreset } from "../operand-width/fixture-project.js";
import { messageOf } from "../pairing/pairing-helpers.js";

function check(fileIR: FileIR, files: readonly FileIR[], preset: string, text = ""): Finding[] {
  const input = inputFor(fileIR, files, optionsForPreset(preset));
  return dependencyBarrierChecker.check(text ? { ...input, syntax: { ...input.syntax, text } } : input);
}

function lowerCode(code: string, preset: string, file = "/project/test.c"): FileIR {
  return lowerCSource(file, code, { dialect: optionsForPreset(preset).dialect, hostPointerSize: 8 });
}

function checkCode(code: string, preset: string): Finding[] {
  const fileIR = lowerCode(code, preset);
  return check(fileIR, [fileIR], preset, code);
}

function summary(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.site.line} ${finding.messageId}`);
}

describe("smp_read_barrier_depends() in the read-depends fixtures (qemu2020)", () => {
  it("is satisfied when the load after it goes through the pointer it follows", () => {
    const { files, options } = lowerFixture("read-depends");
    for (const fileIR of files) expect(dependencyBarrierChecker.check(inputFor(fileIR, files, options))).toEqual([]);
  });

  it("reports a load whose address only a comparison ties to the first load, naming the writer that pairs with it", () => {
    const { files, options } = lowerFixture("read-depends-broken");
    const findings = dependencyBarrierChecker.check(inputFor(fileNamed(files, "reader.c"), files, options));
    expect(summary(findings)).toEqual(["10 controlDependency"]);
    expect(messageOf(findings[0]!)).toBe(
      "smp_read_barrier_depends() in table_lookup() is meant to order the load of ?.value (line 13) after the load of table.cur, but that "
      + "address does not come from table.cur's value: the load only runs under a condition on it. A control dependency does not order "
      + "loads; smp_wmb() in table_publish() (writer.c:10) pairs with it and counts on that order: use smp_rmb().",
    );
    expect(findings[0]!.related.map((related) => `${related.site.line}`)).toEqual(["7", "13", "10"]);
    expect(dependencyBarrierChecker.check(inputFor(fileNamed(files, "writer.c"), files, options))).toEqual([]);
  });

  it("still reports the control dependency without the writer, only without naming a partner", () => {
    const { files, options } = lowerFixture("read-depends-broken");
    const reader = fileNamed(files, "reader.c");
    const [finding] = dependencyBarrierChecker.check(inputFor(reader, [reader], options));
    expect(finding?.messageId).toBe("controlDependency");
    expect(finding?.data.partner).toBe("");
  });
});

describe("dependency heads used as the read side of a pair (rcu-publish fixtures, linux)", () => {
  it("accepts a field read through the published pointer", () => {
    const { files, options } = lowerFixture("rcu-publish");
    for (const fileIR of files) expect(dependencyBarrierChecker.check(inputFor(fileIR, files, options))).toEqual([]);
  });

  it("reports a field read under a test of the published pointer, at the load, with the writer", () => {
    const { files, options } = lowerFixture("rcu-publish-broken");
    const findings = dependencyBarrierChecker.check(inputFor(fileNamed(files, "reader.c"), files, options));
    expect(summary(findings)).toEqual(["11 controlDependencyPair"]);
    expect(messageOf(findings[0]!)).toBe(
      "The load of cfg.limit in cfg_read_limit() runs only under a condition on the value of rcu_dereference(cfg_holder.active) (line 10); "
      + "its address does not come from that value. A control dependency does not order loads, yet rcu_assign_pointer(cfg_holder.active) "
      + "in cfg_publish() (writer.c:8) stores cfg.limit first and publishes it through cfg_holder.active: put smp_rmb() between the two "
      + "loads, or make the first an acquire load.",
    );
    expect(findings[0]!.related.map((related) => related.site.line)).toEqual([10, 8]);
  });

  it("says nothing when no writer publishes the field through the head", () => {
    const { files, options } = lowerFixture("rcu-publish-broken");
    const reader = fileNamed(files, "reader.c");
    expect(dependencyBarrierChecker.check(inputFor(reader, [reader], options))).toEqual([]);
  });

  it("treats a relaxed load with address dependents as a head too (qemu)", () => {
    const code = `
      struct entry { int value; };
      struct table { struct entry *cur; int generation; };
      void publish(struct table *t, struct entry *e, int g) {
        e->value = 1;
        t->generation = g;
        smp_wmb();
        qatomic_set(&t->cur, e);
      }
      int lookup(struct table *t) {
        struct entry *e = qatomic_read(&t->cur);
        int g = 0;
        if (e) {
          g = t->generation;
        }
        return e->value + g;
      }`;
    const findings = checkCode(code, "qemu");
    expect(summary(findings)).toEqual(["14 controlDependencyPair"]);
    expect(findings[0]!.data).toMatchObject({ load: "table.generation", head: "qatomic_read(table.cur)" });
  });
});

describe("judging smp_read_barrier_depends() from the dependencies", () => {
  it("follows address dependencies through intermediate loads", () => {
    const code = `
      struct node { struct node *next; int val; };
      struct list { struct node *head; };
      int second(struct list *l) {
        struct node *p = atomic_rcu_read(&l->head);
        smp_read_barrier_depends();
        struct node *q = p->next;
        return q->val;
      }`;
    expect(checkCode(code, "qemu2020")).toEqual([]);
  });

  it("sees a control dependency through a value computed from the first load", () => {
    const code = `
      struct node { struct node *next; int val; };
      struct list { struct node *head; int spare; };
      int second(struct list *l) {
        struct node *p = atomic_read(&l->head);
        smp_read_barrier_depends();
        struct node *q = p->next;
        if (q) {
          return l->spare;
        }
        return 0;
      }`;
    const findings = checkCode(code, "qemu2020");
    expect(summary(findings)).toEqual(["6 controlDependency"]);
    expect(findings[0]!.data).toMatchObject({ load: "list.spare", head: "list.head" });
  });

  it("reports a barrier that no dependent load follows, and offers smp_rmb()", () => {
    const code = "struct s { int idx; };\nint generation;\nint f(struct s *s) {\n  int i = atomic_read(&s->idx);\n  smp_read_barrier_depends();\n  return i + atomic_read(&generation);\n}\n";
    const findings = checkCode(code, "qemu2020");
    expect(summary(findings)).toEqual(["5 noDependentLoad"]);
    expect(messageOf(findings[0]!)).toBe(
      "smp_read_barrier_depends() in f() is not followed by any load whose address comes from the load of s.idx (line 4), so it orders "
      + "nothing; if the loads after it must follow the loads before it, use smp_rmb().",
    );
    const edit = findings[0]!.suggestions![0]!.edits[0]!;
    expect(code.slice(0, edit.range[0]) + edit.text + code.slice(edit.range[1])).toContain("  smp_rmb();\n  return i");
  });

  it("does not judge a barrier before a load through a pointer of unknown origin (a macro's result)", () => {
    const code = "struct co { struct co *next; const char *scheduled; };\nstruct q { struct co *first; };\nvoid f(struct q *pending) {\n  struct co *last = atomic_read(&pending->first);\n  struct co *to = QUEUE_FIRST(pending);\n  smp_read_barrier_depends();\n  use(atomic_read(&to->scheduled), last);\n}\n";
    expect(checkCode(code, "qemu2020")).toEqual([]);
  });

  it("reports a barrier with no load after it", () => {
    const code = "struct s { int *p; };\nvoid f(struct s *s) {\n  int *p = atomic_read(&s->p);\n  smp_read_barrier_depends();\n}\n";
    const findings = checkCode(code, "qemu2020");
    expect(summary(findings)).toEqual(["4 noLoadAfter"]);
    expect(findings[0]!.suggestions).toBeUndefined();
  });

  it("does not judge a barrier whose first load is in a caller", () => {
    expect(checkCode("struct e { int v; };\nint f(struct e *p) {\n  smp_read_barrier_depends();\n  return p->v;\n}\n", "qemu2020")).toEqual([]);
  });

  it("suggests the Linux mandatory barrier for read_barrier_depends()", () => {
    const code = "struct s { int a; };\nint b;\nint f(struct s *s) {\n  int a = READ_ONCE(s->a);\n  read_barrier_depends();\n  return a + READ_ONCE(b);\n}\n";
    const [finding] = checkCode(code, "linux");
    expect(finding?.data.rmb).toBe("rmb()");
    expect(finding?.suggestions?.[0]?.edits[0]?.text).toBe("rmb()");
  });

  it("exposes the verdict and the closures it is built on", () => {
    const fileIR = lowerCode("struct n { struct n *next; int v; };\nint f(struct n **h) {\n  struct n *p = atomic_read(h);\n  smp_read_barrier_depends();\n  if (p) return p->next->v;\n  return 0;\n}\n", "qemu2020");
    const fn = functionNamed(fileIR as Parameters<typeof functionNamed>[0], "f");
    const [head, next, value] = accessesOf(fn);
    const closure = functionDependencies(fn).closureOf(value!);
    expect([...closure.data].sort()).toEqual([head!.id, next!.id].sort());
    expect([...closure.control]).toEqual([]);
    const view = filePairing(projectViewOf([fileIR]), fileIR, 2);
    const point = view.filePoints().find((candidate) => candidate.kind === "read-depends")!;
    expect(judgeReadDepends(point).kind).toBe("ok");
  });
});

describe("what a dependency head's control-dependent loads must be to be reported", () => {
  const writer = `
    struct pool { struct slot *active; int count; int limit; };
    struct slot { int size; };
    void pool_publish(struct pool *p, struct slot *s) {
      p->limit = 8;
      qatomic_rcu_set(&p->active, s);
    }`;

  it("reports a published field read under a test of the head", () => {
    expect(summary(checkCode(`${writer}
    int pool_limit(struct pool *p) {
      struct slot *s = qatomic_rcu_read(&p->active);
      return s ? p->limit + s->size : 0;
    }`, "qemu"))).toEqual(["10 controlDependencyPair"]);
  });

  it("skips fields the reader stores itself, read-modify-writes and the head's own field", () => {
    expect(checkCode(`${writer}
    int pool_limit(struct pool *p) {
      struct slot *s = qatomic_rcu_read(&p->active);
      p->limit = 0;
      if (s) {
        qatomic_inc(&p->count);
        return p->limit + (p->active == s);
      }
      return 0;
    }`, "qemu")).toEqual([]);
  });

  it("does not take a store of the reader's own function as the writer", () => {
    expect(checkCode(`
    struct pool { struct slot *active; int limit; };
    struct slot { int size; };
    int pool_swap(struct pool *p, struct slot *next) {
      struct slot *s = qatomic_rcu_read(&p->active);
      int limit = s ? p->limit + s->size : 0;
      p->limit = limit;
      qatomic_rcu_set(&p->active, next);
      return limit;
    }`, "qemu")).toEqual([]);
  });
});
