import type { CompareOptions } from "../compare/compare.js";
import type { Comparison } from "../compare/comparison.js";
import type { RunResult, ThresholdOutcome } from "../result/result.js";
import type { Threshold } from "../thresholds/threshold.js";
import { lazyModule } from "./load.js";

// The public API's judgements of a finished run, each loading its module on its first call.

const comparing = lazyModule<typeof import("../compare/compare.js")>("../compare/compare.js");
const evaluation = lazyModule<typeof import("../thresholds/evaluate.js")>(
  "../thresholds/evaluate.js",
);
const parsing = lazyModule<typeof import("../thresholds/threshold.js")>(
  "../thresholds/threshold.js",
);

/**
 * Set a candidate run's figures against a base run's: one row per compared figure with its
 * ratio and verdict, a count of the verdicts, and warnings about whatever makes the two runs
 * doubtful to compare. A pure function of its arguments.
 */
export function compareResults(
  base: RunResult,
  candidate: RunResult,
  options: CompareOptions,
): Comparison {
  return comparing().compareResults(base, candidate, options);
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
  return evaluation().evaluateThresholds(thresholds, result, abortedBy);
}

/**
 * Parse `METRIC OP LIMIT`, e.g. `latency.endToEnd.p99<5ms`, `successRate>=95%` or
 * `throughput.messagesPerSec>10k`. Throws an Error with a one-line message naming what is wrong.
 */
export function parseThreshold(text: string): Threshold {
  return parsing().parseThreshold(text);
}
