import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CapacityDocument } from "../../src/capacity/capacity-document.js";
import { requireBuiltCli, sleep, startCli } from "../support/built-cli.js";
import { cli, expectRefused } from "../support/cli-in-process.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "swarm-capacity-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A search quick enough for a test: short steps on a core that costs nothing. */
const QUICK = [
  ...["--agents", "4", "--types", "direct", "--delay", "0", "--interval", "0"],
  ...["--step", "300ms", "--warmup", "200ms", "--confirm", "300ms"],
];

describe("swarm-stress capacity", () => {
  it("searches, prints every step, saves the document, and gates on --min-rate", async () => {
    const out = join(dir, "found.json");
    const args = ["capacity", ...QUICK, "--start-rate", "200/s", "--max-rate", "400/s"];
    // A step of half a second that a busy moment of the machine kept from offering its rate
    // fails the search short of its maximum: measured again, up to three times.
    const search = () => cli([...args, "--slo", "latency.endToEnd.p99<2s", "-o", out], dir);
    const atMaximum = /^Capacity: 400\/s sustained: the highest rate allowed/;
    let outcome = await search();
    for (let attempt = 1; attempt < 3 && !atMaximum.test(outcome.stdout); attempt++) {
      outcome = await search();
    }
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(atMaximum);
    expect(outcome.stdout).toMatch(/SLO: latency\.endToEnd\.p99<2s/);
    // The warm-up settles the machine (its verdict is not used), then the ramp.
    expect(outcome.stderr).toMatch(/^step 1, warm-up, 200\/s for 200ms: /m);
    expect(outcome.stderr).toMatch(/^step 3, ramp, 400\/s for 500ms: sustained/m);
    const doc = JSON.parse(readFileSync(out, "utf8")) as CapacityDocument;
    expect(doc.schema).toBe("swarm-stress/capacity@1");
    expect(doc.outcome).toMatchObject({ verdict: "at maximum", sustainedRate: 400 });
    expect(doc.steps.map((step) => [step.phase, step.rate])).toEqual([
      ["warm-up", 200],
      ["ramp", 200],
      ["ramp", 400],
    ]);
    expect(doc.steps[2]?.slo[0]).toMatchObject({
      expression: "latency.endToEnd.p99<2s",
      passed: true,
    });
    expect(doc.config).toMatchObject({ load: "open", agents: 4 });
    expect(doc.config.rate).toBeUndefined();
    const gated = await cli([...args, "--min-rate", "1000/s", "-o", join(dir, "gated.json")], dir);
    expect(gated.status).toBe(1);
    expect(gated.stdout).toMatch(/--min-rate 1,000\/s: FAIL/);
  });

  it("refuses bad search settings, and the settings it sets itself, in one line", async () => {
    await expectRefused(
      ["capacity", "--start-rate", "fast"],
      dir,
      /^swarm-stress: --start-rate: invalid rate "fast"/,
    );
    await expectRefused(
      ["capacity", "--start-rate", "500/s", "--max-rate", "100/s"],
      dir,
      /--max-rate \(100\/s\) is below --start-rate \(500\/s\)/,
    );
    await expectRefused(
      ["capacity", "--resolution", "0"],
      dir,
      /--resolution: expected a share above 0/,
    );
    await expectRefused(["capacity", "--step", "0s"], dir, /--step: must be longer than 0/);
    await expectRefused(["capacity", "--rate", "5/s"], dir, /unknown option '--rate'/);
    await expectRefused(["capacity", "--slo", "nonsense<5"], dir, /nonsense/);
    const config = join(dir, "rate.yaml");
    writeFileSync(config, "rate: 500/s\n");
    await expectRefused(["capacity", "-c", config], dir, /capacity sets rate for each step itself/);
  });
});

describe("swarm-stress capacity on a queue that is not there", () => {
  it("fails in one line with exit 3, before any step", async () => {
    const outcome = await cli(["capacity", ...QUICK, "--queue", "redis://127.0.0.1:1/0"], dir);
    expect(outcome.status).toBe(3);
    const lines = outcome.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^swarm-stress: .*127\.0\.0\.1:1/);
  });
});

describe("swarm-stress capacity stopped with Ctrl-C", () => {
  beforeAll(() => requireBuiltCli());

  it("ends the step under way and still saves what it found, exit 130", async () => {
    const out = join(dir, "stopped.json");
    const search = startCli(["capacity", ...QUICK, "--step", "20s", "-o", out], dir);
    // The warm-up's line comes before the first long step: stop a little into that step.
    while (!/^step 1, warm-up/m.test(search.stderr()) && search.child.exitCode === null) {
      await sleep(50);
    }
    await sleep(300);
    search.child.kill("SIGINT");
    const { code } = await search.exited;
    expect(code, search.stderr()).toBe(130);
    const doc = JSON.parse(readFileSync(out, "utf8")) as CapacityDocument;
    expect(doc.outcome.verdict).toBe("stopped");
    expect(doc.steps.map((step) => [step.phase, step.verdict])).toEqual([
      ["warm-up", expect.any(String)],
      ["ramp", "stopped"],
    ]);
  }, 60_000);
});
