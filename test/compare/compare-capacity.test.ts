import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareCapacities } from "../../src/compare/compare-capacity.js";
import { sampleCapacity } from "../fixtures/capacity.js";
import { sampleResult } from "../fixtures/result.js";
import { cli, expectRefused } from "../support/cli-in-process.js";

const dir = mkdtempSync(join(tmpdir(), "swarm-compare-capacity-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe("compareCapacities", () => {
  it("judges the sustained rate higher-is-better and the latency at it lower-is-better", () => {
    const faster = sampleCapacity({
      outcome: { verdict: "found", sustainedRate: 1000, range: null, firstFailingRate: 1020 },
    });
    const comparison = compareCapacities(sampleCapacity(), faster, { tolerance: 0.05 });
    const rows = Object.fromEntries(comparison.rows.map((row) => [row.metric, row]));
    expect(rows["outcome.sustainedRate"]).toMatchObject({
      base: 787.5,
      candidate: 1000,
      verdict: "better",
    });
    expect(rows["outcome.firstFailingRate"]).toMatchObject({
      base: 800,
      candidate: 1020,
      verdict: "better",
    });
    expect(rows["confirm.endToEnd.p99"]?.verdict).toBe("same");
    expect(comparison.warnings).toEqual([]);
  });

  it("has no rate for a search that found only a range, and says why", () => {
    const unsure = sampleCapacity({
      outcome: {
        verdict: "unconfirmed",
        sustainedRate: null,
        range: [775, 787.5],
        firstFailingRate: 787.5,
      },
      search: { ...sampleCapacity().search, slo: ["latency.endToEnd.p99<50ms"] },
    });
    const comparison = compareCapacities(sampleCapacity(), unsure, { tolerance: 0.05 });
    expect(comparison.rows[0]).toMatchObject({ candidate: null, verdict: "n/a" });
    expect(comparison.warnings).toEqual([
      "different SLOs: latency.endToEnd.p99<100ms vs latency.endToEnd.p99<50ms",
      "the candidate's search ended unconfirmed: it has no rate to compare",
    ]);
  });
});

describe("swarm-stress compare with capacity documents", () => {
  it("compares two searches, and fails on worse when told", async () => {
    const base = save("base.json", sampleCapacity());
    const slower = save(
      "slower.json",
      sampleCapacity({
        outcome: { verdict: "found", sustainedRate: 600, range: null, firstFailingRate: 650 },
      }),
    );
    const outcome = await cli(["compare", base, slower, "--fail-on-worse"], dir);
    expect(outcome.status).toBe(1);
    expect(outcome.stdout).toMatch(/sustained rate +788\/s +600\/s +0\.76× +worse/);
  });

  it("refuses a capacity document beside a run result, and --html for searches", async () => {
    const search = save("search.json", sampleCapacity());
    const run = save("run.json", sampleResult());
    await expectRefused(["compare", search, run], dir, /run\.json is not a capacity document/);
    await expectRefused(["compare", run, search], dir, /run\.json is not a capacity document/);
    const other = save("other.json", sampleCapacity());
    await expectRefused(
      ["compare", search, other, "--html", join(dir, "c.html")],
      dir,
      /--html compares run results/,
    );
    const torn = save("torn.json", { ...sampleCapacity(), steps: "none" });
    await expectRefused(
      ["compare", torn, search],
      dir,
      /torn\.json is not a whole capacity document: steps/,
    );
  });
});
