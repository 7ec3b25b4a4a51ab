#!/usr/bin/env node
// Writes the project's own litmus corpus (tests/fixtures/litmus): the classic
// shapes crossed with ordering variants. Each test's expected verdict comes from
// the rules below, which restate what LKMM's axioms give for each shape (see
// docs/model.md); they are not taken from the model under test.
//
//   node tools/litmus-corpus.mjs            (rewrites tests/fixtures/litmus/<family>/*.litmus)
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const OUT = new URL("../tests/fixtures/litmus/", import.meta.url).pathname;

// One link between two accesses of a thread: [name, code(a, b, va, vb)], registers r0 then r1.
const WW = {
  once: (a, b, va, vb) => [`WRITE_ONCE(*${a}, ${va});`, `WRITE_ONCE(*${b}, ${vb});`],
  wmb: (a, b, va, vb) => [`WRITE_ONCE(*${a}, ${va});`, "smp_wmb();", `WRITE_ONCE(*${b}, ${vb});`],
  release: (a, b, va, vb) => [`WRITE_ONCE(*${a}, ${va});`, `smp_store_release(${b}, ${vb});`],
  mb: (a, b, va, vb) => [`WRITE_ONCE(*${a}, ${va});`, "smp_mb();", `WRITE_ONCE(*${b}, ${vb});`],
};
const RR = {
  once: (a, b) => [`r0 = READ_ONCE(*${a});`, `r1 = READ_ONCE(*${b});`],
  rmb: (a, b) => [`r0 = READ_ONCE(*${a});`, "smp_rmb();", `r1 = READ_ONCE(*${b});`],
  acquire: (a, b) => [`r0 = smp_load_acquire(${a});`, `r1 = READ_ONCE(*${b});`],
  mb: (a, b) => [`r0 = READ_ONCE(*${a});`, "smp_mb();", `r1 = READ_ONCE(*${b});`],
  addr: (a, b) => [`r0 = READ_ONCE(*${a});`, `r1 = READ_ONCE(*(${b} + (r0 ^ r0)));`],
};
const RW = {
  once: (a, b, vb) => [`r0 = READ_ONCE(*${a});`, `WRITE_ONCE(*${b}, ${vb});`],
  wmb: (a, b, vb) => [`r0 = READ_ONCE(*${a});`, "smp_wmb();", `WRITE_ONCE(*${b}, ${vb});`],
  ctrl: (a, b, vb) => [`r0 = READ_ONCE(*${a});`, "if (r0 == 1)", `\tWRITE_ONCE(*${b}, ${vb});`],
  data: (a, b, vb) => [`r0 = READ_ONCE(*${a});`, `WRITE_ONCE(*${b}, ${vb} + (r0 ^ r0));`],
  acquire: (a, b, vb) => [`r0 = smp_load_acquire(${a});`, `WRITE_ONCE(*${b}, ${vb});`],
  release: (a, b, vb) => [`r0 = READ_ONCE(*${a});`, `smp_store_release(${b}, ${vb});`],
  mb: (a, b, vb) => [`r0 = READ_ONCE(*${a});`, "smp_mb();", `WRITE_ONCE(*${b}, ${vb});`],
};
const WR = {
  once: (a, b, va) => [`WRITE_ONCE(*${a}, ${va});`, `r0 = READ_ONCE(*${b});`],
  relacq: (a, b, va) => [`smp_store_release(${a}, ${va});`, `r0 = smp_load_acquire(${b});`],
  wmbrmb: (a, b, va) => [`WRITE_ONCE(*${a}, ${va});`, "smp_wmb();", "smp_rmb();", `r0 = READ_ONCE(*${b});`],
  mb: (a, b, va) => [`WRITE_ONCE(*${a}, ${va});`, "smp_mb();", `r0 = READ_ONCE(*${b});`],
};

// What orders each pair under LKMM (ppo / fences).
const orders = {
  WW: new Set(["wmb", "release", "mb"]),
  RR: new Set(["rmb", "acquire", "mb", "addr"]),
  RW: new Set(["ctrl", "data", "acquire", "release", "mb"]),
  WR: new Set(["mb"]),
};
// A-cumulative links: a release or a strong fence after a read orders what that read saw.
const cumulativeRW = new Set(["release", "mb"]);

const thread = (i, params, regs, lines) => {
  const decls = regs.map((r) => `\tint ${r};`);
  return [`P${i}(${params.map((p) => `int *${p}`).join(", ")})`, "{", ...decls, ...(decls.length ? [""] : []), ...lines.map((l) => `\t${l}`), "}"].join("\n");
};

