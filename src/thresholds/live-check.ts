import type { LatencyHistogram } from "../metrics/histogram.js";
import type { SamplerSummary } from "../metrics/sampler.js";
import type { Totals } from "../result/result.js";
import type { Threshold } from "./threshold.js";

/** What a run has measured so far, for judging thresholds before it ends. */
export interface LiveFigures {
  /** Messages the run will have generated when it ends; no more can come. */
  readonly planned: number;
  /** Counters so far (pending left at 0: only known at the end). */
  readonly totals: Totals;
  readonly latency: Readonly<Record<"endToEnd" | "queueWait" | "delivery", LatencyHistogram>>;
  readonly resources: SamplerSummary;
}

/** Percentile fields and the fraction of values at or under them. */
const QUANTILES: Readonly<Record<string, number>> = {
  p50: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
  p999: 0.999,
};

/** Resource fields that only ever grow during a run. */
const PEAKS = new Set(["rssPeakMB", "heapPeakMB", "cpuPeakPct", "eventLoopLagMaxMs"]);

/**
 * Why `threshold` can no longer pass whatever the rest of the run does, or undefined while it
 * still can (or when it cannot be told before the end). Only sound bounds are used, so a run is
 * never stopped by a threshold it could still have met: counters, peaks and maxima only grow;
 * more than (1 − q) × planned end-to-end latencies above a limit fix the q-th percentile above
 * it (the run ends with at most `planned` of them); dead letters and dropped arrivals cap the
 * success rate.
 */
export function cannotPass(threshold: Threshold, figures: LiveFigures): string | undefined {
  const [head, field = "", sub = ""] = threshold.resolved.segments;
  const grown = (value: number, what: string) =>
    exceeds(value, threshold) ? `${what} is already ${round(value)}` : undefined;
  if (threshold.resolved.segments.length > 3) return undefined;
  switch (head) {
    case "totals":
      return field === "pending"
        ? undefined
        : grown(figures.totals[field as keyof Totals] ?? 0, threshold.metric);
    case "deadLetters":
      return grown(figures.totals.deadLettered, threshold.metric);
    case "queue":
      return field === "depthPeak"
        ? grown(figures.resources.depthPeak, threshold.metric)
        : undefined;
    case "resources":
      return PEAKS.has(field)
        ? grown(figures.resources[field as keyof SamplerSummary] ?? 0, threshold.metric)
        : undefined;
    case "latency":
      return latencyBound(threshold, figures, field as keyof LiveFigures["latency"], sub);
    case "successRate":
      return successBound(threshold, figures);
    default:
      return undefined;
  }
}

/** True when a value that can only grow already breaks an upper limit. */
function exceeds(value: number, threshold: Threshold): boolean {
  switch (threshold.operator) {
    case "<":
      return value >= threshold.limit;
    case "<=":
    case "==":
      return value > threshold.limit;
    default:
      return false;
  }
}

function latencyBound(
  threshold: Threshold,
  figures: LiveFigures,
  kind: keyof LiveFigures["latency"],
  field: string,
): string | undefined {
  const histogram = figures.latency[kind];
  if (histogram === undefined || histogram.count === 0) return undefined;
  const max = histogram.max;
  if (field === "max") {
    return exceeds(max, threshold)
      ? `the slowest ${kind} latency is already ${round(max)}ms`
      : undefined;
  }
  const quantile = QUANTILES[field];
  // Retries make queue-wait and delivery counts open-ended; only end-to-end counts are capped.
  if (quantile === undefined || kind !== "endToEnd") return undefined;
  const allowedAbove = Math.floor((1 - quantile) * figures.planned + 1e-9);
  const n = histogram.count;
  if (n <= allowedAbove) return undefined;
  // The value at rank n − allowedAbove: it and every value above it are at least this slow.
  // Asking for half a rank less keeps float rounding from landing one rank higher.
  const rank = n - allowedAbove;
  const bound = Math.min(histogram.percentile((100 * (rank - 0.5)) / n), max);
  return exceeds(bound, threshold)
    ? `${allowedAbove + 1} of at most ${figures.planned} messages already took ${round(bound)}ms or more`
    : undefined;
}

function successBound(threshold: Threshold, figures: LiveFigures): string | undefined {
  if (figures.planned === 0) return undefined;
  // Neither a dead letter nor a dropped arrival can be delivered any more.
  const { deadLettered, dropped = 0 } = figures.totals;
  const best = 1 - (deadLettered + dropped) / figures.planned;
  const fails =
    threshold.operator === ">"
      ? best <= threshold.limit
      : threshold.operator === ">=" || threshold.operator === "=="
        ? best < threshold.limit
        : false;
  // Rounded down: "at best" must never read as a value that would have passed.
  const atBest = Math.floor(best * 1e6) / 1e6;
  return fails
    ? `${deadLettered + dropped} of ${figures.planned} messages are already ${dropped > 0 ? "dead-lettered or dropped" : "dead-lettered"}: at best ${atBest}`
    : undefined;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The first threshold that can no longer pass, with why; undefined while all still can. */
export function firstLostThreshold(
  thresholds: readonly Threshold[],
  figures: LiveFigures,
): { readonly threshold: Threshold; readonly why: string } | undefined {
  for (const threshold of thresholds) {
    const why = cannotPass(threshold, figures);
    if (why !== undefined) return { threshold, why };
  }
  return undefined;
}
