import type { Access, Branch, BranchTest, Dependency, Fence, IrEvent, Loop } from "../../analysis/ir/events.js";
import type { Site } from "../../analysis/ir/site.js";
import type { SyntaxNode } from "../../languages/c/syntax-node.js";
import type { LineIndex } from "../../languages/c/line-index.js";
import { NO_LOADS, type LoadSet } from "./values.js";

type NewAccess = Omit<Access, "kind" | "id" | "dependsOn" | "site">;

/** A loop whose body is being lowered. */
export interface OpenLoop {
  readonly loop: Loop;
  readonly outer: IrEvent[];
}

/** A branch whose arms are being lowered. */
export interface OpenBranch {
  readonly branch: Branch;
  readonly outer: IrEvent[];
  readonly controlDepth: number;
}

/**
 * Collects one function's events in evaluation order, with the loop/branch structure. Ids are
 * provisional until `finish()`, which drops empty branches/loops and numbers events in preorder.
 */
export class EventBuilder {
  readonly #file: string;
  readonly #lines: LineIndex;
  readonly #qualifiedName: string;
  readonly #root: IrEvent[] = [];
  #current: IrEvent[] = this.#root;
  #counter = 0;
  /** Loads that the enclosing branch and loop conditions read, innermost last. */
  readonly #control: LoadSet[] = [];

  constructor(file: string, lines: LineIndex, qualifiedName: string) {
    this.#file = file;
    this.#lines = lines;
    this.#qualifiedName = qualifiedName;
  }

