import type { RunResult, ThresholdOutcome } from "../result/result.js";
import { holds, type Threshold } from "./threshold.js";

/**
 * The number at `segments` in `result` (a yes-or-no field as 1 or 0), or null when the result
 * has none there.
 */
export function metricValue(result: RunResult, segments: readonly string[]): number | null {
  let node: unknown = result;
  for (const segment of segments) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return null;
    node = (node as Record<string, unknown>)[segment];
  }
  if (typeof node === "boolean") return node ? 1 : 0;
  return typeof node === "number" && Number.isFinite(node) ? node : null;
}

/**
 * The figure a threshold judges: a latency of a slice with no values (nothing delivered) is
 * no figure at all, not 0 ms, so it cannot pass.
 */
function measuredValue(result: RunResult, segments: readonly string[]): number | null {
  const value = metricValue(result, segments);
  const summary = segments.slice(0, -1);
  if (value !== null && summary.includes("latency") && segments.at(-1) !== "count") {
    if (metricValue(result, [...summary, "count"]) === 0) return null;
  }
  return value;
}

/**
 * Judge each threshold against a finished run. A threshold whose metric the result lacks (an
 * older result, a latency with no values) fails: a gate must not pass on a figure nobody
 * measured. Those in `abortedBy` stopped the run because they could no longer pass, so they
 * fail whatever the partial run measured; the others of a run that stopped early are not
 * judged (`partial`).
 */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  result: RunResult,
  abortedBy: ReadonlySet<string> = new Set(),
): ThresholdOutcome[] {
  return thresholds.map((threshold) => {
    const value = measuredValue(result, threshold.resolved.segments);
    const aborted = abortedBy.has(threshold.expression);
    const outcome = {
      expression: threshold.expression,
      metric: threshold.metric,
      operator: threshold.operator,
      limit: threshold.limit,
      value,
      unit: threshold.resolved.unit,
    };
    if (aborted) return { ...outcome, passed: false, abortedRun: true };
    if (result.stoppedEarly) return { ...outcome, passed: false, partial: true };
    return {
      ...outcome,
      passed: value !== null && holds(value, threshold.operator, threshold.limit),
    };
  });
}
