import { describe, expect, it } from "vitest";
import { metricValue } from "../../src/thresholds/evaluate.js";
import { METRIC_CATALOG, type MetricNode } from "../../src/thresholds/metric-catalog.js";
import { resolveMetric } from "../../src/thresholds/resolve-metric.js";
import { holds, parseThreshold } from "../../src/thresholds/threshold.js";
import { openSampleResult, sampleResult } from "../fixtures/result.js";

describe("parseThreshold", () => {
  it("reads metric, operator and a limit in the metric's unit", () => {
    const cases: [string, string, string, number][] = [
      ["latency.endToEnd.p99<5ms", "latency.endToEnd.p99", "<", 5],
      ["latency.endToEnd.p99 <= 0.5s", "latency.endToEnd.p99", "<=", 500],
      ["latency.delivery.max<250us", "latency.delivery.max", "<", 0.25],
      ["latency.delivery.p50<3", "latency.delivery.p50", "<", 3],
      ["successRate>=0.95", "successRate", ">=", 0.95],
      ["successRate>=95%", "successRate", ">=", 0.95],
      ["throughput.messagesPerSec>1000", "throughput.messagesPerSec", ">", 1000],
      ["throughput.messagesPerSec>10k", "throughput.messagesPerSec", ">", 10_000],
      ["throughput.deliveriesPerSec>2M/s", "throughput.deliveriesPerSec", ">", 2_000_000],
      ["totals.deadLettered==0", "totals.deadLettered", "==", 0],
      ["totals.generated>=1_000", "totals.generated", ">=", 1000],
      ["resources.rssPeakMB<1GB", "resources.rssPeakMB", "<", 1024],
      ["resources.rssPeakMB<512", "resources.rssPeakMB", "<", 512],
      ["resources.cpuPeakPct<150%", "resources.cpuPeakPct", "<", 150],
      ["harness.overheadUsPerMessage<2us", "harness.overheadUsPerMessage", "<", 2],
      ["harness.overheadUsPerMessage<0.01ms", "harness.overheadUsPerMessage", "<", 10],
      ["byType.broadcast.latency.p95<20ms", "byType.broadcast.latency.p95", "<", 20],
      ["byAgent.Agent-3.successRate>0.9", "byAgent.Agent-3.successRate", ">", 0.9],
    ];
    for (const [text, metric, operator, limit] of cases) {
      const threshold = parseThreshold(text);
      expect({ metric: threshold.metric, operator: threshold.operator }).toEqual({
        metric,
        operator,
      });
      expect(threshold.limit).toBeCloseTo(limit, 9);
    }
  });

  it("keeps the expression without spaces around the operator", () => {
    expect(parseThreshold("  successRate >= 95%  ").expression).toBe("successRate>=95%");
  });

  it("names what is wrong in one line", () => {
    const message = (text: string) => {
      try {
        parseThreshold(text);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error(`"${text}" was accepted`);
    };
    expect(message("p99 below 5ms")).toContain("METRIC OP LIMIT");
    expect(message("latency.endToEnd.p98<5ms")).toMatch(
      /unknown metric "latency.endToEnd.p98": latency.endToEnd has count, min, .*p99.*; did you mean p90\?/,
    );
    expect(message("latncy.endToEnd.p99<5ms")).toContain("did you mean latency?");
    expect(message("latency.endToEnd<5ms")).toContain("is not a number: name one of count, min");
    expect(message("byAgent<5")).toContain("name an agent, e.g. byAgent.Agent-1");
    expect(message("successRate>=1.5")).toContain("a ratio from 0 to 1 or a percentage");
    expect(message("successRate>=95ms")).toContain("a ratio from 0 to 1");
    expect(message("latency.endToEnd.p99<5 parsecs")).toContain("invalid duration");
    expect(message("latency.endToEnd.p99<5kg")).toContain("invalid duration");
    expect(message("resources.rssPeakMB<3 furlongs")).toContain("megabytes");
    expect(message("latency.endToEnd.p99<five")).toContain(`"five" is not a number`);
    expect(message("resources.rssPeakMB<3TB")).toContain("megabytes");
    expect(message("totals.failed<3%")).toContain("a number, optionally with k or M");
    expect(message("successRate.p99<1")).toContain("successRate is a number, it has no fields");
    expect(message("harness.scheduleKept<1")).toContain(
      "harness.scheduleKept is true or false, compare it with == (e.g. harness.scheduleKept==true)",
    );
    expect(message("harness.scheduleKept==yes")).toContain(`"yes": write true or false`);
    for (const text of ["", "successRate", "successRate>", "<5", "successRate=>0.9"]) {
      expect(message(text)).not.toBe("");
    }
  });
});

describe("holds", () => {
  it("applies each operator at and around the limit", () => {
    expect([holds(4, "<", 5), holds(5, "<", 5), holds(5, "<=", 5), holds(6, "<=", 5)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([holds(6, ">", 5), holds(5, ">", 5), holds(5, ">=", 5), holds(4, ">=", 5)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([holds(5, "==", 5), holds(5.001, "==", 5)]).toEqual([true, false]);
  });
});

/** Every path to a number in the catalog, with a type and an agent the sample result has. */
function leafPaths(node: MetricNode, prefix: string): string[] {
  if (typeof node === "string") return [prefix];
  if ("keyedBy" in node && typeof node.keyedBy === "string") {
    const key = node.keyedBy === "agent" ? "Agent-1" : "direct";
    return leafPaths(node.each as MetricNode, `${prefix}.${key}`);
  }
  return Object.entries(node).flatMap(([field, child]) =>
    leafPaths(child as MetricNode, prefix === "" ? field : `${prefix}.${field}`),
  );
}

describe("the metric catalog", () => {
  it("names only numbers a result holds, and each resolves to itself", () => {
    const result = openSampleResult();
    const paths = leafPaths(METRIC_CATALOG, "");
    expect(paths.length).toBeGreaterThan(100);
    for (const path of paths) {
      const resolved = resolveMetric(path);
      expect(resolved.segments.join(".")).toBe(path);
      expect(metricValue(result, resolved.segments), path).not.toBeNull();
    }
  });

  it("covers every numeric field at the top of a result but the configuration's", () => {
    const result = sampleResult() as unknown as Record<string, unknown>;
    const numeric = Object.keys(result).filter((key) => typeof result[key] === "number");
    for (const key of numeric) expect(resolveMetric(key).segments).toEqual([key]);
  });
});
