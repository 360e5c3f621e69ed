import type { RunResult } from "../result/result.js";
import { formatMetric } from "./metric-value.js";
import { count } from "./numbers.js";

/** Whether a run passed, and the reasons when it did not. */
export interface RunVerdict {
  /** The audit balanced, the run went to the end, and every threshold passed. */
  readonly passed: boolean;
  /** One line per reason it failed; empty when it passed. */
  readonly failures: readonly string[];
  /** Why the run stopped before settling every message; null when it ran to the end. */
  readonly stoppedEarly: string | null;
}

/**
 * The run's verdict, one for every place that gives it (the exit code, the summary, the HTML
 * report): a run that lost messages, stopped before the end, or failed a threshold fails.
 */
export function runVerdict(result: RunResult): RunVerdict {
  const failures: string[] = [];
  if (!result.audit.balanced) {
    failures.push(`the audit does not balance: ${count(result.audit.lost)} lost`);
  }
  const stoppedEarly = stoppedEarlyReason(result);
  if (stoppedEarly) failures.push(`the run ${stoppedEarly}`);
  for (const threshold of result.thresholds ?? []) {
    if (threshold.passed || threshold.partial) continue;
    failures.push(
      `threshold ${threshold.expression} failed: measured ${formatMetric(threshold.value, threshold.unit)}`,
    );
  }
  return { passed: failures.length === 0, failures, stoppedEarly };
}

function stoppedEarlyReason(result: RunResult): string | null {
  if (!result.stoppedEarly) return null;
  const aborting = result.thresholds?.find((threshold) => threshold.abortedRun);
  const pending = `${count(result.totals.pending)} messages still pending`;
  if (result.fault) return `stopped by a fault: ${result.fault.reason} (${pending})`;
  return aborting
    ? `stopped early: ${aborting.expression} could no longer pass (${pending})`
    : `stopped early (${pending})`;
}
