import { describe, expect, it } from "vitest";
import { CSyntaxFacts } from "../../../src/analysis/mixed-access/c-syntax-facts.js";
import {
  beforeAnyPublication, callsAnyOf, isFinalizerName, isInitializerName, storeAfterAllocationCall,
} from "../../../src/analysis/mixed-access/initialization.js";
import { resolveMixedAccessOptions } from "../../../src/analysis/mixed-access/mixed-access-options.js";
import { leafEvents } from "../../../src/analysis/ir/walk.js";
import type { Access } from "../../../src/analysis/ir/events.js";
import type { TranslationUnit } from "../../../src/languages/c/syntax-node.js";
import { cFile, functionNamed, type CTestFile } from "./project-files.js";

const HEADER = "typedef struct Node { int value; int ready; struct Node *next; } Node;\nNode *list_head;\n";
const OPTIONS = resolveMixedAccessOptions();

function accessesAt(file: CTestFile, name: string): Access[] {
  return leafEvents(functionNamed(file, name).body).filter((event): event is Access => event.kind === "access");
}

describe("initialisation", () => {
  it("recognises set-up functions by their name ending", () => {
    expect(isInitializerName("node_init", OPTIONS.initializerSuffixes)).toBe(true);
    expect(isInitializerName("file.c::virtio_gpu_realize", OPTIONS.initializerSuffixes)).toBe(true);
    expect(isInitializerName("node_new", OPTIONS.initializerSuffixes)).toBe(true);
    expect(isInitializerName("_init", OPTIONS.initializerSuffixes)).toBe(false);
    expect(isInitializerName("initialise_later", OPTIONS.initializerSuffixes)).toBe(false);
    expect(isInitializerName("device_initfn", OPTIONS.initializerSuffixes)).toBe(true);
  });

  it("recognises QOM finalisers by their name ending", () => {
    expect(isFinalizerName("qio_channel_finalize", OPTIONS.finalizerSuffixes)).toBe(true);
    expect(isFinalizerName("file.c::device_finalizefn", OPTIONS.finalizerSuffixes)).toBe(true);
    expect(isFinalizerName("finalize_later", OPTIONS.finalizerSuffixes)).toBe(false);
  });

  it("knows the functions that initialise a lock", () => {
    const file = cFile("/p/node.c", `${HEADER}static QemuMutex list_lock;
void list_setup(void) { list_head = NULL; qemu_mutex_init(&list_lock); }
void list_clear(void) { list_head = NULL; }`);
    expect(callsAnyOf(functionNamed(file, "list_setup"), OPTIONS.lockInitializers)).toBe(true);
    expect(callsAnyOf(functionNamed(file, "list_clear"), OPTIONS.lockInitializers)).toBe(false);
  });

  it("tells set-up before any barrier or atomic store from what follows the publication", () => {
    const file = cFile("/p/node.c", `${HEADER}void node_init(Node *n)
{
    n->value = 0;
    smp_wmb();
    n->ready = 1;
}
void node_publish_init(Node *n)
{
    n->value = 1;
    qatomic_set(&list_head, n);
    n->ready = 1;
}`);
    const fn = functionNamed(file, "node_init");
    expect(accessesAt(file, "node_init").map((access) => beforeAnyPublication(fn, access))).toEqual([true, false]);
    const publish = functionNamed(file, "node_publish_init");
    const plain = accessesAt(file, "node_publish_init").filter((access) => access.order === "plain");
    expect(plain.map((access) => beforeAnyPublication(publish, access))).toEqual([true, false]);
  });

  it("finds the variable an allocator's result went to, and accesses through it after the allocation", () => {
    const file = cFile("/p/node.c", `${HEADER}void push(int v, Node *other)
{
    other->value = v;
    Node *n = g_new0(Node, 1);
    n->value = v;
    other->ready = 1;
    Node *m;
    m = (Node *)malloc(sizeof(*m));
    m->next = n;
}`);
    const syntax = new CSyntaxFacts(file.syntax.text, file.syntax.ast as TranslationUnit, OPTIONS);
    const allocated = accessesAt(file, "push").filter((access) => access.op === "store")
      .map((access) => `${access.site.line}:${syntax.allocationBefore(access) !== undefined}`);
    expect(allocated).toEqual(["5:false", "7:true", "8:false", "11:true"]);
  });

  it("takes an allocator of the user's for one", () => {
    const code = `${HEADER}void push(int v) { Node *n = pool_get(); n->value = v; }`;
    const file = cFile("/p/node.c", code);
    const [store] = accessesAt(file, "push").filter((access) => access.op === "store");
    const plain = new CSyntaxFacts(code, file.syntax.ast as TranslationUnit, OPTIONS);
    const extended = new CSyntaxFacts(code, file.syntax.ast as TranslationUnit, resolveMixedAccessOptions({ allocators: ["pool_get"] }));
    expect(plain.allocationBefore(store!)).toBeUndefined();
    expect(extended.allocationBefore(store!)).toBeGreaterThan(0);
  });

  it("without the syntax, takes a store after an allocator call and before any publication for set-up", () => {
    const file = cFile("/p/node.c", `${HEADER}void push(int v)
{
    Node *n = g_malloc0(sizeof(Node));
    n->value = v;
    qatomic_set(&list_head, n);
    n->ready = 1;
}`);
    const fn = functionNamed(file, "push");
    const stores = accessesAt(file, "push").filter((access) => access.op === "store" && access.order === "plain");
    expect(stores.map((access) => storeAfterAllocationCall(fn, access, OPTIONS.allocators))).toEqual([true, false]);
  });
});
