import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseForESLint } from "@typescript-eslint/parser";
import { afterAll, describe, expect, it } from "vitest";
import { lowerEstreeFile } from "../../../src/frontends/estree/lower-file.js";
import { typeOracleFromParserServices, type TypeOracle } from "../../../src/frontends/estree/type-oracle.js";
import { accessesOf, functionNamed, loweringOptions, lowerTs } from "./lower-helpers.js";

const typeOf = (code: string, name: string) => accessesOf(functionNamed(lowerTs(code), name)).map((access) => access.type?.name ?? "?");

describe("types of accessed arrays without type information", () => {
  it("reads them from constructions, annotations and assertions", () => {
    expect(typeOf(`
      const a = new BigInt64Array(new SharedArrayBuffer(8));
      declare const b: Uint16Array | null;
      export function f(c: Float32Array, d: any) {
        Atomics.load(a, 0); Atomics.load(b!, 0); Atomics.load(c, 0); Atomics.load(d as DataView, 0); Atomics.load(d, 0);
      }`, "f")).toEqual(["BigInt64Array", "Uint16Array", "Float32Array", "DataView", "?"]);
  });

  it("gives element sizes in bytes and no size for a DataView", () => {
    const ir = lowerTs(`
      const words = new Uint32Array(new SharedArrayBuffer(8));
      const bytes = new DataView(new SharedArrayBuffer(8));
      export function f() { Atomics.load(words, 0); Atomics.load(bytes as any, 0); }`);
    const [words, bytes] = accessesOf(functionNamed(ir, "f"));
    expect(words!.type).toEqual({ name: "Uint32Array", category: "typed-array", size: 4 });
    expect(bytes!.type).toEqual({ name: "DataView", category: "typed-array" });
  });

  it("asks the type oracle for what declarations do not say", () => {
    const oracle: TypeOracle = { typeNameAt: (node) => (node.type === "Identifier" && node.name === "made" ? "Float64Array" : undefined) };
    const ir = lowerTs(`declare function make(): any; const made = make(); export function f() { Atomics.add(made, 0, 1); }`, { typeOracle: oracle });
    expect(accessesOf(functionNamed(ir, "f"))[0]!.type?.name).toBe("Float64Array");
  });
});

describe("types from a TypeScript project through parser services", () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "barriers-types-"));
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it("types an array that only inference knows, as configured with parserOptions.project", () => {
    fs.writeFileSync(path.join(directory, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", lib: ["ES2024"] }, include: ["*.ts"] }));
    const code = `
      function makeView() { return new Float64Array(new SharedArrayBuffer(64)); }
      const samples = makeView();
      export function bump() { Atomics.add(samples as never, 0, 1); samples[1] = 2; }
    `;
    const file = path.join(directory, "inferred.ts");
    fs.writeFileSync(file, code);
    const { ast, services } = parseForESLint(code, { filePath: file, project: path.join(directory, "tsconfig.json"), tsconfigRootDir: directory, range: true, loc: true });
    const typeOracle = typeOracleFromParserServices(services);
    expect(typeOracle).toBeDefined();
    const withTypes = lowerEstreeFile(file, code, ast, { ...loweringOptions(), typeOracle: typeOracle! });
    expect(accessesOf(functionNamed(withTypes, "bump")).map((access) => `${access.key.id} ${access.api} ${access.type?.name}`))
      .toEqual(["samples[0] Atomics.add Float64Array", "samples[1] plain Float64Array"]);
  });

  it("has no oracle when the parser ran without a project", () => {
    const { services } = parseForESLint("const x = 1;", { range: true, loc: true });
    expect(typeOracleFromParserServices(services)).toBeUndefined();
  });
});