const families = {
  MP: {
    links: [WW, RR],
    build: ([w, r]) => [thread(0, ["x", "y"], [], WW[w]("x", "y", 1, 1)), thread(1, ["x", "y"], ["r0", "r1"], RR[r]("y", "x"))],
    exists: "1:r0=1 /\\ 1:r1=0",
    never: ([w, r]) => orders.WW.has(w) && orders.RR.has(r),
    why: "the writer must order its stores and the reader its loads",
  },
  SB: {
    links: [WR, WR],
    symmetric: true,
    build: ([a, b]) => [thread(0, ["x", "y"], ["r0"], WR[a]("x", "y", 1)), thread(1, ["x", "y"], ["r0"], WR[b]("y", "x", 1))],
    exists: "0:r0=0 /\\ 1:r0=0",
    never: ([a, b]) => a === "mb" && b === "mb",
    why: "store-to-load order needs a full barrier on both sides",
  },
  LB: {
    links: [RW, RW],
    symmetric: true,
    build: ([a, b]) => [thread(0, ["x", "y"], ["r0"], RW[a]("x", "y", 1)), thread(1, ["x", "y"], ["r0"], RW[b]("y", "x", 1))],
    exists: "0:r0=1 /\\ 1:r0=1",
    never: ([a, b]) => orders.RW.has(a) && orders.RW.has(b),
    why: "each side must order its load before its store (dependency, acquire, release or smp_mb)",
  },
  S: {
    links: [WW, RW],
    build: ([w, r]) => [thread(0, ["x", "y"], [], WW[w]("x", "y", 2, 1)), thread(1, ["x", "y"], ["r0"], RW[r]("y", "x", 1))],
    exists: "x=2 /\\ 1:r0=1",
    never: ([w, r]) => orders.WW.has(w) && orders.RW.has(r),
    why: "the writer must order its stores and the reader its load before its store",
  },
  R: {
    links: [WW, WR],
    build: ([w, r]) => [thread(0, ["x", "y"], [], WW[w]("x", "y", 1, 1)), thread(1, ["x", "y"], ["r0"], WR[r]("y", "x", 2))],
    exists: "y=2 /\\ 1:r0=0",
    never: ([w, r]) => w === "mb" && r === "mb",
    why: "two non-rf links: a full barrier on each side",
  },
  "2+2W": {
    links: [WW, WW],
    symmetric: true,
    build: ([a, b]) => [thread(0, ["x", "y"], [], WW[a]("x", "y", 1, 2)), thread(1, ["x", "y"], [], WW[b]("y", "x", 1, 2))],
    exists: "x=1 /\\ y=1",
    never: ([a, b]) => a === "mb" && b === "mb",
    why: "two coherence links: a full barrier on each side",
  },
  WRC: {
    links: [RW, RR],
    build: ([m, r]) => [thread(0, ["x"], [], ["WRITE_ONCE(*x, 1);"]), thread(1, ["x", "y"], ["r0"], RW[m]("x", "y", 1)), thread(2, ["x", "y"], ["r0", "r1"], RR[r]("y", "x"))],
    exists: "1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0",
    never: ([m, r]) => cumulativeRW.has(m) && orders.RR.has(r),
    why: "the middle thread needs an A-cumulative release or smp_mb, the reader ordered loads",
  },
  ISA2: {
    links: [WW, RW, RR],
    pick: [["once", "wmb", "release", "mb"], ["once", "ctrl", "release", "mb"], ["once", "rmb", "acquire"]],
    build: ([w, m, r]) => [thread(0, ["x", "y"], [], WW[w]("x", "y", 1, 1)), thread(1, ["y", "z"], ["r0"], RW[m]("y", "z", 1)), thread(2, ["x", "z"], ["r0", "r1"], RR[r]("z", "x"))],
    exists: "1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0",
    never: ([w, m, r]) => orders.RR.has(r) && ((w === "mb" && orders.RW.has(m)) || (orders.WW.has(w) && cumulativeRW.has(m))),
    why: "a chain of cumulative links (release or wmb then release), or smp_mb first and ordered links after",
  },
  // The data is a plain access, read only when the flag is seen: race-free exactly when both sides are ordered.
  "MP-plain": {
    links: [WW, RR],
    pick: [["once", "wmb", "release"], ["once", "rmb", "acquire"]],
    build: ([w, r]) => [
      thread(0, ["x", "y"], [], ["*x = 1;", ...WW[w]("x", "y", 1, 1).slice(1)]),
      thread(1, ["x", "y"], ["r0", "r1"], [...RR[r]("y", "x").slice(0, -1), "if (r0 == 1)", "\tr1 = *x;"]),
    ],
    exists: "1:r0=1 /\\ 1:r1=0",
    never: ([w, r]) => orders.WW.has(w) && orders.RR.has(r),
    racy: ([w, r]) => !(orders.WW.has(w) && orders.RR.has(r)),
    why: "plain data published by a marked flag: without ordering on both sides the plain accesses race",
  },
  IRIW: {
    links: [RR, RR],
    symmetric: true,
    build: ([a, b]) => [thread(0, ["x"], [], ["WRITE_ONCE(*x, 1);"]), thread(1, ["x", "y"], ["r0", "r1"], RR[a]("x", "y")), thread(2, ["y"], [], ["WRITE_ONCE(*y, 1);"]), thread(3, ["x", "y"], ["r0", "r1"], RR[b]("y", "x"))],
    exists: "1:r0=1 /\\ 1:r1=0 /\\ 3:r0=1 /\\ 3:r1=0",
    never: ([a, b]) => a === "mb" && b === "mb",
    why: "LKMM is not multicopy atomic: both readers need smp_mb",
  },
};

function* combos(lists, symmetric) {
  const go = function* (k, acc) {
    if (k === lists.length) return yield acc;
    for (const v of lists[k]) if (!(symmetric && k > 0 && lists[k].indexOf(v) < lists[k].indexOf(acc[k - 1]))) yield* go(k + 1, [...acc, v]);
  };
  yield* go(0, []);
}

rmSync(OUT, { recursive: true, force: true });
let count = 0;
for (const [family, f] of Object.entries(families)) {
  mkdirSync(join(OUT, family), { recursive: true });
  const lists = f.pick ?? f.links.map((l) => Object.keys(l));
  for (const variant of combos(lists, f.symmetric)) {
    const name = `${family}+${variant.join("+")}`;
    const never = f.never(variant);
    const racy = f.racy?.(variant) ? " DATARACE" : "";
    const text = [`C ${name}`, "", "(*", ` * Result: ${never ? "Never" : "Sometimes"}${racy}`, " *", ` * ${family}: ${f.why}.`, " *)", "", "{}", "", ...f.build(variant).flatMap((t) => [t, ""]), `exists (${f.exists})`, ""].join("\n");
    writeFileSync(join(OUT, family, `${name}.litmus`), text);
    count++;
  }
}
console.log(`wrote ${count} tests under ${OUT}`);
