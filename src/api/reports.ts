import type { CapacityDocument } from "../capacity/capacity-document.js";
import type { Comparison } from "../compare/comparison.js";
import type { ComparisonTableOptions } from "../report/compare-table.js";
import type { SummaryOptions } from "../report/console.js";
import type { LoadedResult } from "../report/read-result.js";
import type { RunVerdict } from "../report/run-verdict.js";
import type { RunResult } from "../result/result.js";
import { lazyModule } from "./load.js";

// The public API's reports, each of which loads its renderer on its first call (see load.ts):
// the HTML pages alone are some 40 modules, which a program that only runs need not load.

const capacityTable = lazyModule<typeof import("../report/capacity-table.js")>(
  "../report/capacity-table.js",
);
const compareTable = lazyModule<typeof import("../report/compare-table.js")>(
  "../report/compare-table.js",
);
const consoleSummary = lazyModule<typeof import("../report/console.js")>("../report/console.js");
const capacityPage = lazyModule<typeof import("../report/html/capacity-report.js")>(
  "../report/html/capacity-report.js",
);
const comparePage = lazyModule<typeof import("../report/html/compare-report.js")>(
  "../report/html/compare-report.js",
);
const runPage = lazyModule<typeof import("../report/html/run-report.js")>(
  "../report/html/run-report.js",
);
const junit = lazyModule<typeof import("../report/junit.js")>("../report/junit.js");
const verdict = lazyModule<typeof import("../report/run-verdict.js")>("../report/run-verdict.js");
const reader = lazyModule<typeof import("../report/read-result.js")>("../report/read-result.js");

/**
 * A capacity search for a terminal or a CI log: the conclusion, then every step as a row. A
 * pure function of the document, so a saved one renders as the live search did.
 */
export function formatCapacity(doc: CapacityDocument, options: { color?: boolean } = {}): string {
  return capacityTable().formatCapacity(doc, options);
}

/**
 * A comparison as plain, aligned text for a terminal or a CI log: which runs, what makes them
 * doubtful to compare, one row per figure with its verdict, and the count of verdicts. A pure
 * function of the comparison.
 */
export function formatComparison(
  comparison: Comparison,
  options: ComparisonTableOptions = {},
): string {
  return compareTable().formatComparison(comparison, options);
}

/**
 * A run's result as plain, aligned text for a terminal or a CI log. A pure function of the
 * result, so a saved result renders exactly as the live run did.
 */
export function formatSummary(result: RunResult, options: SummaryOptions = {}): string {
  return consoleSummary().formatSummary(result, options);
}

/**
 * A capacity search as one self-contained HTML page: the rate found, latency and throughput
 * against the offered rate with the knee marked, the search over time, and every step.
 */
export function renderCapacityReport(doc: CapacityDocument): string {
  return capacityPage().renderCapacityReport(doc);
}

/**
 * A comparison of two runs as one self-contained HTML page: its warnings first, both runs'
 * identification, every compared figure with its verdict, and charts overlaying the two runs.
 * `base` and `candidate` are the results the comparison was computed from; they supply what
 * the comparison does not carry (histograms, timelines, environments).
 */
export function renderCompareReport(
  comparison: Comparison,
  base: RunResult,
  candidate: RunResult,
): string {
  return comparePage().renderCompareReport(comparison, base, candidate);
}

/**
 * A run's result as one self-contained HTML page: verdict, charts over time, the latency
 * distribution, the tables of the console summary and the configuration. A pure function of the
 * result, so a saved result renders exactly as the live run would have.
 */
export function renderRunReport(result: RunResult): string {
  return runPage().renderRunReport(result);
}

/**
 * The run's verdict as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab,
 * Jenkins) show as test results: one suite with a case per threshold, one with the audit. A
 * pure function of the result.
 */
export function formatJunit(result: RunResult): string {
  return junit().formatJunit(result);
}

/**
 * The run's verdict, as every place that gives it (the exit code, the summary, the HTML report)
 * gives it: a run that lost messages, stopped before the end, or failed a threshold fails.
 */
export function runVerdict(result: RunResult): RunVerdict {
  return verdict().runVerdict(result);
}

/**
 * Write `result` as pretty JSON and return the path written. Without `path` the file is
 * `results/<scenario>-<start time>.json` (e.g. `results/realistic-2026-11-27T13-05-09Z.json`),
 * with `-2`, `-3`, … added when that name is taken, so an earlier result is never overwritten.
 * An explicit `path` is written as asked, replacing what is there. Missing directories are
 * created. Throws a one-line {@link ConfigError} when the path cannot be written (a directory,
 * no permission), a {@link RuntimeError} when the disk is full or read-only.
 */
export async function saveResult(result: RunResult, path?: string): Promise<string> {
  const { saveResult: save } = await import("../report/json.js");
  return save(result, path);
}

/**
 * Read a saved RunResult. Throws a one-line {@link ConfigError} naming the file and the problem
 * when it is missing, not a regular file, too large, not JSON, a different document or a result
 * without the fields a report needs. A result of a later schema version is read as far as it
 * goes, with a warning.
 */
export function readResultFile(path: string): LoadedResult {
  return reader().readResultFile(path);
}
