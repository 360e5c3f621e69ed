import type { RunResult } from "../result/result.js";
import { COMPARED_METRICS, readMetric } from "./compared-metrics.js";
import {
  COMPARISON_SCHEMA,
  type ComparedRun,
  type Comparison,
  type ComparisonRow,
  type Verdict,
} from "./comparison.js";
import { comparisonWarnings } from "./comparison-warnings.js";
import { judge } from "./verdict.js";

/** Options of {@link compareResults}. */
export interface CompareOptions {
  /** Relative change under which two values count as the same, e.g. 0.05 for 5%. */
  readonly tolerance: number;
  /** What to call the base run (the CLI passes its file path); `base` when absent. */
  readonly baseLabel?: string;
  readonly candidateLabel?: string;
}

/**
 * Set a candidate run's figures against a base run's: one row per figure of
 * {@link COMPARED_METRICS} (those of open load where a run had it) with its ratio and verdict,
 * a count of the verdicts, and warnings about whatever makes the two runs doubtful to compare.
 * A pure function of its arguments.
 */
export function compareResults(
  base: RunResult,
  candidate: RunResult,
  options: CompareOptions,
): Comparison {
  const open = base.load !== undefined || candidate.load !== undefined;
  const compared = COMPARED_METRICS.filter((metric) => open || !metric.openLoad);
  const rows = compared.map((metric): ComparisonRow => {
    const baseValue = readMetric(base, metric);
    const candidateValue = readMetric(candidate, metric);
    return {
      metric: metric.metric,
      label: metric.label,
      unit: metric.unit,
      higherIsBetter: metric.higherIsBetter,
      base: baseValue,
      candidate: candidateValue,
      ...judge(baseValue, candidateValue, metric.unit, metric.higherIsBetter, options.tolerance),
    };
  });
  return {
    schema: COMPARISON_SCHEMA,
    tolerance: options.tolerance,
    base: describeRun(base, options.baseLabel ?? "base"),
    candidate: describeRun(candidate, options.candidateLabel ?? "candidate"),
    rows,
    summary: countVerdicts(rows),
    warnings: comparisonWarnings(base, candidate),
  };
}

/** Which run a saved document (a run result, a capacity search) is, under `label`. */
export function describeRun(
  document: {
    readonly schema: string;
    readonly core: string;
    readonly startedAt: string;
    readonly config: { readonly scenario: string };
  },
  label: string,
): ComparedRun {
  return {
    label,
    schema: document.schema,
    scenario: document.config.scenario,
    core: document.core,
    startedAt: document.startedAt,
  };
}

/** How many rows have each verdict. */
export function countVerdicts(rows: readonly ComparisonRow[]): Record<Verdict, number> {
  const summary: Record<Verdict, number> = { better: 0, worse: 0, same: 0, "n/a": 0 };
  for (const row of rows) summary[row.verdict]++;
  return summary;
}
