import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { lintC } from "../helpers/probe-plugin.js";

describe("directives written in C comments", () => {
  it("eslint-disable-next-line in a line comment silences the next line only", () => {
    const messages = lintC("// eslint-disable-next-line barriers/probe\nint a = f();\nint b = g();\n", ["call_expression"]);
    expect(messages.map((message) => message.message)).toEqual(["call_expression: g()"]);
  });

  it("eslint-disable-line in a block comment silences its line", () => {
    const messages = lintC("int a = f(); /* eslint-disable-line barriers/probe */\nint b = g();\n", ["call_expression"]);
    expect(messages.map((message) => message.message)).toEqual(["call_expression: g()"]);
  });

  it("eslint-disable / eslint-enable block comments bracket a region", () => {
    const code = "/* eslint-disable barriers/probe */\nint a = f();\n/* eslint-enable barriers/probe */\nint b = g();\n";
    expect(lintC(code, ["call_expression"]).map((message) => message.message)).toEqual(["call_expression: g()"]);
  });

  it("a line comment cannot carry a file-wide eslint-disable (as in JS)", () => {
    const messages = lintC("// eslint-disable barriers/probe\nint a = f();\n", ["call_expression"]);
    expect(messages.map((message) => message.message)).toEqual(["call_expression: f()"]);
  });

  it("an inline rule configuration in a block comment applies", () => {
    const messages = lintC("/* eslint barriers/probe: [\"error\", [\"number_literal\"]] */\nint a = f(1);\n", ["call_expression"]);
    expect(messages.map((message) => message.message)).toEqual(["number_literal: 1"]);
  });

  it("a malformed inline configuration is reported, not thrown", () => {
    const messages = lintC("/* eslint barriers/probe: [\"error\", */\nint a = f(1);\n", ["number_literal"]);
    expect(messages[0]).toMatchObject({ ruleId: null, line: 1 });
    expect(messages[0]!.message).toMatch(/^Failed to parse JSON from '"barriers\/probe"/u);
    expect(messages.slice(1).map((message) => message.message)).toEqual(["number_literal: 1"]);
  });

  it("unused disable directives are reported like in JS, with a fix that removes them", () => {
    const messages = lintC("int a = 1; // eslint-disable-line barriers/probe\n", ["call_expression"]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: null, line: 1, column: 12, fix: { range: [11, 48] } });
    expect(messages[0]!.message).toMatch(/^Unused eslint-disable directive/u);
  });
});

describe("locations", () => {
  it("CRLF line endings give the same lines and columns as LF", () => {
    const lf = lintC("int a;\nint b = f();\n", ["call_expression"]);
    const crlf = lintC("int a;\r\nint b = f();\r\n", ["call_expression"]);
    expect(crlf.map(({ line, column, endLine, endColumn }) => ({ line, column, endLine, endColumn })))
      .toEqual(lf.map(({ line, column, endLine, endColumn }) => ({ line, column, endLine, endColumn })));
    expect(lf[0]).toMatchObject({ line: 2, column: 9, endLine: 2, endColumn: 12 });
  });

  it("a byte-order mark does not shift columns", () => {
    const messages = lintC("\uFEFFint b = f();\n", ["call_expression"]);
    expect(messages[0]).toMatchObject({ line: 1, column: 9, message: "call_expression: f()" });
  });

  it("non-ASCII text before a node counts in UTF-16 units", () => {
    const messages = lintC("/* Grüße, 世界 😀 */ int b = f();\n", ["call_expression"]);
    const code = "/* Grüße, 世界 😀 */ int b = f();\n";
    expect(messages[0]).toMatchObject({ line: 1, column: code.indexOf("f()") + 1, message: "call_expression: f()" });
  });

  it("reports inside foreach-style macros map back to the macro text", () => {
    const code = "void f(void) {\n  QLIST_FOREACH(v, &head, next) {\n    g(v);\n  }\n}\n";
    const messages = lintC(code, ["foreach_statement"]);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message.startsWith("foreach_statement: QLIST_FOREACH(v, &head, next) {")).toBe(true);
  });
});

describe("bad input gets a clear message and no crash", () => {
  it("a binary file is a parse error naming the reason", () => {
    const messages = lintC("\x7fELF\x02\x01\x01\0\0\0\0", ["call_expression"]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ fatal: true, ruleId: null });
    expect(messages[0]!.message).toMatch(/binary/u);
  });

  it("invalid UTF-8 decoded by ESLint (U+FFFD) is analysed tolerantly", () => {
    const text = new TextDecoder().decode(new Uint8Array([0x69, 0x6e, 0x74, 0x20, 0x61, 0x20, 0x3d, 0x20, 0x66, 0x28, 0xff, 0xfe, 0x29, 0x3b]));
    const messages = lintC(text, ["call_expression"]);
    expect(messages.every((message) => !message.fatal)).toBe(true);
    expect(messages.map((message) => message.message)).toEqual(["call_expression: f(\uFFFD\uFFFD)"]);
  });

  it("a file over the size limit is a parse error saying how to raise it", () => {
    const messages = lintC("int x;\n".repeat(20), ["call_expression"], { maxFileSize: 64 });
    expect(messages[0]).toMatchObject({ fatal: true });
    expect(messages[0]!.message).toMatch(/maxFileSize/u);
  });

  it("a 50 MB file is refused by the default limit without parsing it", () => {
    const huge = "int x = f();\n".repeat(4_000_000);
    expect(huge.length).toBeGreaterThan(50_000_000);
    const messages = lintC(huge, ["call_expression"]);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/too large/u);
  });

  it("an empty file lints cleanly", () => {
    expect(lintC("", ["call_expression"])).toEqual([]);
  });

  it("a file that is all ERROR lints without a crash", () => {
    const messages = lintC("}}}} ((( @@ ]] #endif #else", ["ERROR"]);
    expect(messages.every((message) => !message.fatal)).toBe(true);
    expect(messages.length).toBeGreaterThan(0);
  });
});

describe("visitor keys", () => {
  it("the generated visitor-key file matches tree-sitter-c's node-types.json", () => {
    expect(() => execFileSync(process.execPath, ["tools/generate-visitor-keys.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });
});
