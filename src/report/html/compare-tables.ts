import type { ComparedRun, Comparison, ComparisonRow } from "../../compare/comparison.js";
import { formatDuration } from "../../config/duration.js";
import type { RunResult } from "../../result/result.js";
import { runVerdict } from "../run-verdict.js";
import { elapsed, valueInUnit } from "./format.js";
import { element, join, type Markup, markup } from "./markup.js";
import { environmentText, workloadText } from "./run-identity.js";
import { note } from "./section.js";
import { dataTable, type Row } from "./table.js";
import { verdictClass, verdictMark } from "./verdict-marks.js";

/** One side of the comparison: what the comparison says of it, and its result. */
export interface Side {
  readonly run: ComparedRun;
  readonly result: RunResult;
}

function deliveryText(result: RunResult): string {
  const c = result.config;
  return `batch ${c.batchSize}, interval ${formatDuration(c.interval)}, concurrency ${c.concurrency}, core ${result.core}`;
}

function outcomeText(result: RunResult): string {
  const verdict = runVerdict(result);
  const audit = result.audit.balanced ? "audit balanced" : "audit failed";
  const stopped = verdict.stoppedEarly ? `, ${verdict.stoppedEarly}` : "";
  return `${verdict.passed ? "pass" : "fail"} (${audit}${stopped})`;
}

/** What identifies a run, row by row. */
const IDENTITY_ROWS: readonly (readonly [string, (side: Side) => string])[] = [
  ["label", ({ run }) => run.label],
  ["scenario", ({ run }) => run.scenario],
  ["started", ({ run }) => run.startedAt],
  ["duration", ({ result }) => elapsed(result.durationMs)],
  ["seed", ({ result }) => String(result.config.seed)],
  ["workload", ({ result }) => workloadText(result.config)],
  ["delivery", ({ result }) => deliveryText(result)],
  ["queue", ({ result }) => result.queue.driver],
  ["outcome", ({ result }) => outcomeText(result)],
  ["environment", ({ result }) => environmentText(result.environment)],
  ["schema", ({ run }) => run.schema],
];

/** Rows that tell two runs apart by design; a difference there says nothing. */
const EXPECTED_TO_DIFFER = new Set(["label", "started", "duration"]);

/**
 * Both runs side by side. Rows where they differ are marked: a difference in workload or
 * machine is often the first explanation of a difference in the figures.
 */
export function identityTable(base: Side, candidate: Side): Markup {
  const rows = IDENTITY_ROWS.map(([label, read]): Row => {
    const left = read(base);
    const right = read(candidate);
    const differs = left !== right && !EXPECTED_TO_DIFFER.has(label);
    const key = differs
      ? join([label, markup(' <span class="differs-mark">≠ differs</span>')])
      : label;
    return { cells: [key, left, right], className: differs ? "differs" : "" };
  });
  return dataTable([{ header: "" }, { header: "base" }, { header: "candidate" }], rows, "identity");
}

function signed(value: number, digits: number): string {
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${Math.abs(value).toFixed(digits)}`;
}

/**
 * `×1.23 (+23.0%)`; for a rate in 0..1 the change in percentage points instead (`−0.56 pp`),
 * which reads better than a ratio of two rates near 1; `n/a` without a ratio.
 */
function changeText(row: ComparisonRow): string {
  if (row.ratio === null || !Number.isFinite(row.ratio)) return "n/a";
  if (row.unit === "ratio" && row.base !== null && row.candidate !== null) {
    return `×${row.ratio.toFixed(2)} (${signed((row.candidate - row.base) * 100, 2)} pp)`;
  }
  return `×${row.ratio.toFixed(2)} (${signed((row.ratio - 1) * 100, 1)}%)`;
}

function metricCell(row: ComparisonRow): Markup {
  const direction = row.higherIsBetter ? "higher is better" : "lower is better";
  return join([
    row.label,
    element("span", "sub", join([element("code", "", row.metric), ` · ${direction}`])),
  ]);
}

/** Every compared figure with both values, their ratio and the verdict. */
export function comparisonTable(comparison: Comparison): Markup {
  if (comparison.rows.length === 0) return note("No figures were compared.");
  const rows = comparison.rows.map(
    (row): Row => ({
      cells: [
        metricCell(row),
        valueInUnit(row.base, row.unit),
        valueInUnit(row.candidate, row.unit),
        changeText(row),
        verdictMark(row.verdict),
      ],
      className: verdictClass(row.verdict),
    }),
  );
  const columns = [
    { header: "metric" },
    { header: "base", numeric: true },
    { header: "candidate", numeric: true },
    { header: "candidate / base", numeric: true },
    { header: "verdict" },
  ];
  return dataTable(columns, rows, "comparison");
}
