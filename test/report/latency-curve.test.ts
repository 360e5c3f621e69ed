import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../src/metrics/histogram.js";
import { curvePercentiles, latencyCurve } from "../../src/report/latency-curve.js";

/** A long-tailed spread of latencies, 0.1 ms to about 2 s. */
function tailValues(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 0.1 * Math.exp((i / count) * 10));
}

function histogramOf(values: readonly number[]): { encoded: string; histogram: LatencyHistogram } {
  const histogram = new LatencyHistogram();
  for (const value of values) histogram.record(value);
  return { encoded: histogram.encode(), histogram };
}

function strictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] as number));
}

describe("latencyCurve", () => {
  it("matches the histogram's own percentiles at every point", () => {
    const { encoded, histogram } = histogramOf(tailValues(20_000));
    const curve = latencyCurve(encoded);
    expect(curve.length).toBeGreaterThan(20);
    for (const point of curve) {
      expect(point.ms).toBe(histogram.percentile(point.percentile));
    }
  });

  it("rises monotonically in percentile, nines and latency", () => {
    const { encoded } = histogramOf(tailValues(5_000));
    const curve = latencyCurve(encoded);
    expect(strictlyIncreasing(curve.map((p) => p.percentile))).toBe(true);
    expect(strictlyIncreasing(curve.map((p) => p.nines))).toBe(true);
    const latencies = curve.map((p) => p.ms);
    expect(latencies.every((ms, i) => i === 0 || ms >= (latencies[i - 1] as number))).toBe(true);
  });

  it("puts percentiles on a log scale of 1/(1-p): 90% at 1 nine, 99% at 2, 99.9% at 3", () => {
    const { encoded } = histogramOf(tailValues(10_000));
    const curve = latencyCurve(encoded);
    const at = (percentile: number) => curve.find((p) => p.percentile === percentile);
    expect(at(0)?.nines).toBe(0);
    expect(at(90)?.nines).toBeCloseTo(1, 9);
    expect(at(99)?.nines).toBeCloseTo(2, 9);
    expect(at(99.9)?.nines).toBeCloseTo(3, 9);
    expect(at(99.99)?.nines).toBeCloseTo(4, 9);
    const last = curve.at(-1);
    expect(last?.percentile).toBe(100);
    expect(last?.nines).toBeGreaterThan(4);
  });

  it("ends at the largest value", () => {
    const { encoded, histogram } = histogramOf([1, 2, 3, 250]);
    const curve = latencyCurve(encoded);
    expect(curve.at(-1)?.ms).toBe(histogram.percentile(100));
    expect(curve.at(-1)?.ms).toBeCloseTo(250, 0);
  });

  it("is empty for an empty histogram, encoded or missing", () => {
    const { encoded } = histogramOf([]);
    expect(latencyCurve(encoded)).toEqual([]);
    expect(latencyCurve("")).toEqual([]);
  });

  it("draws a single value as a flat line from 0% to 100%", () => {
    const { encoded } = histogramOf([7]);
    const curve = latencyCurve(encoded);
    expect(curve.map((p) => p.percentile)).toEqual([0, 100]);
    // Within the one HDR bucket that holds the value (0.1% wide).
    expect(curve[0]?.ms).toBeCloseTo(7, 1);
    expect(curve[1]?.ms).toBeCloseTo(7, 1);
  });
});

describe("curvePercentiles", () => {
  it("samples no deeper than the values can tell apart", () => {
    // Beyond 1 - 1/count every percentile is the largest value.
    expect(Math.max(...curvePercentiles(100).filter((p) => p < 100))).toBeLessThanOrEqual(99);
    expect(curvePercentiles(1_000)).toContain(99.9);
    expect(curvePercentiles(1_000)).not.toContain(99.99);
  });

  it("includes the usual percentiles and stays small for huge runs", () => {
    const percentiles = curvePercentiles(1e12);
    for (const p of [0, 50, 75, 90, 95, 99, 99.9, 99.99, 99.999, 100]) {
      expect(percentiles).toContain(p);
    }
    expect(percentiles.length).toBeLessThan(120);
  });
});
