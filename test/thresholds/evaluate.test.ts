import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { resolveConfig } from "../../src/run/resolve-config.js";
import { thresholdsFor } from "../../src/thresholds/check-scope.js";
import { evaluateThresholds, metricValue } from "../../src/thresholds/evaluate.js";
import { parseThreshold } from "../../src/thresholds/threshold.js";
import { openSampleResult, sampleResult } from "../fixtures/result.js";

describe("evaluateThresholds", () => {
  it("judges each threshold by the result's own figure", () => {
    const result = sampleResult();
    const outcomes = evaluateThresholds(
      [
        `latency.endToEnd.p99<${result.latency.endToEnd.p99 + 1}ms`,
        `latency.endToEnd.p99<${result.latency.endToEnd.p99}`,
        `successRate>=${result.successRate}`,
        "byType.direct.generated>0",
      ].map(parseThreshold),
      result,
    );
    expect(outcomes.map((o) => [o.value, o.passed])).toEqual([
      [result.latency.endToEnd.p99, true],
      [result.latency.endToEnd.p99, false],
      [result.successRate, true],
      [result.byType.direct?.generated, true],
    ]);
    expect(outcomes[0]).toMatchObject({
      metric: "latency.endToEnd.p99",
      operator: "<",
      unit: "ms",
    });
  });

  it("fails a threshold whose figure the result lacks, and one that stopped the run", () => {
    const result = sampleResult();
    const [missing, stopped] = evaluateThresholds(
      ["byType.soft_onboard.successRate>0", "totals.failed<1000000"].map(parseThreshold),
      result,
      new Set(["totals.failed<1000000"]),
    );
    expect(missing).toMatchObject({ value: null, passed: false });
    expect(stopped).toMatchObject({ passed: false, abortedRun: true });
  });

  it("gates on a yes-or-no figure, read as 1 or 0", () => {
    const kept = openSampleResult();
    const lagging = { ...kept, harness: { ...kept.harness, scheduleKept: false } };
    const gates = ["harness.scheduleKept==true", "resources.generatorSaturated==false"].map(
      parseThreshold,
    );
    const judged = (result: typeof kept) =>
      evaluateThresholds(gates, result).map((o) => [o.value, o.passed]);
    expect(kept.harness.scheduleKept).toBe(true);
    expect(kept.resources.generatorSaturated).toBe(false);
    expect(judged(kept)).toEqual([
      [1, true],
      [0, true],
    ]);
    expect(judged(lagging)).toEqual([
      [0, false],
      [0, true],
    ]);
    // A closed run has no schedule to keep: the gate has no figure, and fails.
    const closed = sampleResult();
    expect(closed.harness.scheduleKept).toBeUndefined();
    expect(evaluateThresholds(gates, closed)[0]).toMatchObject({
      value: null,
      passed: false,
    });
  });

  it("reads nothing but finite numbers and yes-or-no fields", () => {
    const result = sampleResult();
    expect(metricValue(result, ["config", "scenario"])).toBeNull();
    expect(metricValue(result, ["audit", "balanced"])).toBe(result.audit.balanced ? 1 : 0);
    expect(metricValue(result, ["totals", "constructor"])).toBeNull();
    expect(metricValue(result, ["nope"])).toBeNull();
    expect(metricValue(result, ["totals", "generated"])).toBe(result.totals.generated);
  });
});

describe("thresholdsFor", () => {
  const config = (thresholds: string[]) =>
    resolveConfig({ agents: 10, types: ["direct", "broadcast"], thresholds });

  it("accepts the run's own types and agents", () => {
    const parsed = thresholdsFor(
      config(["byType.broadcast.successRate>0.9", "byAgent.Agent-10.latency.p99<5ms"]),
    );
    expect(parsed.map((t) => t.metric)).toEqual([
      "byType.broadcast.successRate",
      "byAgent.Agent-10.latency.p99",
    ]);
  });

  it("refuses a type the run does not send and an agent it does not have", () => {
    expect(() => thresholdsFor(config(["byType.soft_onboard.successRate>0.9"]))).toThrow(
      new ConfigError(
        'threshold "byType.soft_onboard.successRate>0.9": this run has no message type "soft_onboard" (direct, broadcast)',
      ),
    );
    expect(() => thresholdsFor(config(["byAgent.Agent-11.successRate>0.9"]))).toThrow(
      /this run has no agent "Agent-11" \(Agent-1 … Agent-10\)/,
    );
    expect(() => thresholdsFor(config(["byAgent.agent-1.successRate>0.9"]))).toThrow(
      /did you mean Agent-1\?/,
    );
    expect(() => thresholdsFor(config(["byAgent.Agent-01.successRate>0.9"]))).toThrow(ConfigError);
  });
});

describe("thresholds in the settings", () => {
  it("are checked when the configuration is resolved, with the setting's name", () => {
    expect(() => resolveConfig({ thresholds: ["latency.endToEnd.p98<5ms"] })).toThrow(
      /thresholds\[0\]: unknown metric "latency.endToEnd.p98"/,
    );
    expect(resolveConfig({}).thresholds).toEqual([]);
    expect(resolveConfig({ thresholds: ["successRate>=95%"] }).thresholds).toEqual([
      "successRate>=95%",
    ]);
  });
});
