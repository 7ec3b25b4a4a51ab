import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allAccessLines, lowerTs } from "./lower-helpers.js";

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "barriers-modules-"));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

/** Lowers one module of the temporary project (other modules are read from disk as imported). */
function accessLinesOf(name: string): string[] {
  return allAccessLines(lowerTs(fs.readFileSync(path.join(root, name), "utf8"), { file: path.join(root, name) }));
}

const SHARED = `
  export const READY = 0;
  const cells = new Int32Array(new SharedArrayBuffer(8));
  export { cells as control };
  export function reset() { Atomics.store(cells, READY, 0); }
`;

describe("typed arrays imported from another module", () => {
  it("keys a renamed import of a renamed export by the declaring module's binding and constant", () => {
    write({
      "shared.ts": SHARED,
      "reader.ts": `
        import { control as flags, READY as SLOT } from "./shared.js";
        export function poll() { return flags[SLOT]; }`,
    });
    expect(accessLinesOf("shared.ts")).toEqual(["reset: store cells[READY] seqcst Atomics.store"]);
    expect(accessLinesOf("reader.ts")).toEqual(["poll: load cells[READY] plain"]);
  });

  it("follows named and star re-exports, a directory's index and a namespace import's constants", () => {
    write({
      "shared.ts": SHARED,
      "layout/index.ts": `export { control as state } from "../shared.js";\nexport * from "../shared.js";`,
      "writer.ts": `
        import { state, control } from "./layout/index.js";
        import * as layout from "./layout";
        export function set() { state[layout.READY] = 1; control[0] = 2; layout.state[1] = 3; }`,
    });
    expect(accessLinesOf("writer.ts")).toEqual(["set: store cells[READY] plain", "set: store cells[0] plain", "set: store cells[1] plain"]);
  });

  it("names an array exported as default by its binding, or by its module when it has none", () => {
    write({
      "bell.ts": "const bell = new BigInt64Array(new SharedArrayBuffer(8));\nexport default bell;",
      "gong.mts": "export default new Int32Array(new SharedArrayBuffer(4));",
      "ringer.ts": `
        import chime from "./bell.js";
        import { default as gong } from "./gong.mjs";
        export function ring() { chime[0] = 1n; gong[1] = 1; }`,
    });
    expect(accessLinesOf("ringer.ts")).toEqual(["ring: store bell[0] plain", "ring: store gong.default[1] plain"]);
  });

  it("follows a binding that a module imports and exports again, by name or as its default", () => {
    write({
      "shared.ts": SHARED,
      "relay.ts": `import { control as c, READY as R } from "./shared.js";\nexport { c as relayed, R as SLOT };\nexport default c;`,
      "user.ts": `
        import main, { relayed, SLOT } from "./relay.js";
        export function f() { relayed[0] = 1; main[1] = 2; main[SLOT] = 3; }`,
    });
    expect(accessLinesOf("user.ts")).toEqual(["f: store cells[0] plain", "f: store cells[1] plain", "f: store cells[READY] plain"]);
  });

  it("reads the exporting module as it is on disk now, whichever module was lowered first", () => {
    write({
      "shared.ts": SHARED,
      "reader.ts": `import { control } from "./shared";\nexport function poll() { return control[0]; }`,
    });
    expect(accessLinesOf("reader.ts")).toEqual(["poll: load cells[0] plain"]);
    write({ "shared.ts": "export const control = new Int32Array(new SharedArrayBuffer(8));" });
    expect(accessLinesOf("reader.ts")).toEqual(["poll: load control[0] plain"]);
  });

  it("sees neither a cycle of re-exports nor a package import as shared memory, beside an import that is", () => {
    write({
      "shared.ts": SHARED,
      "a.ts": `export { x } from "./b.js";\nexport { control } from "./shared.js";`,
      "b.ts": `export { x } from "./a.js";`,
      "user.ts": `
        import { x, control } from "./a.js";
        import { pool } from "some-package";
        export function f() { x[0] = 1; pool[0] = 1; control[0] = 1; }`,
    });
    expect(accessLinesOf("user.ts")).toEqual(["f: store cells[0] plain"]);
  });
});
