import type { AnalysisInput } from "../analysis-input.js";
import type { Checker } from "../checker.js";
import type { Finding, RelatedLocation } from "../findings.js";
import type { Access } from "../ir/events.js";
import { overlayScope, type CodeScope } from "../pairing/code-scope.js";
import { locationText } from "../pairing/describe.js";
import { cSuggestions } from "./c-suggestions.js";
import { fieldDeclaration } from "./field-declarations.js";
import { CSyntaxFacts } from "./c-syntax-facts.js";
import { cFixNames, JS_FIX_NAMES } from "./fix-names.js";
import {
  beforeAnyPublication, callsAnyOf, isFinalizerName, isInitializerName, publicationBetween, storeAfterAllocationCall,
} from "./initialization.js";
import { jsSuggestions } from "./js-suggestions.js";
import { FileKeyUsage, isAtomicAccess, projectKeyUsage, type AccessSite } from "./key-usage.js";
import { guardLoopsOfIR, LockFacts } from "./lock-regions.js";
import { mixedAccessOptionsFor, withDialectLocking, type MixedAccessOptions } from "./mixed-access-options.js";
import { otherProgramFiles } from "./programs.js";
import { ThreadPhases } from "./thread-phases.js";

export const MIXED_ATOMIC_ACCESS = "mixed-atomic-access";

/** Atomic sites listed as related locations, at most. */
const MAX_RELATED = 3;

/** Whether an atomic access changes the location (`Atomics.notify()` is an RMW in the IR but writes nothing). */
function writes(site: AccessSite): boolean {
  return site.access.op !== "load" && site.access.api !== "Atomics.notify";
}

const WHAT: Readonly<Record<Access["op"], string>> = { load: "read", store: "write", rmw: "read-modify-write" };

/**
 * Plain reads and writes of the linted file to a location that is elsewhere accessed atomically.
 * Left out: set-up of an object before it is published and tear-down after its last reference,
 * accesses made while the threads that race on them are not running, accesses under a lock when
 * every access they race with is under a lock too, accesses in files of another program, and the
 * bodies of primitive wrappers.
 */
export const mixedAtomicAccessChecker: Checker = {
  name: "mixed-access/mixed-atomic-access",
  rules: [MIXED_ATOMIC_ACCESS],
  check(input: AnalysisInput): Finding[] {
    return new MixedAccessCheck(input).run();
  },
};

class MixedAccessCheck {
  private readonly options: MixedAccessOptions;
  private readonly usage: FileKeyUsage;
  private readonly syntax: CSyntaxFacts | undefined;
  private lockFacts?: LockFacts;
  private threadPhases?: ThreadPhases;
  private codeScope?: CodeScope;
  private readonly keyFiles = new Map<string, string | null>();
  private readonly otherPrograms: ReadonlySet<string>;

  constructor(private readonly input: AnalysisInput) {
    this.options = withDialectLocking(mixedAccessOptionsFor(input.syntax.ast), input.options.dialect.locking);
    this.usage = new FileKeyUsage(projectKeyUsage(input.project), input.fileIR);
    this.otherPrograms = otherProgramFiles(input.project, input.fileIR);
    this.syntax = input.syntax.language === "c" ? new CSyntaxFacts(input.syntax.text, input.syntax.ast, this.options) : undefined;
  }

  run(): Finding[] {
    const findings: Finding[] = [];
    const candidates: [string, AccessSite[], AccessSite[]][] = [];
    for (const [key, sites] of this.usage.local()) {
      // The IR recovered from a function with parse errors may misname what it accesses.
      const plain = sites.filter((site) => !isAtomicAccess(site.access) && !site.fn.isPrimitiveWrapper && !site.fn.hasParseErrors
        && !this.syntax?.isMacroDeclaredLocal(site.access));
      if (plain.length === 0) continue;
      const atomic = this.usage.atomicSitesOf(key).filter((site) => this.inProgram(site));
      // Declarations are read from the struct's files: only for the keys that are accessed atomically at all.
      const nonVolatile = atomic.length > 0 ? plain.filter((site) => !this.isVolatileField(key, site.access)) : [];
      if (nonVolatile.length > 0) candidates.push([key, nonVolatile, atomic]);
    }
    if (candidates.length === 0) return findings;
    this.usage.prepare(candidates.map(([key]) => key));
    for (const [key, plain, atomic] of candidates) {
      for (const site of plain) {
        const sameElement = this.sameElement(key, site, atomic);
        if (sameElement.length === 0) continue;
        // A read races only with a write: atomic reads alone (the writers store through a pointer the
        // analysis cannot follow, or are plain and reported themselves) make no race with it.
        if (site.access.op === "load" && !sameElement.some(writes)) continue;
        if (this.options.ignoreInitialization && this.isPrivate(key, site)) continue;
        if (this.isCopyOfAnotherObject(site, sameElement)) continue;
        if (this.options.ignoreOwnerReads && this.isOwnerRead(key, site)) continue;
        const unlocked = this.unlockedRace(key, site);
        if (unlocked === null) continue;
        const suggestions = [...jsSuggestions(this.input, site, atomic), ...cSuggestions(this.input, site)];
        findings.push({ ...this.finding(site, sameElement, unlocked), ...(suggestions.length > 0 ? { suggestions } : {}) });
      }
    }
    return findings.sort((a, b) => a.site.range[0] - b.site.range[0]);
  }

