import type { AccessPrimitive, Primitive } from "../../src/analysis/dialects/primitive.js";
import { C11_ORDERS, GCC_ORDERS, statementsOf, type FunctionModel, type Program, type Statement, type Vocabulary } from "./program-model.js";

/** A rendered source file: its lines, and the lines before which a comment or blank line may go. */
export interface SourceFile {
  name: string;
  lines: string[];
  /** Indexes into `lines`: the start of a statement, a function or a declaration. */
  boundaries: number[];
}

export type Language = "c" | "ts";

/** One file holding the whole program, or (split) a shared part plus the functions of file 0 and file 1. */
export function render(program: Program, vocabulary: Vocabulary, language: Language, split: boolean): SourceFile[] {
  return language === "c" ? renderC(program, vocabulary, split) : renderTs(program, vocabulary, split);
}

class LineWriter {
  readonly lines: string[] = [];
  readonly boundaries: number[] = [];

  unit(...lines: string[]): void {
    this.boundaries.push(this.lines.length);
    this.lines.push(...lines);
  }

  file(name: string): SourceFile {
    return { name, lines: [...this.lines, ""], boundaries: [...this.boundaries, this.lines.length] };
  }
}

function renderC(program: Program, vocabulary: Vocabulary, split: boolean): SourceFile[] {
  const shared = new LineWriter();
  shared.unit("struct shared {", ...program.fields.map((field) => `    int ${field};`), "};");
  for (const fn of program.functions) shared.unit(`void ${fn.name}(struct shared *s);`);
  const cFile = (functions: readonly FunctionModel[], prelude: LineWriter) => {
    for (const fn of functions) writeCFunction(prelude, fn, program, vocabulary);
    return prelude;
  };
  if (!split) return [cFile(program.functions, shared).file("program.c")];
  const files = [shared.file("shared.h")];
  for (const index of [0, 1] as const) {
    const writer = new LineWriter();
    writer.unit("#include \"shared.h\"");
    files.push(cFile(program.functions.filter((fn) => fn.file === index), writer).file(`part${index}.c`));
  }
  return files;
}

function writeCFunction(writer: LineWriter, fn: FunctionModel, program: Program, vocabulary: Vocabulary): void {
  writer.unit(`void ${fn.name}(struct shared *s)`, "{");
  let locals = 0;
  const block = (statements: readonly Statement[], depth: number) => {
    const pad = "    ".repeat(depth);
    for (const statement of statements) {
      const field = "field" in statement ? program.fields[statement.field]! : "";
      switch (statement.kind) {
        case "atomic": {
          const call = cCall(statement.primitive, vocabulary.primitives.get(statement.primitive)!, field, statement.order);
          const primitive = vocabulary.primitives.get(statement.primitive) as AccessPrimitive;
          writer.unit(primitive.op === "store" ? `${pad}${call};` : `${pad}int v${locals++} = ${call};`);
          break;
        }
        case "plain-load":
          writer.unit(`${pad}int v${locals++} = s->${field};`);
          break;
        case "plain-store":
          // The last local read, when there is one: the stored value depends on that load.
          writer.unit(`${pad}s->${field} = ${locals > 0 ? `v${locals - 1}` : "1"};`);
          break;
        case "fence": {
          const call = cCall(statement.primitive, vocabulary.primitives.get(statement.primitive)!, "", statement.order);
          writer.unit(...pairingComment(statement, program, pad, "/* ", " */"), `${pad}${call};`);
          break;
        }
        case "if":
        case "loop": {
          const test = cCall(statement.primitive, vocabulary.primitives.get(statement.primitive)!, field, 3);
          writer.unit(statement.kind === "if" ? `${pad}if (${test}) {` : `${pad}while (!${test}) {`);
          block(statement.body, depth + 1);
          if (statement.kind === "if" && statement.otherwise) {
            writer.unit(`${pad}} else {`);
            block(statement.otherwise, depth + 1);
          }
          writer.unit(`${pad}}`);
          break;
        }
        case "return":
          writer.unit(`${pad}return;`);
          break;
        case "call":
          writer.unit(`${pad}${program.functions[statement.callee]!.name}(s);`);
          break;
      }
    }
  };
  block(fn.body, 1);
  writer.unit("}");
}

/** "Pairs with smp_rmb() in reader()." above a fence, when the statement has one. */
function pairingComment(statement: Extract<Statement, { kind: "fence" }>, program: Program, pad: string, open: string, close: string): string[] {
  if (statement.comment === undefined) return [];
  const partner = statement.claims === undefined ? "the barrier" : `${statement.claims}()`;
  return [`${pad}${open}Pairs with ${partner} in ${program.functions[statement.comment]!.name}().${close}`];
}

