import type {
  Access, AccessOp, Dependency, FenceKind, FileIR, FunctionIR, IrEvent, Order, Site,
} from "../../../src/analysis/ir/index.js";

/**
 * A small builder of hand-written IR for the pairing tests: each event gets its own line, so that
 * sites are predictable (`line` = position of the event in the file, starting at 1).
 */
export interface AccessOptions {
  order?: Order;
  api?: string;
  rmwIsFullBarrier?: boolean;
  /** Ids of loads this access's address is computed from. */
  addressOf?: string[];
}

const FENCE_API: Record<FenceKind, string> = {
  compiler: "barrier", rmb: "smp_rmb", wmb: "smp_wmb", mb: "smp_mb", acquire: "smp_mb_acquire",
  release: "smp_mb_release", "read-depends": "smp_read_barrier_depends",
  "before-rmw": "smp_mb__before_rmw", "after-rmw": "smp_mb__after_rmw",
};

const DEFAULT_API: Record<AccessOp, Partial<Record<Order, string>>> = {
  load: { plain: "plain", once: "qatomic_read", acquire: "qatomic_load_acquire", consume: "qatomic_rcu_read", seqcst: "atomic_load", mb: "atomic_mb_read" },
  store: { plain: "plain", once: "qatomic_set", release: "qatomic_store_release", seqcst: "atomic_store", mb: "qatomic_set_mb" },
  rmw: { seqcst: "qatomic_or", once: "atomic_inc" },
};

export class BodyBuilder {
  readonly events: IrEvent[] = [];

  constructor(private readonly file: FileBuilder, private readonly functionName: string, private readonly counter: { next: number }) {}

  private id(): string {
    return `${this.functionName}#${this.counter.next++}`;
  }

  private access(op: AccessOp, key: string, options: AccessOptions): string {
    const order = options.order ?? (op === "rmw" ? "seqcst" : "plain");
    const access: Access = {
      kind: "access", id: this.id(), op, order,
      key: { id: key, confidence: key.startsWith("?.") ? "owner-unknown" : "exact" },
      api: options.api ?? DEFAULT_API[op][order] ?? "plain",
      dependsOn: (options.addressOf ?? []).map((loadId): Dependency => ({ loadId, via: "address" })),
      site: this.file.nextSite(),
      ...(options.rmwIsFullBarrier !== undefined ? { rmwIsFullBarrier: options.rmwIsFullBarrier } : {}),
    };
    this.events.push(access);
    return access.id;
  }

  load(key: string, options: AccessOptions = {}): string {
    return this.access("load", key, options);
  }

  store(key: string, options: AccessOptions = {}): string {
    return this.access("store", key, options);
  }

  rmw(key: string, options: AccessOptions = {}): string {
    return this.access("rmw", key, options);
  }

  fence(fence: FenceKind, api = FENCE_API[fence], flavour: "smp" | "mandatory" | "dma" | "virt" = "smp"): string {
    const id = this.id();
    this.events.push({ kind: "fence", id, fence, flavour, api, site: this.file.nextSite() });
    return id;
  }

  call(callee: string): string {
    const id = this.id();
    this.events.push({ kind: "call", id, callee, site: this.file.nextSite() });
    return id;
  }

  branch(...arms: ((body: BodyBuilder) => void)[]): void {
    const id = this.id();
    const site = this.file.nextSite();
    const built = arms.map((arm) => {
      const body = new BodyBuilder(this.file, this.functionName, this.counter);
      arm(body);
      return body.events;
    });
    this.events.push({ kind: "branch", id, conditionLoads: [], arms: built, site });
  }

  loop(body: (builder: BodyBuilder) => void, loopKind: "for" | "while" | "do" | "foreach" = "for"): void {
    const id = this.id();
    const site = this.file.nextSite();
    const inner = new BodyBuilder(this.file, this.functionName, this.counter);
    body(inner);
    this.events.push({ kind: "loop", id, loopKind, body: inner.events, conditionLoads: [], site });
  }

  exit(exitKind: "return" | "break" | "continue" | "goto" = "return"): void {
    this.events.push({ kind: "exit", id: this.id(), exitKind, site: this.file.nextSite() });
  }
}

export interface FunctionOptions {
  isStatic?: boolean;
  isPrimitiveWrapper?: boolean;
  hasParseErrors?: boolean;
}

export class FileBuilder {
  private line = 0;
  readonly functions: FunctionIR[] = [];

  constructor(readonly file: string) {}

  nextSite(): Site {
    this.line++;
    const start = this.line * 100;
    return { file: this.file, range: [start, start + 10], line: this.line, column: 2, endLine: this.line, endColumn: 12 };
  }

  fn(name: string, body: (builder: BodyBuilder) => void, options: FunctionOptions = {}): FunctionIR {
    const site = this.nextSite();
    const builder = new BodyBuilder(this, name, { next: 0 });
    body(builder);
    const fn: FunctionIR = {
      name,
      qualifiedName: options.isStatic ? `${this.file}::${name}` : name,
      isStatic: options.isStatic ?? false,
      isPrimitiveWrapper: options.isPrimitiveWrapper ?? false,
      hasParseErrors: options.hasParseErrors ?? false,
      body: builder.events,
      site: { ...site, range: [site.range[0], this.line * 100 + 50], endLine: this.line },
    };
    this.functions.push(fn);
    return fn;
  }

  build(): FileIR {
    return {
      file: this.file, functions: this.functions, definedMacros: [],
      diagnostics: { errorNodes: 0, functionsWithErrors: this.functions.filter((fn) => fn.hasParseErrors).length },
      types: { structs: {}, typedefs: {} },
    };
  }
}