  /**
   * A field declared `volatile` (DPDK's ring head and tail, a spinlock's `locked`): each access is a
   * volatile access, which the compiler neither tears (for a field no wider than a pointer), fuses nor
   * hoists, as `READ_ONCE()` and `qatomic_read()` do.
   */
  private isVolatileField(key: string, access: Access): boolean {
    // A width the analysis does not know (the struct was not read) is taken to fit.
    if (this.input.syntax.language !== "c" || (access.type?.size ?? 0) > this.input.options.hostPointerSize) return false;
    return fieldDeclaration(this.input, key)?.volatile === true;
  }

  /** Whether `site` may run in the same program as the linted file. */
  private inProgram(site: AccessSite): boolean {
    return !this.otherPrograms.has(site.fn.site.file);
  }

  /** Every access of `key` that may run in the same program as the linted file. */
  private accessesOf(key: string): AccessSite[] {
    return this.usage.accessesOf(key).filter((site) => this.inProgram(site));
  }

  /**
   * The atomic sites that may touch the element a plain access to an array reaches. Keys do not carry
   * indices: `env->regs[PC]` and `qatomic_or(&env->regs[IRQ], m)` share `Env.regs[]`. When the plain
   * access's index is a constant, only atomic sites of the linted file whose index is the same or not
   * constant are kept (other files' indices are not visible).
   */
  private sameElement(key: string, site: AccessSite, atomic: AccessSite[]): AccessSite[] {
    const syntax = this.syntax;
    if (!syntax || !key.endsWith("[]")) return atomic;
    const index = syntax.elementIndex(site.access);
    if (!index?.constant) return atomic;
    return atomic.filter((other) => {
      if (other.fn.site.file !== this.input.file) return false;
      const otherIndex = syntax.elementIndex(other.access);
      return !otherIndex?.constant || otherIndex.text === index.text;
    });
  }

  /**
   * A plain load in the only function that stores to the location (set-up code aside): no other
   * thread writes it, so the read cannot race with a write. This is how the owner of a ring index
   * reads its own index (`head = ring->head;` in the producer).
   */
  private isOwnerRead(key: string, site: AccessSite): boolean {
    if (site.access.op !== "load") return false;
    const writers = this.accessesOf(key)
      .filter((other) => other.access.op !== "load" && !this.isPrivate(key, other));
    if (writers.length > 0 && writers.every((other) => other.fn === site.fn)) return true;
    // A writer reading the location it then sets (`n = t->left; ...; qatomic_set(&t->left, m)`): a plain
    // read and a store that is no read-modify-write lose an update unless writers exclude each other,
    // so the code assumes they do, and the read races with no write. An atomic read-modify-write
    // elsewhere says writers run side by side, and then the read is reported.
    return writers.some((other) => other.fn === site.fn && other.access.op === "store")
      && !writers.some((other) => other.access.op === "rmw" && isAtomicAccess(other.access) && writes(other));
  }

  /**
   * A plain access through one object while the same function accesses the field atomically only
   * through another object of the type (`agg->ns += qatomic_read(&e->ns);`): keys are per type, but the
   * function tells the two apart, the shared one it reads atomically and the copy it fills plainly.
   */
  private isCopyOfAnotherObject(site: AccessSite, atomic: readonly AccessSite[]): boolean {
    const syntax = this.syntax;
    if (!syntax || site.fn.site.file !== this.input.file) return false;
    const own = atomic.filter((other) => other.fn === site.fn);
    if (own.length === 0) return false;
    const base = syntax.baseVariable(site.access);
    if (base === undefined) return false;
    return own.every((other) => {
      const otherBase = syntax.baseVariable(other.access);
      return otherBase !== undefined && otherBase !== base;
    });
  }

  /** An access no other thread's access can run beside: set-up, tear-down, or while the threads are not running. */
  private isPrivate(key: string, site: AccessSite): boolean {
    return this.isInitialization(site) || this.runsAlone(key, site);
  }

