import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { lintC } from "../helpers/probe-plugin.js";

/** Where ESLint puts a parse error in JavaScript: the convention C parse errors must follow. */
function javascriptParseError(code: string): Linter.LintMessage {
  const [message] = new Linter({ configType: "flat" }).verify(code, [{ files: ["**/*.js"] }], "probe.js");
  return message!;
}

describe("C parse errors are located like ESLint's own", () => {
  it("use a 1-based column, as a JavaScript parse error at the same place does", () => {
    const before = "int a;\n  int b; ";
    const c = lintC(`${before}\0rest\n`, ["call_expression"])[0]!;
    const js = javascriptParseError(`${before.replace(/int/gu, "let")}@\n`);
    expect(c).toMatchObject({ fatal: true, line: 2, column: 10 });
    expect([c.line, c.column]).toEqual([js.line, js.column]);
  });

  it("put a NUL at the very start of the file on line 1, column 1", () => {
    expect(lintC("\0", ["call_expression"])[0]).toMatchObject({ fatal: true, line: 1, column: 1 });
  });

  it("put a whole-file refusal (over the size limit) on line 1, column 1", () => {
    expect(lintC("int x;\n".repeat(20), ["call_expression"], { maxFileSize: 64 })[0]).toMatchObject({ fatal: true, line: 1, column: 1 });
  });
});
