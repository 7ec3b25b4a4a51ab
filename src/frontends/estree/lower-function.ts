import type { TSESTree } from "@typescript-eslint/types";
import type { Access, AccessOp, Dependency, IrEvent } from "../../analysis/ir/events.js";
import type { FieldKey } from "../../analysis/ir/field-key.js";
import type { AnalysisLimit } from "../../analysis/ir/function-ir.js";
import type { Order } from "../../analysis/ir/order.js";
import type { TypeInfo } from "../../analysis/ir/type-info.js";
import { childNodes, dottedName, isFunctionNode, siteOf, unwrapExpression, type Node } from "./estree.js";
import type { FunctionSite } from "./functions.js";
import { indexKey, locationKey, typedArrayKey } from "./keys.js";
import { lowerCall } from "./lower-call.js";
import { isSharedArray, type LoweringContext } from "./lowering-context.js";
import type { Place } from "./shared-memory.js";
import { recordPlainStore } from "./operand-facts.js";

export interface AccessSpec {
  key: FieldKey;
  op: AccessOp;
  order: Order;
  api: string;
  node: Node;
  type?: TypeInfo;
  addressLoads?: readonly string[];
  valueLoads?: readonly string[];
  rmwIsFullBarrier?: boolean;
  returnsValue?: boolean;
}

const MAX_EXPRESSION_DEPTH = 400;

/** Properties of a typed array or object that are not shared memory cells. */
const NOT_A_CELL = new Set(["length", "byteLength", "byteOffset", "buffer", "prototype", "constructor"]);

/**
 * Lowers one function's body to IR events in evaluation order. Expressions return the ids of the
 * loads their value depends on, so that addresses, stored values and conditions computed from a load
 * become address, value and control dependencies.
 */
export class FunctionLowerer {
  readonly place: Place;
  /** What this function's IR leaves out (see `FunctionIR.limits`). */
  readonly limits: AnalysisLimit[] = [];
  #ordinal = 0;
  /** Local binding -> loads its current value was computed from. */
  readonly #localLoads = new Map<string, readonly string[]>();
  readonly #controlLoads: (readonly string[])[] = [];
  #depth = 0;

  /** `qualifiedName` prefixes event ids (`worker.ts::consume#3`), as in the C front-end. */
  constructor(readonly context: LoweringContext, readonly site: FunctionSite, readonly qualifiedName: string) {
    this.place = context.model.placeOf(site.node);
  }

  lower(): IrEvent[] {
    const events: IrEvent[] = [];
    const node = this.site.node;
    if (node.type === "Program") this.statements(node.body, events);
    else if (node.body.type === "BlockStatement") this.statements(node.body.body, events);
    else this.expression(node.body, events);
    return events;
  }

  recordLimit(kind: AnalysisLimit["kind"], node: Node, detail: string): void {
    this.limits.push({ kind, site: siteOf(this.context.file, node), detail });
  }

  nextId(): string {
    this.#ordinal += 1;
    return `${this.qualifiedName}#${this.#ordinal}`;
  }

