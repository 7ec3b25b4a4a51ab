import path from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lkmm, readLitmus, runLitmus } from "../../src/model/index.js";
import { cli, messagePassing, projectWith } from "./cli-harness.js";

/** QEMU's 2020 hang in small: the poller's RMW is no full barrier against the scheduler's smp_mb(). */
const EVENT_LOOP = `typedef struct Loop { unsigned notify_me; unsigned flags; } Loop;

void loop_notify(Loop *l)
{
    qatomic_set(&l->flags, 1);
    /* Pairs with the RMW in loop_prepare(). */
    smp_mb();
    if (qatomic_read(&l->notify_me)) {
        kick(l);
    }
}

int loop_prepare(Loop *l)
{
    qatomic_or(&l->notify_me, 1);
    return qatomic_read(&l->flags);
}
`;

describe("eslint-barriers litmus <file>:<line>", () => {
  it("writes the store-buffering pair of the RMW as a litmus test the model reads back with the rule's verdict", async () => {
    const cwd = projectWith({ "loop.c": EVENT_LOOP });
    const rmwLine = EVENT_LOOP.split("\n").findIndex((line) => line.includes("qatomic_or")) + 1;
    const run = await cli(cwd, "litmus", `loop.c:${rmwLine}`, "--preset", "qemu-strict");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const test = readLitmus(run.stdout);
    expect(test.threads).toHaveLength(2);
    expect(run.stdout).toMatch(/exists/u);
    const result = runLitmus(run.stdout, lkmm, { detectRace: true });
    expect(result).toMatchObject({ status: "checked", verdict: "Sometimes" });
  });

  it("writes the misordered reader's pair with the outcome 'the flag but the old data', which the model allows", async () => {
    const cwd = projectWith(messagePassing("reversed"));
    const reader = readFileSync(path.join(cwd, "src/reader.c"), "utf8").split("\n");
    const barrierLine = reader.findIndex((line) => line.includes("smp_rmb()")) + 1;
    const output = path.join(cwd, "pair.litmus");
    const run = await cli(cwd, "litmus", `src/reader.c:${barrierLine}`, "--preset", "qemu-strict", "-o", output);
    expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
    const text = readFileSync(output, "utf8");
    const result = runLitmus(text, lkmm, { detectRace: true });
    // Plain data against a plain load: allowed, by the outcome or by the race that makes it undefined.
    expect(result.status).toBe("checked");
    if (result.status === "checked") expect(result.verdict !== "Never" || result.dataRace).toBe(true);
  });

  it("says so when no checked report sits on the line, and when the target is not <file>:<line>", async () => {
    const cwd = projectWith({ "loop.c": EVENT_LOOP });
    const none = await cli(cwd, "litmus", "loop.c:3", "--preset", "qemu-strict");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no unpaired-barrier or full-barrier-pairing report at loop\.c:3/u);
    const malformed = await cli(cwd, "litmus", "loop.c", "--preset", "qemu-strict");
    expect(malformed.stderr).toMatch(/expected <file>:<line>/u);
  });
});
