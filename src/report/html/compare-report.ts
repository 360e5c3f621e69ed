import type { Comparison } from "../../compare/comparison.js";
import type { RunResult } from "../../run/result.js";

// PLACEHOLDER owned by the HTML helper: replaced by the real comparison report.
export function renderCompareReport(
  _comparison: Comparison,
  _base: RunResult,
  _candidate: RunResult,
): string {
  throw new Error("renderCompareReport is not written yet");
}