  emitAccess(out: IrEvent[], spec: AccessSpec): string {
    const dependsOn: Dependency[] = [];
    const seen = new Set<string>();
    const add = (loadId: string, via: Dependency["via"]) => {
      if (seen.has(`${via}:${loadId}`)) return;
      seen.add(`${via}:${loadId}`);
      dependsOn.push({ loadId, via });
    };
    for (const loadId of spec.addressLoads ?? []) add(loadId, "address");
    for (const loadId of spec.valueLoads ?? []) add(loadId, "value");
    for (const loads of this.#controlLoads) for (const loadId of loads) add(loadId, "control");
    const access: Access = {
      kind: "access",
      id: this.nextId(),
      key: spec.key,
      op: spec.op,
      order: spec.order,
      ...(spec.rmwIsFullBarrier !== undefined ? { rmwIsFullBarrier: spec.rmwIsFullBarrier } : {}),
      ...(spec.returnsValue !== undefined ? { returnsValue: spec.returnsValue } : {}),
      ...(spec.type ? { type: spec.type } : {}),
      api: spec.api,
      dependsOn,
      site: siteOf(this.context.file, spec.node),
    };
    out.push(access);
    return access.id;
  }

  statements(list: readonly Node[], out: IrEvent[]): void {
    for (const statement of list) this.statement(statement, out);
  }

  statement(node: Node, out: IrEvent[]): void {
    switch (node.type) {
      case "BlockStatement":
      case "StaticBlock":
        this.statements(node.body, out);
        return;
      case "ExpressionStatement":
        this.expression(node.expression, out);
        return;
      case "VariableDeclaration":
        for (const declarator of node.declarations) {
          if (!declarator.init) continue;
          const loads = this.expression(declarator.init, out);
          for (const name of boundNames(declarator.id)) this.#localLoads.set(name, loads);
        }
        return;
      case "IfStatement": {
        const id = this.nextId();
        const conditionLoads = this.expression(node.test, out);
        const arms = [this.#armOf(node.consequent, conditionLoads)];
        if (node.alternate) arms.push(this.#armOf(node.alternate, conditionLoads));
        out.push({ kind: "branch", id, conditionLoads: [...conditionLoads], arms, site: siteOf(this.context.file, node) });
        return;
      }
      case "SwitchStatement": {
        const id = this.nextId();
        const conditionLoads = [...this.expression(node.discriminant, out)];
        for (const switchCase of node.cases) if (switchCase.test) conditionLoads.push(...this.expression(switchCase.test, out));
        const arms = node.cases.map((switchCase) => {
          const arm: IrEvent[] = [];
          this.#withControl(conditionLoads, () => this.statements(switchCase.consequent, arm));
          return arm;
        });
        out.push({ kind: "branch", id, conditionLoads, arms, site: siteOf(this.context.file, node) });
        return;
      }
      case "WhileStatement":
      case "DoWhileStatement":
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
        this.#loop(node, out);
        return;
      case "TryStatement": {
        this.statement(node.block, out);
        if (node.handler) {
          const id = this.nextId();
          out.push({ kind: "branch", id, conditionLoads: [], arms: [this.#armOf(node.handler.body, [])], site: siteOf(this.context.file, node.handler) });
        }
        if (node.finalizer) this.statement(node.finalizer, out);
        return;
      }
      case "ReturnStatement":
      case "ThrowStatement":
        if (node.argument) this.expression(node.argument, out);
        out.push({ kind: "exit", id: this.nextId(), exitKind: "return", site: siteOf(this.context.file, node) });
        return;
      case "BreakStatement":
      case "ContinueStatement":
        out.push({ kind: "exit", id: this.nextId(), exitKind: node.type === "BreakStatement" ? "break" : "continue", site: siteOf(this.context.file, node) });
        return;
      case "LabeledStatement":
        this.statement(node.body, out);
        return;
      case "ExportNamedDeclaration":
        if (node.declaration) this.statement(node.declaration, out);
        return;
      case "ExportDefaultDeclaration":
        if (!isFunctionNode(node.declaration) && node.declaration.type !== "ClassDeclaration") this.#expressionOrStatement(node.declaration, out);
        return;
      default:
        return;
    }
  }

  #expressionOrStatement(node: Node, out: IrEvent[]): void {
    if (node.type.endsWith("Declaration")) this.statement(node, out);
    else this.expression(node, out);
  }

  #armOf(node: Node, conditionLoads: readonly string[]): IrEvent[] {
    const arm: IrEvent[] = [];
    this.#withControl(conditionLoads, () => this.statement(node, arm));
    return arm;
  }

  #withControl(loads: readonly string[], body: () => void): void {
    this.#controlLoads.push(loads);
    try {
      body();
    } finally {
      this.#controlLoads.pop();
    }
  }

  /** The condition is evaluated on every iteration, so its events open the loop body (close it for do-while). */
  #loop(node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement, out: IrEvent[]): void {
    if (node.type === "ForStatement" && node.init) this.#expressionOrStatement(node.init, out);
    let iterated: readonly string[] = [];
    if (node.type === "ForInStatement" || node.type === "ForOfStatement") iterated = this.expression(node.right, out);
    const id = this.nextId();
    const body: IrEvent[] = [];
    let conditionLoads: readonly string[] = [];
    if (node.type === "ForInStatement" || node.type === "ForOfStatement") {
      const left = node.left.type === "VariableDeclaration" ? node.left.declarations[0]?.id : node.left;
      if (left) for (const name of boundNames(left)) this.#localLoads.set(name, iterated);
    }
    if ((node.type === "WhileStatement" || node.type === "ForStatement") && node.test) conditionLoads = this.expression(node.test, body);
    this.#withControl(conditionLoads, () => {
      this.statement(node.body, body);
      if (node.type === "ForStatement" && node.update) this.expression(node.update, body);
    });
    if (node.type === "DoWhileStatement") conditionLoads = this.expression(node.test, body);
    const loopKind = node.type === "WhileStatement" ? "while" : node.type === "DoWhileStatement" ? "do" : node.type === "ForStatement" ? "for" : "foreach";
    out.push({ kind: "loop", id, loopKind, body, conditionLoads: [...new Set(conditionLoads)], site: siteOf(this.context.file, node) });
  }

