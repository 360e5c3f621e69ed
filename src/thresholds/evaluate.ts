import type { RunResult, ThresholdOutcome } from "../run/result.js";
import { holds, type Threshold } from "./threshold.js";

/** The number at `segments` in `result`, or null when the result has none there. */
export function metricValue(result: RunResult, segments: readonly string[]): number | null {
  let node: unknown = result;
  for (const segment of segments) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return null;
    node = (node as Record<string, unknown>)[segment];
  }
  return typeof node === "number" && Number.isFinite(node) ? node : null;
}

/**
 * Judge each threshold against a finished run. A threshold whose metric the result lacks (an
 * older result) fails: a gate must not pass on a figure nobody measured. Those in `abortedBy`
 * stopped the run because they could no longer pass, so they fail whatever the partial run
 * measured.
 */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  result: RunResult,
  abortedBy: ReadonlySet<string> = new Set(),
): ThresholdOutcome[] {
  return thresholds.map((threshold) => {
    const value = metricValue(result, threshold.resolved.segments);
    const aborted = abortedBy.has(threshold.expression);
    return {
      expression: threshold.expression,
      metric: threshold.metric,
      operator: threshold.operator,
      limit: threshold.limit,
      value,
      unit: threshold.resolved.unit,
      passed: !aborted && value !== null && holds(value, threshold.operator, threshold.limit),
      ...(aborted ? { abortedRun: true } : {}),
    };
  });
}

/** True when every threshold passed (and when there are none). */
export function allPassed(outcomes: readonly ThresholdOutcome[] | undefined): boolean {
  return (outcomes ?? []).every((outcome) => outcome.passed);
}
