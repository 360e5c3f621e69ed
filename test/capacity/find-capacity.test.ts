/**
 * The capacity search against a pipeline whose service rate is known: the same pipeline
 * draining a closed backlog as fast as it goes, measured in the same test.
 */
import { describe, expect, it } from "vitest";
import type { CapacityDocument } from "../../src/capacity/capacity-document.js";
import { findCapacity } from "../../src/capacity/find-capacity.js";
import type { RunSettings } from "../../src/config/run-settings.js";
import { StressTestRunner } from "../../src/run/runner.js";

/** Four deliveries of 10 ms in flight: 400 a second by arithmetic, a little less in practice. */
const PIPELINE: RunSettings = {
  agents: 4,
  types: ["direct"],
  delay: "10ms",
  concurrency: 4,
  // What a 1 s step forgives as in flight (a batch) stays within 5% of the rate found; two
  // whole rounds of four deliveries a batch, so the batches cost the pipeline no rate.
  batchSize: 8,
  interval: 0,
  seed: 21,
};

async function search(): Promise<CapacityDocument> {
  return findCapacity({
    settings: PIPELINE,
    search: {
      slo: ["latency.endToEnd.p99<1s"],
      startRate: 100,
      maxRate: 10_000,
      // Bisected to 5%: enough to judge within 10%, a step fewer than 2% takes.
      resolution: 0.05,
      stepMs: 1000,
      warmupMs: 500,
      confirmMs: 2000,
      // A shared machine's stall of a few tens of milliseconds is a few percent of a 1 s step's
      // arrivals: within this, it does not fail a rate the pipeline keeps up with.
      backlogTolerance: 0.03,
    },
  });
}

describe("findCapacity", () => {
  it("finds the rate the pipeline drains a backlog at, within 10%, and the knee around it", async () => {
    // Measured again when a noisy moment slowed it (240/s once, beside the whole suite).
    let service = 0;
    for (let attempt = 0; attempt < 3 && !(service > 300); attempt++) {
      const drained = await new StressTestRunner({ ...PIPELINE, messagesPerAgent: 200 }).run();
      service = drained.throughput.messagesPerSec;
    }
    expect(service).toBeGreaterThan(300);
    // More tries when a noisy moment broke one: the search says so itself when the harness
    // fell behind (harness-limited), and a moment of the machine can move a step's figures.
    const found = (d: CapacityDocument) => d.outcome.sustainedRate ?? d.outcome.range?.[1] ?? 0;
    const near = (d: CapacityDocument) =>
      d.outcome.verdict !== "harness-limited" && Math.abs(found(d) / service - 1) <= 0.1;
    let doc = await search();
    for (let attempt = 1; attempt < 3 && !near(doc); attempt++) doc = await search();
    expect(["found", "unconfirmed"]).toContain(doc.outcome.verdict);
    expect(found(doc) / service, JSON.stringify(doc.outcome)).toBeGreaterThan(0.9);
    expect(found(doc) / service).toBeLessThan(1.1);
    // Past the knee the backlog grows; below it, it does not.
    const judged = doc.steps.filter((step) => step.phase !== "warm-up");
    const failing = judged.filter((step) => step.verdict === "not sustained");
    expect(failing.length).toBeGreaterThan(0);
    for (const step of failing.filter((s) => s.rate > service * 1.1)) {
      expect(step.depthSlopePerSec, `${step.rate}/s`).toBeGreaterThan(step.rate * 0.05);
    }
    for (const step of judged.filter((s) => s.verdict === "sustained")) {
      expect(step.sentPerSec / step.offeredPerSec).toBeGreaterThan(0.98);
      expect(step.reasons).toEqual([]);
    }
    // The steps ramp by doubling, then bisect, then confirm.
    expect(judged.slice(0, 2).map((step) => [step.phase, step.rate])).toEqual([
      ["ramp", 100],
      ["ramp", 200],
    ]);
    expect(judged.at(-1)?.phase).toBe("confirm");
  }, 120_000);
});