  /** Lowers an expression's accesses into `out`; returns the loads its value depends on. */
  expression(node: Node, out: IrEvent[]): readonly string[] {
    // Nesting deeper than hand-written code (generated expressions) is cut rather than overflow the stack.
    if (this.#depth > MAX_EXPRESSION_DEPTH) return [];
    this.#depth += 1;
    try {
      return this.#expression(node, out);
    } finally {
      this.#depth -= 1;
    }
  }

  #expression(node: Node, out: IrEvent[]): readonly string[] {
    switch (node.type) {
      case "Identifier":
        return this.#localLoads.get(node.name) ?? [];
      case "Literal":
      case "ThisExpression":
      case "Super":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "ClassExpression":
        return [];
      case "CallExpression":
        return lowerCall(this, node, out);
      case "MemberExpression":
        return this.#memberRead(node, out);
      case "AssignmentExpression":
        return this.#assignment(node, out);
      case "UpdateExpression":
        if (node.argument.type === "MemberExpression" && this.#cellOf(node.argument)) {
          return this.#readModifyWrite(node.argument, node, [], out);
        }
        return this.expression(node.argument, out);
      default: {
        const loads: string[] = [];
        for (const child of childNodes(node)) loads.push(...this.expression(child, out));
        return loads;
      }
    }
  }

