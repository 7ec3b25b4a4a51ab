import fc from "fast-check";
import { resolveDialect } from "../../src/analysis/dialects/registry.js";
import type { AccessPrimitive, Primitive } from "../../src/analysis/dialects/primitive.js";

/**
 * A generated concurrent program, independent of the language it is written in: functions (threads
 * and their helpers) over the fields of one shared structure, made of the primitives of a dialect.
 */
export interface Program {
  /** Field names; renaming one everywhere must change no verdict. */
  fields: string[];
  functions: FunctionModel[];
}

export interface FunctionModel {
  name: string;
  /** Which of the two source files holds it, when the program is split. */
  file: 0 | 1;
  body: Statement[];
}

export type Statement =
  | { kind: "atomic"; primitive: string; field: number; order: number }
  | { kind: "plain-load"; field: number }
  | { kind: "plain-store"; field: number }
  /**
   * A fence; `comment` names the function its partner is in, as QEMU's "pairs with" comments do, and
   * `claims` the barrier it pairs with there.
   */
  | { kind: "fence"; primitive: string; order: number; comment?: number; claims?: string }
  | { kind: "if"; primitive: string; field: number; body: Statement[]; otherwise?: Statement[] }
  | { kind: "return" }
  | { kind: "loop"; primitive: string; field: number; body: Statement[] }
  | { kind: "call"; callee: number };

/** The primitives of a dialect, sorted by what they do, that the generator draws from. */
export interface Vocabulary {
  primitives: ReadonlyMap<string, Primitive>;
  fences: string[];
  loads: string[];
  stores: string[];
  rmws: string[];
}

/** Names the generator uses must not collide with the dialects' own or with C keywords. */
const FIELD_NAMES = ["fld_head", "fld_tail", "fld_data", "fld_flag", "fld_count"];
const FUNCTION_NAMES = ["worker_put", "worker_get", "worker_poll", "worker_sync"];

export function vocabularyOf(dialectIds: readonly string[], accept: (name: string, primitive: Primitive) => boolean = () => true): Vocabulary {
  const primitives = new Map([...resolveDialect(dialectIds).primitives].filter(([name, primitive]) => accept(name, primitive)));
  const names = [...primitives.keys()].sort();
  const accessesDoing = (op: AccessPrimitive["op"]) =>
    names.filter((name) => { const primitive = primitives.get(name)!; return primitive.kind === "access" && primitive.op === op && primitive.externalMemory === undefined; });
  return {
    primitives,
    fences: names.filter((name) => primitives.get(name)!.kind === "fence"),
    loads: accessesDoing("load"),
    stores: accessesDoing("store"),
    rmws: accessesDoing("rmw"),
  };
}

/** Programs of 2-4 functions over 2-4 fields, blocks of up to 5 statements, nested at most twice. */
export function programArbitrary(vocabulary: Vocabulary): fc.Arbitrary<Program> {
  const fieldCount = fc.integer({ min: 2, max: 4 });
  const functionCount = fc.integer({ min: 2, max: 4 });
  return fc.tuple(fieldCount, functionCount).chain(([fields, functions]) => {
    const statement = statementArbitrary(vocabulary, fields, functions);
    const fn = fc.record({ file: fc.constantFrom<0 | 1>(0, 1), body: fc.array(statement, { minLength: 1, maxLength: 5 }) });
    return fc.array(fn, { minLength: functions, maxLength: functions }).map((bodies) => ({
      fields: FIELD_NAMES.slice(0, fields),
      functions: bodies.map((body, index) => ({ name: FUNCTION_NAMES[index]!, ...body })),
    }));
  });
}

function statementArbitrary(vocabulary: Vocabulary, fields: number, functions: number): fc.Arbitrary<Statement> {
  const field = fc.integer({ min: 0, max: fields - 1 });
  const order = fc.nat({ max: 3 });
  const accesses = [...vocabulary.loads, ...vocabulary.stores, ...vocabulary.rmws];
  const leaves: fc.Arbitrary<Statement>[] = [
    fc.record({ kind: fc.constant("plain-load" as const), field }),
    fc.record({ kind: fc.constant("plain-store" as const), field }),
    fc.record({ kind: fc.constant("call" as const), callee: fc.integer({ min: 0, max: functions - 1 }) }),
  ];
  if (accesses.length > 0) leaves.push(fc.record({ kind: fc.constant("atomic" as const), primitive: fc.constantFrom(...accesses), field, order }));
  if (vocabulary.fences.length > 0) {
    const fence = fc.constantFrom(...vocabulary.fences);
    leaves.push(fc.record(
      { kind: fc.constant("fence" as const), primitive: fence, order, comment: fc.integer({ min: 0, max: functions - 1 }), claims: fence },
      { requiredKeys: ["kind", "primitive", "order"] },
    ));
  }
  const leaf = fc.oneof(...leaves.map((arbitrary) => ({ arbitrary, weight: 4 })), { arbitrary: fc.constant({ kind: "return" as const }), weight: 1 });
  if (vocabulary.loads.length === 0) return leaf;
  const load = fc.constantFrom(...vocabulary.loads);
  const { tree } = fc.letrec<{ tree: Statement; block: Statement[] }>((tie) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { arbitrary: leaf, weight: 6 },
      {
        arbitrary: fc.record({ kind: fc.constant("if" as const), primitive: load, field, body: tie("block"), otherwise: tie("block") }, { requiredKeys: ["kind", "primitive", "field", "body"] }),
        weight: 1,
      },
      { arbitrary: fc.record({ kind: fc.constant("loop" as const), primitive: load, field, body: tie("block") }), weight: 1 },
    ),
    block: fc.array(tie("tree"), { minLength: 1, maxLength: 3, depthIdentifier: "block" }),
  }));
  return tree;
}

/** Memory orders for primitives that take one, indexed by `order` of a statement. */
export const C11_ORDERS = ["memory_order_relaxed", "memory_order_acquire", "memory_order_release", "memory_order_seq_cst"];
export const GCC_ORDERS = ["__ATOMIC_RELAXED", "__ATOMIC_ACQUIRE", "__ATOMIC_RELEASE", "__ATOMIC_SEQ_CST"];

/** The program with field `from` called `to` everywhere. */
export function renameField(program: Program, from: number, to: string): Program {
  return { ...program, fields: program.fields.map((name, index) => (index === from ? to : name)) };
}

/** Every statement of a block, nested ones included. */
export function statementsOf(block: readonly Statement[]): Statement[] {
  return block.flatMap((statement) => [
    statement,
    ...("body" in statement ? statementsOf(statement.body) : []),
    ...(statement.kind === "if" && statement.otherwise ? statementsOf(statement.otherwise) : []),
  ]);
}
