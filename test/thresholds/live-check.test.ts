import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../src/metrics/histogram.js";
import type { SamplerSummary } from "../../src/metrics/sampler.js";
import type { Totals } from "../../src/result/result.js";
import { evaluateThresholds } from "../../src/thresholds/evaluate.js";
import {
  cannotPass,
  firstLostThreshold,
  type LiveFigures,
} from "../../src/thresholds/live-check.js";
import { parseThreshold } from "../../src/thresholds/threshold.js";
import { sampleResult } from "../fixtures/result.js";
import { seededRandom } from "../support/seeded-random.js";

const TOTALS: Totals = {
  generated: 0,
  delivered: 0,
  failed: 0,
  timedOut: 0,
  retried: 0,
  deadLettered: 0,
  pending: 0,
  duplicates: 0,
  deliveries: 0,
  attempts: 0,
};

const RESOURCES: SamplerSummary = {
  rssPeakMB: 100,
  rssAvgMB: 90,
  heapPeakMB: 40,
  heapAvgMB: 30,
  cpuPeakPct: 80,
  cpuAvgPct: 50,
  eventLoopLagP99Ms: 2,
  eventLoopLagMaxMs: 9,
  samples: 10,
  depthPeak: 500,
  depthAvg: 100,
};

function histogram(values: readonly number[] = []): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const value of values) h.record(value);
  return h;
}

function figures(overrides: Partial<LiveFigures> = {}): LiveFigures {
  return {
    planned: 1000,
    totals: TOTALS,
    resources: RESOURCES,
    ...overrides,
    latency: overrides.latency ?? {
      endToEnd: histogram(),
      queueWait: histogram(),
      delivery: histogram(),
    },
  };
}

const lost = (text: string, live: LiveFigures) => cannotPass(parseThreshold(text), live);

