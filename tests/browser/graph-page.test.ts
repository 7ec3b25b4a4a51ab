import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, projectWith } from "../cli/cli-harness.js";

/** Debian's package; `.ci/run` installs it when absent. CHROMIUM_PATH names another binary. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const LAUNCH_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/**
 * A writer and reader that pair, a reader whose barrier sits before its flag (a reversed candidate),
 * and a release store to the io_uring ring the kernel reads: every kind of link the page draws.
 */
const PROJECT = {
  "shared.h": "struct S { int data; int ready; };\nstruct io_uring_sq { unsigned *ktail; };\nstruct Q { int item; int count; };\n",
  "writer.c": "#include \"shared.h\"\nvoid publish(struct S *s, int v)\n{\n    s->data = v;\n"
    + "    /* data before ready; pairs with smp_rmb() in consume(). */\n    smp_wmb();\n    qatomic_set(&s->ready, 1);\n}\n"
    + "void push(struct Q *q, int v)\n{\n    q->item = v;\n    /* item before count; pairs with smp_rmb() in pop(). */\n    smp_wmb();\n    qatomic_set(&q->count, 1);\n}\n",
  "reader.c": "#include \"shared.h\"\nint consume(struct S *s)\n{\n    if (!qatomic_read(&s->ready)) return 0;\n"
    + "    /* ready before data; pairs with smp_wmb() in publish(). */\n    smp_rmb();\n    return s->data;\n}\n"
    + "int pop(struct Q *q)\n{\n    int v = q->item;\n    /* count before item; pairs with smp_wmb() in push(). */\n    smp_rmb();\n"
    + "    if (!qatomic_read(&q->count)) return 0;\n    return v;\n}\n",
  "submit.c": "#include \"shared.h\"\nvoid submit(struct io_uring_sq *sq, struct S *s, unsigned tail)\n{\n    s->data = 1;\n"
    + "    /* the kernel reads the entries after the tail */\n    io_uring_smp_store_release(sq->ktail, tail);\n}\n",
};

describe("the HTML graph in a real browser, offline", () => {
  let browser: Browser;
  let page: string;
  let graph: { nodes: unknown[]; edges: { kind: string }[]; external: unknown[]; flagOnly: unknown[] };

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `install Chromium (apt-get install chromium) or set CHROMIUM_PATH; ${CHROMIUM} is missing`).toBe(true);
    const root = projectWith(PROJECT);
    const settings = ["--preset", "recommended"];
    const html = await cli(root, "graph", ".", ...settings, "-f", "html");
    const json = await cli(root, "graph", ".", ...settings, "-f", "json");
    expect([html.code, json.code, html.stderr]).toEqual([0, 0, ""]);
    graph = JSON.parse(json.stdout);
    page = path.join(root, "graph.html");
    writeFileSync(page, html.stdout);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders every point as a node and every pair as an edge, with the network blocked", async () => {
    const context = await browser.newContext({ offline: true });
    const blocked: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });

    // One node per point plus one per party outside the project; one edge per pair, per outside
    // partner and per flag-only candidate.
    const holders = new Set((graph.external as { holder: string }[]).map((entry) => entry.holder)).size;
    const nodes = tab.locator("#graph svg g.node");
    const edges = tab.locator("#graph svg g.edge");
    expect(await nodes.count()).toBe(graph.nodes.length + holders);
    expect(await edges.count()).toBe(graph.edges.length + graph.external.length + graph.flagOnly.length);
    expect(graph.edges.map((edge) => edge.kind).sort()).toEqual(["message-passing", "reversed"]);
    expect(holders).toBe(1);

    // Rendered means laid out on screen: every node and edge has a box of its own.
    for (const element of [...await nodes.all(), ...await edges.all()]) {
      const box = await element.boundingBox();
      expect(box && box.width > 0 && box.height > 0).toBe(true);
    }
    expect(await tab.locator("#graph svg text", { hasText: "the kernel" }).count()).toBeGreaterThan(0);
    expect(await tab.locator("#graph svg text", { hasText: "writer.c" }).count()).toBe(1);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
