import { describe, expect, it } from "vitest";
import { parseC } from "../../src/languages/c/parse-c.js";
import { resolveCLanguageOptions, type CLanguageOptions } from "../../src/languages/c/language-options.js";
import type { SyntaxNode } from "../../src/languages/c/syntax-node.js";

const options = resolveCLanguageOptions();

function parse(text: string, extra: CLanguageOptions = {}) {
  const result = parseC(text, resolveCLanguageOptions(extra), true);
  if (!result.ok) throw new Error(result.message);
  return result;
}

function nodesOfType(root: SyntaxNode, type: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === type) found.push(node);
    pending.push(...node.children);
  }
  return found;
}

describe("annotation macros", () => {
  it.each<[string, string, CLanguageOptions?]>([
    ["coroutine_fn", "static int coroutine_fn bdrv_co_flush(BlockDriverState *bs) { return 0; }"],
    ["GRAPH_RDLOCK", "int GRAPH_RDLOCK bdrv_refresh(BlockDriverState *bs) { return 1; }"],
    ["QEMU_DISABLE_CFI", "QEMU_DISABLE_CFI static void run(void) { f(); }"],
    ["__user", "long copy(void __user *to, const void *from) { return 0; }"],
    ["G_GNUC_PRINTF(...)", "void G_GNUC_PRINTF(2, 3) error_setg(Error **errp, const char *fmt, ...) { }"],
    ["user-configured", "static void MY_ANNOTATION go(void) { f(); }", { annotationMacros: ["MY_ANNOTATION"] }],
  ])("%s is blanked and the function parses without ERROR", (_name, code, extra = {}) => {
    const { ast, diagnostics } = parse(code, extra);
    expect(diagnostics.errorNodes).toBe(0);
    expect(nodesOfType(ast, "function_definition")).toHaveLength(1);
  });

  it("keeps offsets: the function name range points at the name in the original text", () => {
    const code = "int coroutine_fn G_GNUC_PRINTF(1, 2) named_function(const char *fmt, ...) { return 0; }";
    const { ast } = parse(code);
    const declarator = nodesOfType(ast, "function_declarator")[0]!;
    const name = declarator.children[0]!;
    expect(code.slice(name.range[0], name.range[1])).toBe("named_function");
  });

  it("does not blank the name being defined in #define", () => {
    const { ast } = parse("#define coroutine_fn __attribute__((__annotate__(\"coroutine_fn\")))\n");
    const define = nodesOfType(ast, "preproc_def")[0]!;
    expect(define.children[0]!.type).toBe("identifier");
  });
});

describe("foreach-style macros", () => {
  it.each([
    ["QLIST_FOREACH(v, &head, next) { v->x++; }"],
    ["QTAILQ_FOREACH_SAFE(req, &s->reqs, next, tmp) { free(req); }"],
    ["list_for_each_entry(pos, &head, list) { pos->x = 1; }"],
    ["WITH_QEMU_LOCK_GUARD(&s->lock) { s->x = 1; }"],
    ["hash_for_each_possible(tbl, obj, node, key) total += obj->x;"],
  ])("%s becomes one foreach_statement with a body", (statement) => {
    const { ast } = parse(`void f(void) {\n  int total = 0;\n  ${statement}\n  done();\n}\n`);
    const loops = nodesOfType(ast, "foreach_statement");
    expect(loops).toHaveLength(1);
    expect(loops[0]!.children.map((child) => child.field)).toEqual(["macro", "arguments", "body"]);
    expect(loops[0]!.children[0]!.type).toBe("identifier");
    expect(nodesOfType(ast, "ERROR")).toHaveLength(0);
  });

  it("leaves an ordinary call statement alone", () => {
    const { ast } = parse("void f(void) { QLIST_INIT(&head); { g(); } }");
    expect(nodesOfType(ast, "foreach_statement")).toHaveLength(0);
  });

  it("uses user-configured names", () => {
    const { ast } = parse("void f(void) { walk_items(it, list) { g(it); } }", { foreachMacros: ["walk_items"] });
    expect(nodesOfType(ast, "foreach_statement")).toHaveLength(1);
  });

  it.each([
    ["a block comment", "g();\n  /* Hold the lock while updating. */\n  "],
    ["a line comment", "g();\n  // Hold the lock while updating.\n  "],
    ["a comment right after the opening brace", "/* first */ "],
  ])("finds the macro after %s", (_name, before) => {
    const { ast } = parse(`void f(State *s) {\n  ${before}WITH_QEMU_LOCK_GUARD(&s->lock) { s->x = 1; }\n}\n`);
    expect(nodesOfType(ast, "foreach_statement")).toHaveLength(1);
  });

  it("leaves a macro call inside an expression alone even after a comment", () => {
    const { ast } = parse("void f(void) { int n = /* count */ QLIST_EMPTY(&head) + 1; g(n); }");
    expect(nodesOfType(ast, "foreach_statement")).toHaveLength(0);
  });
});

describe("error tolerance", () => {
  it("an #ifdef splitting a brace pair still yields a tree and a count of ERROR nodes", () => {
    const code = "void f(void)\n#ifdef A\n{ x = 1;\n#else\n{ x = 2;\n#endif\n}\nvoid g(void) { smp_wmb(); }\n";
    const { ast, diagnostics } = parse(code);
    expect(diagnostics.errorNodes + diagnostics.missingNodes).toBeGreaterThan(0);
    expect(nodesOfType(ast, "call_expression").length).toBeGreaterThan(0);
  });

  it("a file that is all ERROR parses ok with hasError set", () => {
    const result = parseC(")))) ]]]] }}}} @@@@ ((((", options, true);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.ast.hasError).toBe(true);
  });

  it("deeply nested expressions do not overflow the stack", () => {
    const depth = 20_000;
    const code = `int x = ${"(".repeat(depth)}1${")".repeat(depth)};`;
    const result = parseC(code, options, true);
    expect(result.ok).toBe(true);
  });
});
