import { describe, expect, it } from "vitest";
import { compactPayload, expandPayload } from "../../../src/analysis/index/compact-payload.js";
import { productionDependencies } from "../../../src/analysis/index/production-lowerer.js";
import type { FileIR } from "../../../src/analysis/ir/function-ir.js";
import { analysisOptionsFromSettings } from "../../../src/analysis/settings.js";

const C_SOURCE = `struct ring { unsigned head; unsigned slots[64]; };
#define PUBLISH(r, v) do { (r)->slots[(r)->head % 64] = (v); smp_wmb(); qatomic_set(&(r)->head, (r)->head + 1); } while (0)
void ring_publish(struct ring *r, unsigned value)
{
    PUBLISH(r, value);
    if (value > 3) {
        qatomic_inc(&r->head);
    }
}
unsigned ring_consume(struct ring *r)
{
    unsigned head = qatomic_read(&r->head);
    smp_rmb();
    return r->slots[(head - 1) % 64];
}
`;

const TS_SOURCE = `export function publish(flags: Int32Array, data: Int32Array, value: number): void {
  data[0] = value;
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
}
`;

function lower(file: string, text: string, language: "c" | "js"): FileIR {
  const settings = { dialects: language === "c" ? ["qemu", "c11", "gcc"] : ["js"] };
  return productionDependencies({ cwd: "/project", settings, options: analysisOptionsFromSettings(settings), language }).lowerFile(file, text);
}

describe("compact payload of the disk cache", () => {
  for (const [file, text, language] of [["/project/ring.c", C_SOURCE, "c"], ["/project/worker.ts", TS_SOURCE, "js"]] as const) {
    it(`gives back exactly the IR of ${file}, one path string for all its sites, in fewer bytes`, () => {
      const ir = lower(file, text, language);
      const json = JSON.stringify(ir);
      expect(ir.functions.length).toBeGreaterThan(0);
      const payload = compactPayload(ir);
      expect(payload.length).toBeLessThan(json.length * 0.8);
      expect(payload).not.toContain('"endColumn"');
      const back = expandPayload(JSON.parse(payload) as FileIR, file);
      expect(JSON.stringify(back)).toBe(json);
      expect(back).toEqual(ir);
    });
  }

  it("leaves a site of another file, or of another shape, as it was", () => {
    const site = { file: "/project/a.c", range: [0, 4], line: 1, column: 0, endLine: 1, endColumn: 4 };
    const ir = {
      file: "/project/a.c",
      functions: [{ name: "f", site, body: [
        { kind: "call", site: { ...site, file: "/project/b.h" } },
        { kind: "fence", site: { range: [0, 4], file: "/project/a.c", line: 1, column: 0, endLine: 1, endColumn: 4 } },
        { kind: "fence", site: { ...site, macro: "M" } },
      ] }],
    };
    const payload = compactPayload(ir as unknown as FileIR);
    expect(payload.match(/"site":\[/gu)).toHaveLength(1);
    expect(JSON.stringify(expandPayload(JSON.parse(payload) as FileIR, "/project/a.c"))).toBe(JSON.stringify(ir));
  });
});
