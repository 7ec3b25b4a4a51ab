import { describe, expect, it } from "vitest";
import { analysisOptionsFromSettings } from "../../../src/analysis/settings.js";
import { filePairing, projectPairing } from "../../../src/analysis/pairing/pairing-view.js";
import { projectViewOf } from "../../../src/analysis/project-view.js";
import { lowerCSource } from "../../../src/frontends/c/lower-file.js";

const RING = `typedef struct Ring { unsigned head; unsigned slots[64]; } Ring;
void ring_publish(Ring *r, unsigned value)
{
    r->slots[r->head % 64] = value;
    smp_wmb();
    qatomic_set(&r->head, r->head + 1);
}
unsigned ring_consume(Ring *r)
{
    unsigned head = qatomic_read(&r->head);
    smp_rmb();
    return r->slots[(head - 1) % 64];
}
`;

describe("the pairing view of a linted file that is the project's own copy", () => {
  const options = analysisOptionsFromSettings({ dialects: ["qemu", "c11", "gcc"] });
  const lower = () => lowerCSource("/project/ring.c", RING, options);

  it("shares the project's points instead of building a second set", () => {
    const copy = lower();
    const project = projectViewOf([copy]);
    const base = projectPairing(project, options.callDepth);
    const view = filePairing(project, copy, options.callDepth);
    expect(view.filePoints().length).toBeGreaterThan(1);
    for (const point of view.filePoints()) expect(base.pointsOf(point.fn)).toContain(point);
    const [writer] = view.filePoints().filter((point) => point.write);
    expect(view.partnersOf(writer!).map((edge) => edge.kind)).toContain("message-passing");
  });

  it("builds the fresh file's own points when it is another copy, with the same partners", () => {
    const project = projectViewOf([lower()]);
    const fresh = lower();
    const base = projectPairing(project, options.callDepth);
    const view = filePairing(project, fresh, options.callDepth);
    for (const point of view.filePoints()) expect(base.pointsOf(point.fn)).not.toContain(point);
    const [writer] = view.filePoints().filter((point) => point.write);
    const partners = view.partnersOf(writer!);
    expect(partners.map((edge) => edge.kind)).toContain("message-passing");
    expect(partners.every((edge) => edge.to.fn.site.file === "/project/ring.c" && fresh.functions.includes(edge.to.fn))).toBe(true);
  });
});
