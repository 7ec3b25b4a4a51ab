import { describe, expect, it } from "vitest";
import { composeCType, elementType, formatCType, parseCType } from "../../../src/analysis/keys/c-type.js";
import { elementKey, fieldKey, fileBaseName, globalKey, pointeeKey } from "../../../src/analysis/keys/field-keys.js";
import { TypeResolver } from "../../../src/analysis/keys/type-resolver.js";

describe("C type spellings", () => {
  it.each(["struct Foo *", "unsigned long long[4]", "int **[2][3]", "AioContext", "char[]"])("%s round-trips", (spelling) => {
    expect(formatCType(parseCType(spelling))).toBe(spelling);
  });

  it("drops qualifiers and collapses spaces", () => {
    expect(parseCType("const  volatile struct   Foo*")).toEqual({ base: "struct Foo", pointers: 1, arrays: [] });
  });

  it("takes the element of arrays before pointers", () => {
    expect(elementType(parseCType("int *[4]"))).toEqual({ base: "int", pointers: 1, arrays: [] });
    expect(elementType(parseCType("int"))).toBeUndefined();
  });

  it("composes a typedef's target under the declarator's pointers", () => {
    expect(composeCType(parseCType("struct Foo *"), parseCType("FooPtr *"))).toEqual({ base: "struct Foo", pointers: 2, arrays: [] });
  });
});

describe("field keys", () => {
  it("builds each form", () => {
    expect(fieldKey("Ring", "head")).toEqual({ id: "Ring.head", confidence: "exact" });
    expect(fieldKey(undefined, "head")).toEqual({ id: "?.head", confidence: "owner-unknown" });
    expect(globalKey("g", "/a/b/util.c", true).id).toBe("util.c::g");
    expect(globalKey("g", "/a/b/util.c", false).id).toBe("g");
    expect(elementKey(fieldKey("Q", "slots")).id).toBe("Q.slots[]");
    expect(pointeeKey(fieldKey("Q", "head")).id).toBe("*Q.head");
    expect(fileBaseName("C:\\src\\aio.c")).toBe("aio.c");
  });
});

describe("type resolver", () => {
  const local = {
    fields: new Map([["Outer", new Map([["in", parseCType("Inner *")]])]]),
    typedefs: new Map([["Inner", parseCType("struct InnerTag")], ["Handle", parseCType("Inner *")], ["u32", parseCType("unsigned int")]]),
  };

  it("follows typedef chains to the struct tag", () => {
    const resolver = new TypeResolver(local);
    expect(resolver.ownerOf(parseCType("Inner"))).toBe("InnerTag");
    expect(resolver.ownerOf(elementType(resolver.resolve(parseCType("Handle")))!)).toBe("InnerTag");
  });

  it("gives no owner for scalars, pointers and enums, and the name itself for unknown types", () => {
    const resolver = new TypeResolver(local);
    expect(resolver.ownerOf(parseCType("u32"))).toBeUndefined();
    expect(resolver.ownerOf(parseCType("enum Mode"))).toBeUndefined();
    expect(resolver.ownerOf(parseCType("struct X *"))).toBeUndefined();
    expect(resolver.ownerOf(parseCType("VirtQueue"))).toBe("VirtQueue");
  });

  it("prefers the file's declarations and falls back to other files'", () => {
    const external = {
      structs: { Outer: { in: { name: "int", category: "integer" as const } }, Other: { p: { name: "struct Outer *", category: "pointer" as const } } },
      typedefs: { Loop: "struct EventLoop" },
    };
    const resolver = new TypeResolver(local, external);
    expect(formatCType(resolver.fieldType("Outer", "in")!)).toBe("Inner *");
    expect(formatCType(resolver.fieldType("Other", "p")!)).toBe("struct Outer *");
    expect(resolver.ownerOf(parseCType("Loop"))).toBe("EventLoop");
  });

  it("stops on a typedef cycle", () => {
    const resolver = new TypeResolver({ fields: new Map(), typedefs: new Map([["A", parseCType("B")], ["B", parseCType("A")]]) });
    expect(() => resolver.resolve(parseCType("A"))).not.toThrow();
  });
});
