import { describe, expect, it } from "vitest";
import { lower } from "./lower-helpers.js";

describe("functions used as values", () => {
  it("collects callbacks passed as arguments, stored in pointers and named in file-scope tables, not callees", () => {
    const fileIR = lower(`
typedef struct Ops { void (*read)(void *); void (*write)(void *); } Ops;
static void dev_read(void *opaque) { }
static void dev_write(void *opaque) { }
static void dev_bh(void *opaque) { }
static void dev_timer(void *opaque) { }
static void dev_reset(void *opaque) { }
static const Ops dev_ops = { .read = dev_read, .write = dev_write };

void dev_realize(void *dev, void (**hook)(void *))
{
    schedule_bh(dev_bh, dev);
    *hook = dev_timer;
    dev_reset(dev);
}`);
    expect(fileIR.functionValues).toEqual(["dev_bh", "dev_read", "dev_timer", "dev_write"]);
  });
});
