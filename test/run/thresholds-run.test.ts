import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import type { RunnerOptions } from "../../src/run/options.js";
import { StressTestRunner } from "../../src/run/runner.js";

/** Half the attempts fail and none is retried: about half the messages are dead-lettered. */
const failing: RunnerOptions = {
  agents: 5,
  messagesPerAgent: 200,
  types: ["direct"],
  interval: "5ms",
  delay: "0.2ms",
  successRate: 0.5,
  maxAttempts: 1,
  seed: 7,
};

describe("thresholds in a run", () => {
  it("are judged on the finished run's figures", async () => {
    const result = await new StressTestRunner({
      agents: 4,
      messagesPerAgent: 50,
      interval: 0,
      delay: "0.05ms",
      seed: 3,
      thresholds: ["successRate>=95%", "latency.endToEnd.p99<1ms", "totals.delivered>200"],
    }).run();
    expect(result.thresholds).toEqual([
      {
        expression: "successRate>=95%",
        metric: "successRate",
        operator: ">=",
        limit: 0.95,
        value: 1,
        unit: "ratio",
        passed: true,
      },
      expect.objectContaining({
        expression: "latency.endToEnd.p99<1ms",
        value: result.latency.endToEnd.p99,
        passed: result.latency.endToEnd.p99 < 1,
      }),
      expect.objectContaining({ value: 200, passed: false }),
    ]);
    expect(result.stoppedEarly).toBe(false);
  });

  it("run to the end without abortOnFail, however badly they fail", async () => {
    const result = await new StressTestRunner({
      ...failing,
      thresholds: ["successRate>=0.99"],
    }).run();
    expect(result.stoppedEarly).toBe(false);
    expect(result.totals.generated).toBe(1000);
    expect(result.thresholds?.[0]).toMatchObject({ passed: false });
    expect(result.thresholds?.[0]?.abortedRun).toBeUndefined();
  });

  it("stop the run with abortOnFail once one can no longer pass, and the audit still balances", async () => {
    const result = await new StressTestRunner({
      ...failing,
      thresholds: ["latency.endToEnd.p99<10s", "successRate>=0.99"],
      abortOnFail: true,
    }).run();
    expect(result.stoppedEarly).toBe(true);
    const { totals } = result;
    // 1% of the 1000 planned messages may fail; the run stops soon after the 11th dead letter.
    expect(totals.deadLettered).toBeGreaterThan(10);
    expect(totals.delivered + totals.deadLettered).toBeLessThan(1000);
    expect(totals.pending + totals.delivered + totals.deadLettered).toBe(totals.generated);
    expect(result.audit.balanced).toBe(true);
    // The one that stopped the run fails; the other is of a partial run, so it is not judged.
    expect(
      result.thresholds?.map((t) => [t.expression, t.passed, t.abortedRun, t.partial]),
    ).toEqual([
      ["latency.endToEnd.p99<10s", false, undefined, true],
      ["successRate>=0.99", false, true, undefined],
    ]);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /^stopped early: threshold successRate>=0.99 can no longer pass \(\d+ of 1000 messages are already dead-lettered/,
      ),
    );
  });

  it("are refused before the run when they name what the run does not have", () => {
    expect(
      () => new StressTestRunner({ ...failing, thresholds: ["byType.broadcast.failed<1"] }),
    ).toThrow(ConfigError);
    expect(
      () => new StressTestRunner({ ...failing, thresholds: ["byAgent.Agent-6.failed<1"] }),
    ).toThrow(/no agent "Agent-6"/);
    expect(() => new StressTestRunner({ ...failing, thresholds: ["throughput<5"] })).toThrow(
      /"throughput" is not a number/,
    );
  });
});
