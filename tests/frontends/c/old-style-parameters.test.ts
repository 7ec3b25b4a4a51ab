import { describe, expect, it } from "vitest";
import { flatten, functionNamed, lower } from "./lower-helpers.js";

describe("K&R (old-style) function definitions", () => {
  it("types the parameters from the declarations before the body, so keys name the struct", () => {
    const fn = functionNamed(lower(`
struct ring { int data; int ready; };
void produce(r, value) struct ring *r; int value; {
    r->data = value;
    smp_wmb();
    qatomic_set(&r->ready, 1);
}
`), "produce");
    const keys = flatten(fn.body).flatMap((event) => event.kind === "access" ? [event.key.id] : []);
    expect(keys).toEqual(["ring.data", "ring.ready"]);
  });

  it("an undeclared old-style parameter is an int, not a shared global", () => {
    const fn = functionNamed(lower(`
struct ring { int data; };
void put(r, n) struct ring *r; { r->data = n; }
`), "put");
    const keys = flatten(fn.body).flatMap((event) => event.kind === "access" ? [event.key.id] : []);
    expect(keys).toEqual(["ring.data"]);
  });
});
