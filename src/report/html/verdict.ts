import type { RunResult } from "../../run/result.js";
import { count } from "../numbers.js";
import { valueInUnit } from "./format.js";

/** Whether a run passed, and the reasons when it did not. */
export interface RunVerdict {
  /** The audit balanced and every threshold passed. */
  readonly passed: boolean;
  /** One line per reason it failed; empty when it passed. */
  readonly failures: readonly string[];
  /** Why the run stopped before settling every message; null when it ran to the end. */
  readonly stoppedEarly: string | null;
}

/** The run's verdict, as the report headlines it. */
export function runVerdict(result: RunResult): RunVerdict {
  const failures: string[] = [];
  if (!result.audit.balanced) {
    failures.push(`the audit does not balance: ${count(result.audit.lost)} lost`);
  }
  const thresholds = result.thresholds ?? [];
  for (const threshold of thresholds) {
    if (!threshold.passed) {
      failures.push(
        `threshold ${threshold.expression} failed: measured ${valueInUnit(threshold.value, threshold.unit)}`,
      );
    }
  }
  return { passed: failures.length === 0, failures, stoppedEarly: stoppedEarlyReason(result) };
}

function stoppedEarlyReason(result: RunResult): string | null {
  if (!result.stoppedEarly) return null;
  const aborting = result.thresholds?.find((threshold) => threshold.abortedRun);
  const pending = `${count(result.totals.pending)} messages still pending`;
  return aborting
    ? `stopped early: ${aborting.expression} could no longer pass (${pending})`
    : `stopped early (${pending})`;
}