  /** A location a member expression names, when it is shared memory the IR records. */
  #cellOf(node: TSESTree.MemberExpression): { key: FieldKey; type?: TypeInfo } | undefined {
    const { model } = this.context;
    if (node.computed) {
      const array = model.typedArrayOf(node.object, this.place);
      if (!array || !isSharedArray(this.context, array)) return undefined;
      return { key: typedArrayKey(array, indexKey(model, node.property, this.place)), ...(array.type ? { type: array.type } : {}) };
    }
    if (!this.context.portMode || node.property.type !== "Identifier" || NOT_A_CELL.has(node.property.name)) return undefined;
    if (model.typedArrayOf(node, this.place)) return undefined;
    const root = rootIdentifier(node.object);
    if (root && root.type === "Identifier") {
      const declaration = model.scopes.resolve(root.name, this.place.scope);
      if (!declaration || declaration.declarationKind === "import" || declaration.declarationKind === "class" || declaration.declarationKind === "enum") return undefined;
    }
    const key = locationKey(model, node, this.place);
    return key ? { key } : undefined;
  }

  /**
   * Lowers the parts of a member expression that compute its address; returns the loads they read.
   * A named reference to the array (`flags`, `this.state`) is no access; a pointer field read on the
   * way (`this.head.next` in a port) is one.
   */
  addressLoads(node: TSESTree.MemberExpression, out: IrEvent[]): string[] {
    const object = unwrapExpression(node.object);
    const readsPointerField = object.type === "MemberExpression" && this.context.portMode && !this.context.model.typedArrayOf(object, this.place);
    const loads = readsPointerField || dottedName(object) === undefined ? [...this.expression(object, out)] : [...this.#rootLoads(object)];
    if (node.computed) loads.push(...this.expression(node.property, out));
    return loads;
  }

  #rootLoads(node: Node): readonly string[] {
    const root = rootIdentifier(node);
    return root?.type === "Identifier" ? this.#localLoads.get(root.name) ?? [] : [];
  }

  #memberRead(node: TSESTree.MemberExpression, out: IrEvent[]): readonly string[] {
    const cell = this.#cellOf(node);
    if (!cell) {
      const loads = [...this.expression(node.object, out)];
      if (node.computed) loads.push(...this.expression(node.property, out));
      return loads;
    }
    const addressLoads = this.addressLoads(node, out);
    return [this.emitAccess(out, { key: cell.key, op: "load", order: "plain", api: "plain", node, ...(cell.type ? { type: cell.type } : {}), addressLoads })];
  }

  #assignment(node: TSESTree.AssignmentExpression, out: IrEvent[]): readonly string[] {
    const target = unwrapExpression(node.left);
    if (target.type === "MemberExpression") {
      recordPlainStore(this, target, node.right, node);
      const cell = this.#cellOf(target);
      if (cell) {
        if (node.operator !== "=") return this.#readModifyWrite(target, node, [node.right], out);
        const addressLoads = this.addressLoads(target, out);
        const valueLoads = this.expression(node.right, out);
        this.emitAccess(out, { key: cell.key, op: "store", order: "plain", api: "plain", node: target, ...(cell.type ? { type: cell.type } : {}), addressLoads, valueLoads });
        return valueLoads;
      }
    }
    const valueLoads = [...this.expression(node.right, out)];
    if (target.type === "Identifier") {
      const previous = node.operator === "=" ? [] : this.#localLoads.get(target.name) ?? [];
      const loads = [...previous, ...valueLoads];
      this.#localLoads.set(target.name, loads);
      return loads;
    }
    if (target.type === "MemberExpression") this.expression(target, out);
    return valueLoads;
  }

  /** `a[i] += v`, `a[i]++`: a plain read and a plain write, not an atomic RMW. */
  #readModifyWrite(target: TSESTree.MemberExpression, node: Node, operands: readonly Node[], out: IrEvent[]): readonly string[] {
    const cell = this.#cellOf(target)!;
    const addressLoads = this.addressLoads(target, out);
    const typed = cell.type ? { type: cell.type } : {};
    const loadId = this.emitAccess(out, { key: cell.key, op: "load", order: "plain", api: "plain", node: target, ...typed, addressLoads });
    const valueLoads = [loadId];
    for (const operand of operands) valueLoads.push(...this.expression(operand, out));
    this.emitAccess(out, { key: cell.key, op: "store", order: "plain", api: "plain", node, ...typed, addressLoads, valueLoads });
    return valueLoads;
  }
}

function rootIdentifier(node: Node): Node | undefined {
  let current = unwrapExpression(node);
  while (current.type === "MemberExpression") current = unwrapExpression(current.object);
  return current.type === "Identifier" || current.type === "ThisExpression" ? current : undefined;
}

/** Names a declaration pattern binds. */
export function boundNames(pattern: Node): string[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "AssignmentPattern":
      return boundNames(pattern.left);
    case "RestElement":
      return boundNames(pattern.argument);
    case "ArrayPattern":
      return pattern.elements.flatMap((element) => (element ? boundNames(element) : []));
    case "ObjectPattern":
      return pattern.properties.flatMap((property) => boundNames(property.type === "RestElement" ? property : property.value));
    default:
      return [];
  }
}
