import { describe, expect, it } from "vitest";
import { compareResults } from "../../src/compare/compare.js";
import {
  COMPARISON_SCHEMA,
  type Comparison,
  type ComparisonRow,
} from "../../src/compare/comparison.js";
import type { RunResult } from "../../src/result/result.js";
import { openSampleResult, sampleResult } from "../fixtures/result.js";
import { resultWith } from "./changes.js";

const TOLERANCE = { tolerance: 0.05 };

function row(comparison: Comparison, metric: string): ComparisonRow {
  const found = comparison.rows.find((candidate) => candidate.metric === metric);
  if (!found) throw new Error(`no row for ${metric}`);
  return found;
}

/** The row of `metric` when only the throughput differs: base 100 msg/s. */
function throughputRow(candidate: number, tolerance = 0.05): ComparisonRow {
  const base = resultWith({ throughput: { messagesPerSec: 100 } });
  const other = resultWith({ throughput: { messagesPerSec: candidate } });
  return row(compareResults(base, other, { tolerance }), "throughput.messagesPerSec");
}

describe("compareResults", () => {
  it("finds two identical runs the same on every figure, with nothing to warn about", () => {
    const comparison = compareResults(sampleResult(), sampleResult(), TOLERANCE);
    expect(comparison.schema).toBe(COMPARISON_SCHEMA);
    expect(comparison.tolerance).toBe(0.05);
    expect(comparison.warnings).toEqual([]);
    expect(comparison.summary).toEqual({
      better: 0,
      worse: 0,
      same: comparison.rows.length,
      "n/a": 0,
    });
    for (const compared of comparison.rows) {
      expect(compared.ratio, compared.metric).toBe(compared.base === 0 ? null : 1);
    }
  });

  it("compares throughput, latencies, success, resources, queue depth and counts", () => {
    const metrics = compareResults(sampleResult(), sampleResult(), TOLERANCE).rows.map(
      (compared) => compared.metric,
    );
    expect(metrics).toEqual([
      "throughput.messagesPerSec",
      "throughput.deliveriesPerSec",
      ...["mean", "p50", "p90", "p95", "p99", "p999", "max"].map((s) => `latency.endToEnd.${s}`),
      ...["p50", "p95", "p99", "max"].map((s) => `latency.queueWait.${s}`),
      ...["p50", "p95", "p99", "max"].map((s) => `latency.delivery.${s}`),
      "successRate",
      "attemptSuccessRate",
      "resources.rssPeakMB",
      "resources.heapPeakMB",
      "resources.cpuPeakPct",
      "queue.depthPeak",
      "totals.deadLettered",
      "totals.duplicates",
      "durationMs",
    ]);
    expect(new Set(metrics).size).toBe(metrics.length);
  });

  it("adds the open load's figures when a run had open load, and says the other had none", () => {
    const closedRows = compareResults(sampleResult(), sampleResult(), TOLERANCE).rows;
    const comparison = compareResults(sampleResult(), openSampleResult(), TOLERANCE);
    const added = comparison.rows
      .map((compared) => compared.metric)
      .filter((metric) => !closedRows.some((closed) => closed.metric === metric));
    expect(added).toEqual([
      "load.sentPerSec",
      ...["p50", "p99", "max"].map((s) => `latency.endToEndUncorrected.${s}`),
      ...["p50", "p99", "max"].map((s) => `load.sendLag.${s}`),
      "totals.dropped",
    ]);
    expect(row(comparison, "load.sentPerSec")).toMatchObject({ base: null, verdict: "n/a" });
    expect(row(comparison, "load.sendLag.p99")).toMatchObject({
      candidate: openSampleResult().load?.sendLag.p99,
      verdict: "n/a",
    });
    expect(comparison.warnings.join("\n")).toMatch(/different settings: .*load/);
  });

  it("labels the runs as told, or base and candidate, and says what each run was", () => {
    const candidate = resultWith({ core: "./core.js", config: { core: "./core.js" } });
    const named = compareResults(sampleResult(), candidate, {
      ...TOLERANCE,
      baseLabel: "a.json",
      candidateLabel: "b.json",
    });
    expect(named.base).toEqual({
      label: "a.json",
      schema: "swarm-stress/result@1",
      scenario: "realistic",
      core: "mock",
      startedAt: "2026-11-27T13:05:09.123Z",
    });
    expect(named.candidate).toMatchObject({ label: "b.json", core: "./core.js" });
    const unnamed = compareResults(sampleResult(), candidate, TOLERANCE);
    expect([unnamed.base.label, unnamed.candidate.label]).toEqual(["base", "candidate"]);
  });

  it("judges each figure by its polarity: faster and leaner is better, slower and heavier worse", () => {
    const base = resultWith({ successRate: 0.8 });
    const candidate = resultWith({
      throughput: { messagesPerSec: base.throughput.messagesPerSec * 0.5 },
      latency: { endToEnd: { p99: base.latency.endToEnd.p99 * 0.8 } },
      resources: { rssPeakMB: base.resources.rssPeakMB * 2, cpuPeakPct: 40 },
      queue: { depthPeak: 1000 },
      successRate: 1,
    });
    const comparison = compareResults(base, candidate, TOLERANCE);
    expect(row(comparison, "throughput.messagesPerSec")).toMatchObject({
      higherIsBetter: true,
      unit: "msg/s",
      ratio: 0.5,
      verdict: "worse",
    });
    expect(row(comparison, "latency.endToEnd.p99")).toMatchObject({
      higherIsBetter: false,
      unit: "ms",
      verdict: "better",
    });
    expect(row(comparison, "latency.endToEnd.p99").ratio).toBeCloseTo(0.8);
    expect(row(comparison, "resources.rssPeakMB")).toMatchObject({ ratio: 2, verdict: "worse" });
    expect(row(comparison, "resources.cpuPeakPct").verdict).toBe("better");
    expect(row(comparison, "queue.depthPeak").verdict).toBe("worse");
    expect(row(comparison, "successRate")).toMatchObject({ unit: "ratio", verdict: "better" });
    expect(comparison.summary).toMatchObject({ better: 3, worse: 3 });
  });

  it("counts a change of exactly the tolerance as the same, and anything beyond it as a change", () => {
    expect(throughputRow(105).verdict).toBe("same");
    expect(throughputRow(95).verdict).toBe("same");
    expect(throughputRow(105.01).verdict).toBe("better");
    expect(throughputRow(94.99).verdict).toBe("worse");
    // 1.05 / 1 - 1 is 0.050000000000000044 in floating point: still within 5%.
    const base = resultWith({ resources: { heapPeakMB: 1 } });
    const candidate = resultWith({ resources: { heapPeakMB: 1.05 } });
    expect(row(compareResults(base, candidate, TOLERANCE), "resources.heapPeakMB").verdict).toBe(
      "same",
    );
  });

  it("with a tolerance of 0 calls any change better or worse", () => {
    expect(throughputRow(100, 0).verdict).toBe("same");
    expect(throughputRow(100.001, 0).verdict).toBe("better");
  });

  it("judges success rates by the share that failed, not by their ratio", () => {
    const judged = (base: number, candidate: number, tolerance: number) =>
      row(
        compareResults(resultWith({ successRate: base }), resultWith({ successRate: candidate }), {
          tolerance,
        }),
        "successRate",
      );
    // 99.9% to 99.0%: the rates differ by 1%, but ten times as many messages failed.
    expect(judged(0.999, 0.99, 0.05)).toMatchObject({ verdict: "worse" });
    expect(judged(0.99, 0.999, 0.05).verdict).toBe("better");
    // 90% to 90.4%: 10% failed, then 9.6%, a 4% change of the failures, within 5%.
    expect(judged(0.9, 0.904, 0.05).verdict).toBe("same");
    expect(judged(0.9, 0.904, 0.03).verdict).toBe("better");
    // None failed on either side; any failure against none is worse.
    expect(judged(1, 1, 0).verdict).toBe("same");
    expect(judged(1, 0.9999, 0.05)).toMatchObject({ ratio: 0.9999, verdict: "worse" });
  });

  it("has no ratio from a base of 0: two zeros are the same, a rise from zero is judged by direction", () => {
    const clean = resultWith({ totals: { deadLettered: 0, duplicates: 0 } });
    const dirty = resultWith({ totals: { deadLettered: 5, duplicates: 0 } });
    const same = compareResults(clean, clean, TOLERANCE);
    expect(row(same, "totals.deadLettered")).toMatchObject({ ratio: null, verdict: "same" });
    const rise = compareResults(clean, dirty, TOLERANCE);
    expect(row(rise, "totals.deadLettered")).toMatchObject({
      base: 0,
      candidate: 5,
      ratio: null,
      verdict: "worse",
    });
    const fall = compareResults(dirty, clean, TOLERANCE);
    expect(row(fall, "totals.deadLettered")).toMatchObject({ ratio: 0, verdict: "better" });
    const zeroThroughput = resultWith({ throughput: { messagesPerSec: 0 } });
    expect(
      row(compareResults(zeroThroughput, sampleResult(), TOLERANCE), "throughput.messagesPerSec"),
    ).toMatchObject({ ratio: null, verdict: "better" });
  });

  it("reads an older result without some fields as n/a for those figures only", () => {
    const older = resultWith({
      attemptSuccessRate: undefined,
      latency: { endToEnd: { p999: undefined }, queueWait: { p999: undefined } },
    }) as RunResult;
    const comparison = compareResults(older, sampleResult(), TOLERANCE);
    expect(row(comparison, "latency.endToEnd.p999")).toMatchObject({
      base: null,
      candidate: sampleResult().latency.endToEnd.p999,
      ratio: null,
      verdict: "n/a",
    });
    expect(row(comparison, "attemptSuccessRate").verdict).toBe("n/a");
    expect(row(comparison, "latency.queueWait.p99").verdict).toBe("same");
    expect(comparison.summary["n/a"]).toBe(2);
    expect(comparison.summary.same).toBe(comparison.rows.length - 2);
  });

  it("treats a latency summary without values as no figure rather than 0 ms", () => {
    const empty = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
    const noQueueWait = resultWith({ latency: { queueWait: empty } });
    const comparison = compareResults(sampleResult(), noQueueWait, TOLERANCE);
    expect(row(comparison, "latency.queueWait.p50")).toMatchObject({
      candidate: null,
      verdict: "n/a",
    });
    expect(row(comparison, "latency.endToEnd.p50").verdict).toBe("same");
  });

  it("leaves both results as they were", () => {
    const base = sampleResult();
    const candidate = resultWith({ throughput: { messagesPerSec: 1 } });
    const before = JSON.stringify([base, candidate]);
    compareResults(base, candidate, TOLERANCE);
    expect(JSON.stringify([base, candidate])).toBe(before);
  });
});
