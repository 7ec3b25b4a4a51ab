import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/analysis/findings.js";
import type { FileIR } from "../../../src/analysis/ir/function-ir.js";
import { KeyCounter, mbVariableMismatchChecker } from "../../../src/analysis/mb-matching/index.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";
import { fileNamed, inputFor, lowerFixture, optionsForPreset } from "../operand-width/fixture-project.js";
import { messageOf } from "../pairing/pairing-helpers.js";

function summary(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.site.line} ${finding.messageId} ${finding.data.variable} -> ${finding.data.other}`);
}

function lowerCode(code: string, preset: string, file = "/project/test.c"): FileIR {
  return lowerCSource(file, code, { dialect: optionsForPreset(preset).dialect, hostPointerSize: 8 });
}

function checkFile(fileIR: FileIR, files: readonly FileIR[], preset: string): Finding[] {
  return mbVariableMismatchChecker.check(inputFor(fileIR, files, optionsForPreset(preset)));
}

function checkCode(code: string, preset: string): Finding[] {
  const fileIR = lowerCode(code, preset);
  return checkFile(fileIR, [fileIR], preset);
}

describe("atomic_mb_set()/atomic_mb_read() on different fields (mb-read-set fixtures, qemu2020)", () => {
  it("accepts the set and the read of the same flag", () => {
    const { files, options } = lowerFixture("mb-read-set");
    for (const fileIR of files) expect(mbVariableMismatchChecker.check(inputFor(fileIR, files, options))).toEqual([]);
  });

  it("reports both halves of the mismatch, each naming the other side", () => {
    const { files, options } = lowerFixture("mb-read-set-broken");
    const writer = mbVariableMismatchChecker.check(inputFor(fileNamed(files, "writer.c"), files, options));
    const reader = mbVariableMismatchChecker.check(inputFor(fileNamed(files, "reader.c"), files, options));
    expect(summary(writer)).toEqual(["7 setNeverRead Worker.request -> Worker.has_request"]);
    expect(summary(reader)).toEqual(["7 readNeverSet Worker.has_request -> Worker.request"]);
    expect(messageOf(writer[0]!)).toBe(
      "atomic_mb_set(Worker.request) in worker_submit() publishes Worker.request, but nothing in the project reads Worker.request with an mb "
      + "read, an acquire load or a load before a read barrier. atomic_mb_read(Worker.has_request) in worker_poll() (reader.c:7) waits for "
      + "Worker.has_request instead, which nothing publishes; worker_poll() reads Worker.request itself at line 10, after waiting for "
      + "Worker.has_request. The store and the load have to be on the same variable.",
    );
    expect(writer[0]!.related.map((related) => `${related.site.file.split("/").pop()}:${related.site.line}`)).toEqual(["reader.c:7", "reader.c:10"]);
    expect(messageOf(reader[0]!)).toContain("atomic_mb_set(Worker.request) in worker_submit() (writer.c:7) publishes Worker.request instead");
  });

  it("needs the other half: alone, the writer's file is not reported", () => {
    const { files, options } = lowerFixture("mb-read-set-broken");
    const writer = fileNamed(files, "writer.c");
    expect(mbVariableMismatchChecker.check(inputFor(writer, [writer], options))).toEqual([]);
  });

  it("judges the linted file's fresh IR, not the project's older copy of it", () => {
    const { files, options } = lowerFixture("mb-read-set-broken");
    const fixed = lowerCSource(fileNamed(files, "reader.c").file, `
      #include "worker.h"
      bool worker_poll(Worker *w, int *request)
      {
          if (!atomic_mb_read(&w->request)) {
              return false;
          }
          *request = w->request;
          return true;
      }`, { dialect: options.dialect, hostPointerSize: 8 });
    expect(mbVariableMismatchChecker.check(inputFor(fixed, files, options))).toEqual([]);
    expect(mbVariableMismatchChecker.check(inputFor(fileNamed(files, "writer.c"), files.map((file) => (file.file === fixed.file ? fixed : file)), options))).toEqual([]);
  });
});

describe("release/acquire on different indexes of a ring (ring-indexes fixtures, qemu)", () => {
  it("accepts each index published by one side and acquired by the other", () => {
    const { files, options } = lowerFixture("ring-indexes");
    for (const fileIR of files) expect(mbVariableMismatchChecker.check(inputFor(fileIR, files, options))).toEqual([]);
  });

  it("reports the consumer acquiring its own index while the producer's is read relaxed", () => {
    const { files, options } = lowerFixture("ring-indexes-broken");
    expect(summary(mbVariableMismatchChecker.check(inputFor(fileNamed(files, "producer.c"), files, options))))
      .toEqual(["15 setNeverRead Ring.tail -> Ring.head"]);
    expect(summary(mbVariableMismatchChecker.check(inputFor(fileNamed(files, "consumer.c"), files, options))))
      .toEqual(["8 readNeverSet Ring.head -> Ring.tail"]);
  });
});

describe("what counts as matching strength", () => {
  const writer = `
    struct chan { int data; int ready; int seq; };
    void post(struct chan *c, int v) {
      c->data = v;
      atomic_mb_set(&c->ready, 1);
    }`;

  it("a relaxed read followed by smp_rmb() matches an mb set", () => {
    expect(checkCode(`${writer}
      int take(struct chan *c) {
        int seq = atomic_mb_read(&c->seq);
        int ready = atomic_read(&c->ready);
        smp_rmb();
        return ready ? c->data + seq : -1;
      }`, "qemu2020").filter((finding) => finding.data.variable === "chan.ready")).toEqual([]);
  });

  it("a relaxed read with no barrier does not", () => {
    expect(summary(checkCode(`${writer}
      int take(struct chan *c) {
        int seq = atomic_mb_read(&c->seq);
        return atomic_read(&c->ready) ? c->data + seq : -1;
      }`, "qemu2020"))).toEqual(["5 setNeverRead chan.ready -> chan.seq", "8 readNeverSet chan.seq -> chan.ready"]);
  });

  it("a store after smp_wmb() matches an mb read, a store after another mb set does not", () => {
    const reader = `
      int take(struct chan *c) {
        return atomic_mb_read(&c->seq) ? c->ready : -1;
      }`;
    expect(checkCode(`${writer.replace("atomic_mb_set(&c->ready, 1);", "atomic_mb_set(&c->ready, 1);\n      smp_wmb();\n      atomic_set(&c->seq, 1);")}${reader}`, "qemu2020")).toEqual([]);
    expect(summary(checkCode(`${writer.replace("atomic_mb_set(&c->ready, 1);", "atomic_mb_set(&c->ready, 1);\n      atomic_set(&c->seq, 1);")}${reader}`, "qemu2020")))
      .toEqual(["5 setNeverRead chan.ready -> chan.seq", "9 readNeverSet chan.seq -> chan.ready"]);
  });

  it("linux: smp_store_release()/smp_load_acquire() on different fields", () => {
    const code = `
      struct msg { int body; int posted; int taken; };
      void send(struct msg *m, int v) { m->body = v; smp_store_release(&m->posted, 1); }
      int recv(struct msg *m) { return smp_load_acquire(&m->taken) ? m->body : -1; }`;
    expect(summary(checkCode(code, "linux"))).toEqual(["3 setNeverRead msg.posted -> msg.taken", "4 readNeverSet msg.taken -> msg.posted"]);
    expect(checkCode(code.replace("&m->taken", "&m->posted"), "linux")).toEqual([]);
  });

  it("linux: smp_store_mb() is a store and a full barrier, not a publication", () => {
    expect(checkCode(`
      struct w { int state; int woken; };
      void sleep_on(struct w *w) { smp_store_mb(w->state, 1); }
      int waker(struct w *w) { return smp_load_acquire(&w->woken) + w->state; }`, "linux")).toEqual([]);
  });
});

describe("keeping false positives low", () => {
  it("does not report unrelated unmatched halves (different structs, no shared accesses)", () => {
    expect(checkCode(`
      struct a { int flag; }; struct b { int other; };
      void set_a(struct a *a) { atomic_mb_set(&a->flag, 1); }
      int read_b(struct b *b) { return atomic_mb_read(&b->other); }`, "qemu2020")).toEqual([]);
  });

  it("relates two fields of one struct in one file even without shared accesses", () => {
    expect(summary(checkCode(`
      struct s { int a; int b; };
      void set_a(struct s *s) { atomic_mb_set(&s->a, 1); }
      int read_b(struct s *s) { return atomic_mb_read(&s->b); }`, "qemu2020"))).toEqual(["3 setNeverRead s.a -> s.b", "4 readNeverSet s.b -> s.a"]);
  });

  it("ignores wrappers whose variable is their pointer parameter", () => {
    expect(checkCode(`
      struct s { int a; int b; };
      static inline void my_mb_set(int *p, int v) { atomic_mb_set(p, v); }
      static inline int my_mb_read(int *p) { return atomic_mb_read(p); }
      void set_a(struct s *s) { s->b = 0; atomic_mb_set(&s->a, 1); }
      int read_a(struct s *s) { return atomic_mb_read(&s->a) ? s->b : 0; }`, "qemu2020")).toEqual([]);
  });

  it("does not pair a store and a load of the same function", () => {
    expect(checkCode("struct s { int a; int b; };\nint f(struct s *s) { atomic_mb_set(&s->a, 1); return atomic_mb_read(&s->b) + s->a; }", "qemu2020")).toEqual([]);
  });

  it("matches owner-unknown keys by field name", () => {
    expect(checkCode(`
      struct s { int flag; int data; };
      void post(struct s *s) { s->data = 1; atomic_mb_set(&s->flag, 1); }
      int take(void *opaque) { struct hidden *h = opaque; return atomic_mb_read(&h->flag) ? h->data : 0; }`, "qemu2020")).toEqual([]);
  });

  it("counts keys by field name", () => {
    const counter = new KeyCounter();
    counter.add("Worker.flag");
    counter.add("?.flag", 2);
    counter.add("Other.flag");
    expect([counter.matching("Worker.flag"), counter.matching("?.flag"), counter.matching("Third.flag"), counter.matching("flag")]).toEqual([3, 4, 2, 2]);
  });
});