  /** Set-up of an object that no other thread can see yet, or tear-down of one nobody else can see any more. */
  private isInitialization({ access, fn }: AccessSite): boolean {
    if (isFinalizerName(fn.name, this.options.finalizerSuffixes)) return true;
    const setUp = isInitializerName(fn.name, this.options.initializerSuffixes)
      || (access.op !== "load" && callsAnyOf(fn, this.options.lockInitializers));
    if (setUp && beforeAnyPublication(fn, access)) return true;
    if (fn.site.file === this.input.file && this.syntax) {
      const allocation = this.syntax.allocationBefore(access);
      return allocation !== undefined && !publicationBetween(fn, allocation, access.site.range[0]);
    }
    return storeAfterAllocationCall(fn, access, this.options.allocators);
  }

  /**
   * For a plain access under a lock: null when every access it races with (every store, and for a
   * store every access) is under a lock or is set-up code; otherwise the first one that is not.
   * For an access outside any lock: undefined.
   */
  private unlockedRace(key: string, site: AccessSite): AccessSite | null | undefined {
    const locks = this.locks();
    if (!locks.isHeldAt(site.fn, site.access.id)) return undefined;
    const racing = this.accessesOf(key).filter((other) => other.access !== site.access
      && (site.access.op !== "load" || other.access.op !== "load"));
    return racing.find((other) => !locks.isHeldAt(other.fn, other.access.id) && !this.isPrivate(key, other)) ?? null;
  }

  /**
   * An access made while the threads that its function starts are not running (before the first
   * start, after the join), of a location that only its own file accesses: the threads that race on
   * it are the ones that file starts.
   */
  private runsAlone(key: string, site: AccessSite): boolean {
    if (this.onlyFileOf(key) !== site.fn.site.file) return false;
    this.threadPhases ??= new ThreadPhases(this.scope(), this.options, this.input.options.callDepth);
    return this.threadPhases.runsAlone(site.fn, site.access.id) || this.threadPhases.calledOnlyAlone(site.fn);
  }

  /** The one file that accesses `key`, or null when several do. */
  private onlyFileOf(key: string): string | null {
    let file = this.keyFiles.get(key);
    if (file === undefined) {
      const files = new Set(this.accessesOf(key).map((other) => other.fn.site.file));
      file = files.size === 1 ? [...files][0]! : null;
      this.keyFiles.set(key, file);
    }
    return file;
  }

  private scope(): CodeScope {
    this.codeScope ??= overlayScope(this.input.project, this.input.fileIR);
    return this.codeScope;
  }

  private locks(): LockFacts {
    this.lockFacts ??= new LockFacts(
      this.scope(), this.options, this.input.options.callDepth,
      (fn) => (this.syntax && fn.site.file === this.input.file ? this.syntax.guardLoops(fn) : guardLoopsOfIR(fn, this.options.guardBlocks)),
      this.input.file,
      (fn) => this.syntax !== undefined && fn.site.file === this.input.file && this.syntax.requiresLock(fn),
    );
    return this.lockFacts;
  }

  private finding(site: AccessSite, sameElement: readonly AccessSite[], unlocked: AccessSite | undefined): Finding {
    const file = this.input.file;
    // A plain read races with the writers: they are named first (a spin loop's message names who sets the flag).
    const atomic = site.access.op === "load" ? [...sameElement.filter(writes), ...sameElement.filter((other) => !writes(other))] : sameElement;
    const example = atomic[0]!;
    const fixes = this.input.syntax.language === "js" ? JS_FIX_NAMES : cFixNames(this.input.options.dialect);
    const others = atomic.length - 1;
    const related: RelatedLocation[] = atomic.slice(0, MAX_RELATED).map((other) => ({
      site: other.access.site,
      label: `accessed atomically with ${other.access.api}() in ${other.fn.name}()`,
    }));
    let lockNote = "";
    if (unlocked) {
      lockNote = ` A lock is held here, but ${unlocked.fn.name}() (${locationText(unlocked.access.site, file)}) `
        + `${unlocked.access.op === "load" ? "reads" : "writes"} it without one.`;
      related.push({ site: unlocked.access.site, label: `accessed without a lock in ${unlocked.fn.name}()` });
    }
    return {
      rule: MIXED_ATOMIC_ACCESS,
      messageId: "mixed",
      site: site.access.site,
      related,
      data: {
        what: WHAT[site.access.op],
        key: site.access.key.id,
        function: site.fn.name,
        atomicApi: `${example.access.api}()`,
        atomicFunction: example.fn.name,
        atomicLocation: locationText(example.access.site, file),
        more: others === 0 ? "" : others === 1 ? " and 1 other place" : ` and ${others} other places`,
        fix: fixes[site.access.op],
        lockNote,
      },
    };
  }
}
