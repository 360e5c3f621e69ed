import { metricGroup } from "../compare/compared-metrics.js";
import type { ComparedRun, Comparison, Verdict } from "../compare/comparison.js";
import { count, mb, ms, percent, plainPercent, rate, times } from "./numbers.js";
import { safeForTerminal } from "./terminal-text.js";
import { type Paint, painter, type Style, tableLines } from "./text-table.js";

/** Options of {@link formatComparison}. */
export interface ComparisonTableOptions {
  /** Colour the verdicts and warnings with ANSI codes (only for a terminal). */
  readonly color?: boolean;
}

/**
 * Render a comparison as plain, aligned text for a terminal or a CI log: which runs, what
 * makes them doubtful to compare, one row per figure with its verdict, and the count of
 * verdicts. A pure function of the comparison.
 */
export function formatComparison(
  comparison: Comparison,
  options: ComparisonTableOptions = {},
): string {
  const paint = painter(options.color ?? false);
  const sections = [
    runsSection(comparison, paint),
    warningSection(comparison, paint),
    rowsSection(comparison, paint),
    summaryLine(comparison, paint),
  ];
  return safeForTerminal(`${sections.filter((section) => section !== "").join("\n\n")}\n`);
}

const VERDICT_STYLES: Readonly<Record<Verdict, Style>> = {
  better: "green",
  worse: "red",
  same: "dim",
  "n/a": "dim",
};

function runsSection(comparison: Comparison, paint: Paint): string {
  const describe = (side: string, run: ComparedRun) => [
    side,
    run.label,
    paint("dim", `${run.scenario} · ${run.core} · ${run.startedAt}`),
  ];
  const rows = [describe("base", comparison.base), describe("candidate", comparison.candidate)];
  return `${paint("bold", "Comparison")}\n${tableLines(null, rows, ["l", "l", "l"]).join("\n")}`;
}

function warningSection(comparison: Comparison, paint: Paint): string {
  if (comparison.warnings.length === 0) return "";
  const lines = comparison.warnings.map((warning) => `  ${paint("yellow", "!")} ${warning}`);
  return `${paint("bold", "Warnings")}\n${lines.join("\n")}`;
}

function rowsSection(comparison: Comparison, paint: Paint): string {
  const rows = comparison.rows.map((row) => [
    row.label,
    valueText(row.base, row.unit),
    valueText(row.candidate, row.unit),
    row.ratio === null ? "-" : times(row.ratio),
    paint(VERDICT_STYLES[row.verdict], row.verdict),
  ]);
  const headers = ["metric", "base", "candidate", "ratio", "verdict"];
  const [header = "", ...lines] = tableLines(headers, rows, ["l", "r", "r", "r", "l"]);
  // A gap between groups (throughput, each latency, success, resources, counts) guides the eye.
  const groups = comparison.rows.map((row) => metricGroup(row.metric));
  const body = lines.flatMap((line, i) =>
    i > 0 && groups[i] !== groups[i - 1] ? ["", line] : [line],
  );
  return [header, ...body].join("\n");
}

/** `3 better, 1 worse, 20 same within ±5% (success rates: of their failures)`. */
function summaryLine(comparison: Comparison, paint: Paint): string {
  const { better, worse, same } = comparison.summary;
  const tolerance = plainPercent(comparison.tolerance);
  const parts = [
    better > 0 ? paint("green", `${better} better`) : `${better} better`,
    worse > 0 ? paint("red", `${worse} worse`) : `${worse} worse`,
    `${same} same within ±${tolerance}`,
  ];
  const hasRates = comparison.rows.some((row) => row.unit === "ratio");
  const rateNote = hasRates ? " (success rates: of the share that failed)" : "";
  const missing = comparison.summary["n/a"];
  const missingNote = missing > 0 ? `; ${missing} n/a (no value on one side)` : "";
  return `${parts.join(", ")}${rateNote}${missingNote}`;
}

/** A figure in its unit; `-` when the run has none. */
function valueText(value: number | null, unit: string): string {
  if (value === null) return "-";
  switch (unit) {
    case "ms":
      return `${ms(value)} ms`;
    case "msg/s":
      // The label says what is counted (messages/s, deliveries/s).
      return `${rate(value)}/s`;
    case "ratio":
      return percent(value);
    case "MB":
      return mb(value);
    case "%":
      return `${count(value)}%`;
    case "count":
      return count(value);
    default:
      return `${rate(value)} ${unit}`;
  }
}
