import { LatencyHistogram } from "../metrics/histogram.js";

/** One point of a latency percentile curve. */
export interface LatencyCurvePoint {
  /** 0 to 100. */
  readonly percentile: number;
  /**
   * `log10(1 / (1 - p))`: 0 at the median's left end, 1 at p90, 2 at p99, 3 at p99.9. The 100th
   * percentile has no finite nines; it is placed where the histogram's last value sits.
   */
  readonly nines: number;
  readonly ms: number;
}

/**
 * Samples per halving of the distance to 100%, as in HdrHistogram's percentile distribution
 * (0, 50, 75, 87.5, ... with this many steps between each): dense in the tail, where the
 * interesting part of a latency distribution is.
 */
const TICKS_PER_HALF_DISTANCE = 4;

/** Percentiles always on the curve, so a reader finds the usual figures exactly. */
const LANDMARKS = [50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 99.9999];

/** Deeper than this a percentile is noise even for the largest runs; HDR keeps 3 digits. */
const MAX_NINES = 7;

/** 99.9% is 3 nines, though floating point makes it 3.00000000000005. */
const EPSILON = 1e-9;

/**
 * The end-to-end latency of a run as a percentile curve, from its encoded HDR histogram
 * (`result.histograms.endToEnd`). Empty when nothing was recorded.
 */
export function latencyCurve(encodedHistogram: string): LatencyCurvePoint[] {
  if (encodedHistogram === "") return [];
  const histogram = LatencyHistogram.decode(encodedHistogram);
  const total = histogram.count;
  if (total === 0) return [];
  return curvePercentiles(total).map((percentile) => ({
    percentile,
    nines: percentile === 100 ? lastNines(total) : nines(percentile),
    ms: histogram.percentile(percentile),
  }));
}

/**
 * The percentiles worth sampling for `total` values, ascending, ending at 100. Beyond
 * `1 - 1/total` every percentile is the largest value, so sampling stops there.
 */
export function curvePercentiles(total: number): number[] {
  const deepest = Math.min(Math.log10(Math.max(total, 1)), MAX_NINES);
  const percentiles = new Set<number>([0]);
  for (let halvings = 0; ; halvings++) {
    const start = 100 - 100 / 2 ** halvings;
    const step = 100 / 2 ** (halvings + 1) / TICKS_PER_HALF_DISTANCE;
    if (nines(start) > deepest + EPSILON) break;
    for (let tick = 0; tick < TICKS_PER_HALF_DISTANCE; tick++) {
      const percentile = start + tick * step;
      if (nines(percentile) <= deepest + EPSILON) percentiles.add(roundPercentile(percentile));
    }
  }
  for (const landmark of LANDMARKS) {
    if (nines(landmark) <= deepest + EPSILON) percentiles.add(landmark);
  }
  percentiles.add(100);
  return [...percentiles].sort((a, b) => a - b);
}

function nines(percentile: number): number {
  return Math.log10(100 / (100 - percentile));
}

/** Where the 100th percentile goes: a little past the deepest sampled one, so x keeps rising. */
function lastNines(total: number): number {
  return Math.max(Math.min(Math.log10(total), MAX_NINES), 0) + 0.25;
}

/** Keeps binary fractions such as 96.875 readable and the set free of float near-duplicates. */
function roundPercentile(percentile: number): number {
  return Math.round(percentile * 1e9) / 1e9;
}
