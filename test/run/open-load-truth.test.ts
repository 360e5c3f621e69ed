/**
 * Open load against clocks that are not the harness's: the schedule itself (intended times are
 * arithmetic, not measurements) and a core that times itself (test/fixtures/cores).
 */
import { describe, expect, it } from "vitest";
import { StressTestRunner } from "../../src/run/runner.js";
import { endToEndErrors, runAgainstOwnClock } from "../support/core-truth.js";

describe("open load, checked against the core's own clock", () => {
  it("a core that blocks for 1 s shows the stall in corrected latency, and not in uncorrected", async () => {
    const measure = () =>
      runAgainstOwnClock("block", 1000, {
        agents: 5,
        types: ["direct"],
        rate: "500/s",
        duration: "3s",
        batchSize: 10,
        interval: 0,
        concurrency: 10,
      });
    const within = (found: Awaited<ReturnType<typeof measure>>) =>
      Object.values(endToEndErrors(found)).every((error) => Math.abs(error) <= 0.03);
    // Measured again, up to three times, when one noisy moment broke the bound (as in
    // measurement-truth.test.ts): a busy machine's pause lands in some percentile now and then.
    let run = await measure();
    for (let tries = 1; tries < 3 && !within(run); tries++) run = await measure();
    const { result, view } = run;
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.delivered).toBe(1500);
    // The messages due during the stall were made after it, each with its own intended time:
    // the core's clock (its call's end less that time) sees the wait, and so does the figure.
    for (const error of Object.values(endToEndErrors(run))) {
      expect(Math.abs(error)).toBeLessThanOrEqual(0.03);
    }
    const ownMax = Math.max(...view.endToEnd.values());
    expect(ownMax).toBeGreaterThan(900);
    expect(Math.abs(result.latency.endToEnd.max / ownMax - 1)).toBeLessThan(0.03);
    expect(result.latency.endToEnd.p99).toBeGreaterThan(800);
    // The queue saw them only once they were made: blind to the stall. (Only the batch the
    // core held when it stalled, already in the queue, carries it there too.)
    expect(result.latency.endToEndUncorrected?.p99).toBeLessThan(100);
    // The lag is the core's, and its own warning says so; the harness kept its schedule.
    expect(result.harness.scheduleKept).toBe(true);
    expect(result.warnings.join("\n")).toMatch(
      /the core \(self-timing block\) held the event loop/,
    );
  });

  it("a core that blocks for 1 s shows the stall in its second's corrected p99, not in its uncorrected", async () => {
    // One message in flight: only the one the core held when it blocked waited inside the queue.
    const { result } = await runAgainstOwnClock("block", 1000, {
      agents: 5,
      types: ["direct"],
      rate: "500/s",
      duration: "3s",
      batchSize: 1,
      interval: 0,
      concurrency: 1,
    });
    expect(result.audit.balanced).toBe(true);
    const delivering = result.timeline.filter((point) => point.delivered > 0);
    const stalled = delivering.reduce((worst, point) =>
      point.endToEndP99Ms > worst.endToEndP99Ms ? point : worst,
    );
    // The second the arrivals held back by the block were made and delivered in: from their
    // intended times they waited the block out; from the queue's acceptance, they did not. They
    // then wait their turn in the queue, one delivery at a time: on a busy machine some of a
    // second (275 ms once, beside the whole suite), still far from the block's.
    expect(stalled.endToEndP99Ms).toBeGreaterThan(800);
    expect(stalled.endToEndUncorrectedP99Ms).toBeLessThan(400);
    // Every second that delivered has its uncorrected figures; the last full one is calm.
    for (const point of delivering) expect(point.endToEndUncorrectedP99Ms).toBeDefined();
    const calm = delivering.filter((point) => point.t > stalled.t + 0.5 && point.delivered >= 400);
    expect(calm.length).toBeGreaterThan(0);
    for (const point of calm) expect(point.endToEndP99Ms).toBeLessThan(200);
  });

  it("sends at the rate offered on a core that costs nothing, uniform and Poisson", async () => {
    // A Poisson count over n expected arrivals varies by √n: 20,000 of them keep it to 0.7%.
    const runs = [
      { arrivals: "uniform", rate: 1000, duration: "1s", offered: 0.001 },
      { arrivals: "uniform", rate: 10_000, duration: "1s", offered: 0.001 },
      { arrivals: "poisson", rate: 10_000, duration: "2s", offered: 0.025 },
    ] as const;
    for (const { arrivals, rate, duration, offered } of runs) {
      const result = await new StressTestRunner({
        agents: 10,
        types: ["direct"],
        rate,
        duration,
        arrivals,
        delay: 0,
        batchSize: 100,
        interval: 0,
        seed: 5,
      }).run();
      const { offeredPerSec = 0, sentPerSec = 0 } = result.load ?? {};
      expect(Math.abs(offeredPerSec / rate - 1), `${arrivals} ${rate}`).toBeLessThan(offered);
      expect(Math.abs(sentPerSec / rate - 1), `${arrivals} ${rate}`).toBeLessThan(0.02);
      expect(result.audit.balanced).toBe(true);
    }
  });
});