describe("cannotPass", () => {
  it("fails a counter once it has passed an upper limit, never a lower one", () => {
    const live = figures({ totals: { ...TOTALS, deadLettered: 5, duplicates: 2 } });
    expect(lost("totals.deadLettered<5", live)).toBe("totals.deadLettered is already 5");
    expect(lost("totals.deadLettered<=5", live)).toBeUndefined();
    expect(lost("totals.deadLettered==4", live)).toContain("already 5");
    expect(lost("deadLetters.count<3", live)).toContain("already 5");
    expect(lost("totals.duplicates>=1", live)).toBeUndefined();
    expect(lost("totals.deadLettered>10", live)).toBeUndefined();
    // Pending is only known at the end: a stopped run's backlog.
    expect(
      lost("totals.pending<1", figures({ totals: { ...TOTALS, pending: 9 } })),
    ).toBeUndefined();
  });

  it("fails peaks that have grown past their limit", () => {
    const live = figures();
    expect(lost("resources.rssPeakMB<64", live)).toContain("already 100");
    expect(lost("resources.cpuPeakPct<=79", live)).toContain("already 80");
    expect(lost("queue.depthPeak<500", live)).toContain("already 500");
    expect(lost("resources.rssAvgMB<10", live)).toBeUndefined();
    expect(lost("resources.rssPeakMB<1GB", live)).toBeUndefined();
  });

  it("fails a maximum latency at once, of any kind", () => {
    const live = figures({
      latency: { endToEnd: histogram([1]), queueWait: histogram([7]), delivery: histogram() },
    });
    expect(lost("latency.queueWait.max<5ms", live)).toContain("already 7ms");
    expect(lost("latency.endToEnd.max<5ms", live)).toBeUndefined();
    expect(lost("latency.delivery.max<5ms", live)).toBeUndefined();
  });

  it("fails a percentile once more values exceed it than the planned total allows", () => {
    // p99 of at most 1000 messages: 10 may be slow; the 11th makes p99 slow for certain.
    const slow = Array.from({ length: 10 }, () => 50);
    const fast = Array.from({ length: 100 }, () => 1);
    const ten = figures({
      latency: { ...figures().latency, endToEnd: histogram([...fast, ...slow]) },
    });
    expect(lost("latency.endToEnd.p99<5ms", ten)).toBeUndefined();
    const eleven = figures({
      latency: { ...figures().latency, endToEnd: histogram([...fast, ...slow, 50]) },
    });
    expect(lost("latency.endToEnd.p99<5ms", eleven)).toMatch(/^11 of at most 1000 messages/);
    expect(lost("latency.endToEnd.p999<5ms", eleven)).toBeDefined();
    expect(lost("latency.endToEnd.p50<5ms", eleven)).toBeUndefined();
    expect(lost("latency.endToEnd.p99>5ms", eleven)).toBeUndefined();
    // Retries leave the number of delivery latencies open, so no bound there.
    const delivery = figures({
      latency: { ...figures().latency, delivery: histogram([...slow, ...slow]) },
    });
    expect(lost("latency.delivery.p99<5ms", delivery)).toBeUndefined();
  });

  it("fails a success rate once dead letters cap it below the limit", () => {
    const live = figures({ totals: { ...TOTALS, deadLettered: 51 } });
    expect(lost("successRate>=0.95", live)).toContain("51 of 1000 messages are already dead");
    expect(lost("successRate>=0.94", live)).toBeUndefined();
    expect(lost("successRate>0.949", live)).toContain("at best 0.949");
    expect(lost("successRate<0.5", live)).toBeUndefined();
  });

  it("leaves what only the end can tell", () => {
    const live = figures({ totals: { ...TOTALS, deadLettered: 900, failed: 900 } });
    for (const text of [
      "throughput.messagesPerSec>1000000",
      "attemptSuccessRate>=0.99",
      "byType.direct.successRate>0.99",
      "durationMs<1",
      "audit.lost<1",
    ]) {
      expect(lost(text, live), text).toBeUndefined();
    }
  });

  it("names the first threshold that is lost", () => {
    const live = figures({ totals: { ...TOTALS, deadLettered: 3 } });
    const thresholds = ["totals.deadLettered<10", "totals.deadLettered<2", "successRate>0.999"].map(
      parseThreshold,
    );
    expect(firstLostThreshold(thresholds, live)?.threshold.expression).toBe(
      "totals.deadLettered<2",
    );
    expect(firstLostThreshold(thresholds.slice(0, 1), live)).toBeUndefined();
  });
});

describe("cannotPass is sound", () => {
  it("never gives up on a percentile the finished run meets", () => {
    // Runs of random length and slowness, checked after every value as a live run would be:
    // whenever the live check says a threshold is lost, the final result must fail it.
    let decided = 0;
    const others = { queueWait: histogram(), delivery: histogram() };
    for (let trial = 0; trial < 40; trial++) {
      const next = seededRandom(trial + 1);
      const planned = 50 + Math.floor(next() * 300);
      const slowShare = next() * 0.08;
      const latencies = Array.from({ length: planned }, () =>
        next() < slowShare ? 20 + next() * 80 : next() * 4,
      );
      const thresholds = ["p50", "p90", "p95", "p99", "p999"].map((p) =>
        parseThreshold(`latency.endToEnd.${p}<5ms`),
      );
      const live = histogram();
      const lostAt = new Map<string, number>();
      latencies.forEach((value, i) => {
        live.record(value);
        const view = figures({ planned, latency: { ...others, endToEnd: live } });
        for (const threshold of thresholds) {
          if (!lostAt.has(threshold.expression) && cannotPass(threshold, view)) {
            lostAt.set(threshold.expression, i);
          }
        }
      });
      const final = sampleResult({
        latency: { ...sampleResult().latency, endToEnd: live.summary() },
      });
      for (const outcome of evaluateThresholds(thresholds, final)) {
        if (lostAt.has(outcome.expression)) {
          decided++;
          expect(outcome.passed, `trial ${trial}: ${outcome.expression}`).toBe(false);
        }
      }
    }
    expect(decided).toBeGreaterThan(20);
  });
});