/** A call of a C primitive with its location, value and memory-order arguments where its table says. */
function cCall(name: string, primitive: Primitive, field: string, order: number): string {
  const orders = name.startsWith("__atomic") ? GCC_ORDERS : C11_ORDERS;
  if (primitive.kind === "fence") return primitive.orderArg === undefined ? `${name}()` : `${name}(${orders[order]})`;
  const count = Math.max(primitive.addressArg + (primitive.op === "load" ? 1 : 2), (primitive.orderArg ?? -1) + 1);
  const args = Array.from({ length: count }, (_unused, index) =>
    index === primitive.addressArg ? (primitive.addressForm === "lvalue" ? `s->${field}` : `&s->${field}`)
      : index === primitive.orderArg ? orders[order]! : "1");
  return `${name}(${args.join(", ")})`;
}

function renderTs(program: Program, vocabulary: Vocabulary, split: boolean): SourceFile[] {
  const layout = new LineWriter();
  layout.unit("export class Shared {", ...program.fields.map((field) => `  ${field} = new Int32Array(new SharedArrayBuffer(16));`), "}");
  const tsFile = (functions: readonly FunctionModel[], writer: LineWriter, imports: (fn: string) => string | undefined) => {
    const used = new Set(functions.flatMap((fn) => statementsOf(fn.body)).flatMap((statement) =>
      statement.kind === "fence" ? [statement.primitive] : []));
    for (const fence of [...used].sort()) writer.unit(`declare function ${fence}(): void;`);
    const called = new Set(functions.flatMap((fn) => statementsOf(fn.body)).flatMap((statement) =>
      statement.kind === "call" ? [program.functions[statement.callee]!.name] : []));
    for (const name of [...called].sort()) {
      const from = imports(name);
      if (from) writer.unit(`import { ${name} } from "./${from}.js";`);
    }
    for (const fn of functions) writeTsFunction(writer, fn, program, vocabulary);
    return writer;
  };
  if (!split) return [tsFile(program.functions, layout, () => undefined).file("program.ts")];
  const files = [layout.file("layout.ts")];
  for (const index of [0, 1] as const) {
    const writer = new LineWriter();
    writer.unit("import { Shared } from \"./layout.js\";");
    const fileOf = (name: string) => program.functions.find((fn) => fn.name === name)!.file;
    files.push(tsFile(program.functions.filter((fn) => fn.file === index), writer, (name) => (fileOf(name) === index ? undefined : `part${fileOf(name)}`)).file(`part${index}.ts`));
  }
  return files;
}

function writeTsFunction(writer: LineWriter, fn: FunctionModel, program: Program, vocabulary: Vocabulary): void {
  writer.unit(`export function ${fn.name}(s: Shared): void {`);
  let locals = 0;
  const block = (statements: readonly Statement[], depth: number) => {
    const pad = "  ".repeat(depth);
    for (const statement of statements) {
      const field = "field" in statement ? program.fields[statement.field]! : "";
      switch (statement.kind) {
        case "atomic": {
          const primitive = vocabulary.primitives.get(statement.primitive) as AccessPrimitive;
          const call = tsCall(statement.primitive, field);
          writer.unit(primitive.op === "store" ? `${pad}${call};` : `${pad}const v${locals++} = ${call};`);
          break;
        }
        case "plain-load":
          writer.unit(`${pad}const v${locals++} = s.${field}[0];`);
          break;
        case "plain-store":
          writer.unit(`${pad}s.${field}[0] = ${locals > 0 ? `Number(v${locals - 1})` : "1"};`);
          break;
        case "fence":
          writer.unit(...pairingComment(statement, program, pad, "// ", ""), `${pad}${statement.primitive}();`);
          break;
        case "if":
        case "loop":
          writer.unit(statement.kind === "if" ? `${pad}if (${tsCall(statement.primitive, field)}) {` : `${pad}while (!${tsCall(statement.primitive, field)}) {`);
          block(statement.body, depth + 1);
          if (statement.kind === "if" && statement.otherwise) {
            writer.unit(`${pad}} else {`);
            block(statement.otherwise, depth + 1);
          }
          writer.unit(`${pad}}`);
          break;
        case "return":
          writer.unit(`${pad}return;`);
          break;
        case "call":
          writer.unit(`${pad}${program.functions[statement.callee]!.name}(s);`);
          break;
      }
    }
  };
  block(fn.body, 1);
  writer.unit("}");
}

/** `Atomics.op(s.field, 0, ...)` with the value arguments its operation takes. */
function tsCall(name: string, field: string): string {
  const values = name === "Atomics.load" ? [] : name === "Atomics.compareExchange" ? ["0", "1"] : name === "Atomics.notify" ? [] : ["1"];
  return `${name}(${[`s.${field}`, "0", ...values].join(", ")})`;
}

export const textOf = (file: SourceFile): string => file.lines.join("\n");