  site(node: SyntaxNode): Site {
    const start = this.#lines.position(node.range[0]);
    const end = this.#lines.position(node.range[1]);
    return { file: this.#file, range: [node.range[0], node.range[1]], line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  #nextId(): string {
    return `${this.#qualifiedName}#${++this.#counter}`;
  }

  access(node: SyntaxNode, fields: NewAccess, addressDeps: LoadSet, valueDeps: LoadSet): string {
    const id = this.#nextId();
    const dependsOn: Dependency[] = [];
    const seen = new Set<string>();
    const add = (loads: LoadSet, via: Dependency["via"]): void => {
      for (const loadId of loads) {
        if (seen.has(`${via}:${loadId}`)) continue;
        seen.add(`${via}:${loadId}`);
        dependsOn.push({ loadId, via });
      }
    };
    add(addressDeps, "address");
    add(valueDeps, "value");
    for (const loads of this.#control) add(loads, "control");
    this.#current.push({ kind: "access", id, ...fields, dependsOn, site: this.site(node) });
    return id;
  }

  fence(node: SyntaxNode, fence: Omit<Fence, "kind" | "id" | "site">): void {
    this.#current.push({ kind: "fence", id: this.#nextId(), ...fence, site: this.site(node) });
  }

  call(node: SyntaxNode, callee: string): void {
    this.#current.push({ kind: "call", id: this.#nextId(), callee, site: this.site(node) });
  }

  exit(node: SyntaxNode, exitKind: "return" | "break" | "continue" | "goto"): void {
    this.#current.push({ kind: "exit", id: this.#nextId(), exitKind, site: this.site(node) });
  }

  /** Events go to a new loop's body until `closeLoop`: lowering opens and closes it around the body's steps, without recursion. */
  openLoop(node: SyntaxNode, loopKind: Loop["loopKind"], macro?: string): OpenLoop {
    const loop: Loop = {
      kind: "loop", id: this.#nextId(), loopKind, ...(macro ? { macro } : {}), body: [], conditionLoads: [], site: this.site(node),
    };
    this.#current.push(loop);
    const open = { loop, outer: this.#current };
    this.#current = loop.body;
    return open;
  }

  closeLoop(open: OpenLoop, conditionLoads: LoadSet): void {
    open.loop.conditionLoads = [...conditionLoads];
    this.#current = open.outer;
  }

  /**
   * A branch whose arms are alternatives (an `if` without `else` has an empty second arm). Returns
   * whether some arm ends by leaving (return, break, continue, goto).
   */
  branch(node: SyntaxNode, conditionLoads: LoadSet, arms: readonly (() => void)[]): boolean {
    const open = this.openBranch(node, conditionLoads);
    try {
      for (const lowerArm of arms) {
        const arm = this.openArm(open);
        try {
          lowerArm();
        } finally {
          this.closeArm(open, arm);
        }
      }
    } finally {
      this.closeBranch(open);
    }
    return this.leaves(open);
  }

  /** A branch whose arms are added one by one with `openArm`/`closeArm`, then `closeBranch`. */
  openBranch(node: SyntaxNode, conditionLoads: LoadSet, test?: BranchTest): OpenBranch {
    const branch: Branch = { kind: "branch", id: this.#nextId(), conditionLoads: [...conditionLoads], ...(test ? { test } : {}), arms: [], site: this.site(node) };
    this.#current.push(branch);
    return { branch, outer: this.#current, controlDepth: this.enterControl(conditionLoads) };
  }

  /** Events go to a new arm; returns the control depth `closeArm` restores. */
  openArm(open: OpenBranch): number {
    const arm: IrEvent[] = [];
    open.branch.arms.push(arm);
    this.#current = arm;
    return this.enterControl(NO_LOADS);
  }

  closeArm(open: OpenBranch, armControlDepth: number): void {
    this.leaveControl(armControlDepth);
    this.#current = open.outer;
  }

  closeBranch(open: OpenBranch): void {
    this.leaveControl(open.controlDepth);
  }

  /** Whether some arm of the branch ends by leaving (return, break, continue, goto). */
  leaves(open: OpenBranch): boolean {
    return open.branch.arms.some((arm) => arm[arm.length - 1]?.kind === "exit");
  }

  /** Runs `run` with `loads` controlling its accesses; whatever `run` adds to the control stays inside. */
  withControl<T>(loads: LoadSet, run: () => T): T {
    const depth = this.enterControl(loads);
    try {
      return run();
    } finally {
      this.leaveControl(depth);
    }
  }

  /** Adds `loads` to the control until `leaveControl` with the returned depth (which also drops what was added since). */
  enterControl(loads: LoadSet): number {
    const depth = this.#control.length;
    if (loads.size > 0) this.#control.push(loads);
    return depth;
  }

  leaveControl(depth: number): void {
    this.#control.length = depth;
  }

  /**
   * After `if (!ready) return;` the rest of the enclosing block runs only when the condition let it
   * through: it is control-dependent on the condition's loads until the block ends.
   */
  controlRestOfBlock(loads: LoadSet): void {
    if (loads.size > 0) this.#control.push(loads);
  }

  finish(): IrEvent[] {
    const pruned = prune(this.#root);
    renumber(pruned, this.#qualifiedName);
    return pruned;
  }
}

/** Branches with only empty arms and loops with empty bodies say nothing about shared memory. */
function prune(events: IrEvent[]): IrEvent[] {
  const kept: IrEvent[] = [];
  for (const event of events) {
    if (event.kind === "loop") {
      event.body = prune(event.body);
      if (event.body.length === 0) continue;
    } else if (event.kind === "branch") {
      event.arms = event.arms.map(prune);
      if (event.arms.every((arm) => arm.length === 0)) continue;
    }
    kept.push(event);
  }
  return kept;
}

const VIA_ORDER: Readonly<Record<Dependency["via"], number>> = { address: 0, value: 1, control: 2 };

function renumber(events: IrEvent[], qualifiedName: string): void {
  const newIds = new Map<string, string>();
  let counter = 0;
  const assign = (list: IrEvent[]): void => {
    for (const event of list) {
      const id = `${qualifiedName}#${++counter}`;
      newIds.set(event.id, id);
      event.id = id;
      if (event.kind === "loop") assign(event.body);
      else if (event.kind === "branch") for (const arm of event.arms) assign(arm);
    }
  };
  assign(events);
  const ordinal = (id: string): number => Number(id.slice(id.lastIndexOf("#") + 1));
  const rewrite = (ids: string[]): string[] => ids
    .map((id) => newIds.get(id))
    .filter((id): id is string => id !== undefined)
    .sort((a, b) => ordinal(a) - ordinal(b));
  const fix = (list: IrEvent[]): void => {
    for (const event of list) {
      if (event.kind === "access") {
        event.dependsOn = event.dependsOn
          .map((dependency) => ({ ...dependency, loadId: newIds.get(dependency.loadId) ?? "" }))
          .filter((dependency) => dependency.loadId !== "")
          .sort((a, b) => VIA_ORDER[a.via] - VIA_ORDER[b.via] || ordinal(a.loadId) - ordinal(b.loadId));
      } else if (event.kind === "loop") {
        event.conditionLoads = rewrite(event.conditionLoads);
        fix(event.body);
      } else if (event.kind === "branch") {
        event.conditionLoads = rewrite(event.conditionLoads);
        const load = event.test && newIds.get(event.test.loadId);
        if (event.test && load) event.test = { ...event.test, loadId: load };
        else delete event.test;
        for (const arm of event.arms) fix(arm);
      }
    }
  };
  fix(events);
}
