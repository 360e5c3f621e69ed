import type { BenchRow, BenchSummary } from "../run/bench-suite.js";
import { count, ms, rate } from "./numbers.js";

interface Column {
  /** Header over two lines: what, then its unit or kind, so the table stays narrow. */
  readonly header: readonly [string, string];
  readonly cell: (row: BenchRow) => string;
  /** Left-aligned (text) instead of right-aligned (figures). */
  readonly left?: boolean;
}

const COLUMNS: readonly Column[] = [
  { header: ["", "row"], cell: (row) => row.name, left: true },
  { header: ["", "messages"], cell: (row) => count(row.messages) },
  { header: ["", "msg/s"], cell: (row) => rate(row.messagesPerSec) },
  { header: ["p50", "ms"], cell: (row) => ms(row.p50Ms) },
  { header: ["p95", "ms"], cell: (row) => ms(row.p95Ms) },
  { header: ["p99", "ms"], cell: (row) => ms(row.p99Ms) },
  { header: ["RSS", "peak MB"], cell: (row) => row.rssPeakMB.toFixed(1) },
  { header: ["RSS", "avg MB"], cell: (row) => row.rssAvgMB.toFixed(1) },
  { header: ["CPU", "peak %"], cell: (row) => row.cpuPeakPct.toFixed(0) },
  { header: ["CPU", "avg %"], cell: (row) => row.cpuAvgPct.toFixed(0) },
  { header: ["", "success"], cell: (row) => `${(row.successRate * 100).toFixed(2)}%` },
  { header: ["depth", "peak"], cell: (row) => count(row.depthPeak) },
  { header: ["depth", "avg"], cell: (row) => decimal(row.depthAvg) },
  { header: ["overhead", "µs/msg"], cell: (row) => decimal(row.overheadUsPerMessage) },
  {
    header: ["ceiling", "msg/s"],
    cell: (row) => (row.ceilingPerSec === null ? "-" : rate(row.ceilingPerSec)),
  },
  {
    header: ["of", "ceiling"],
    cell: (row) => (row.ofCeiling === null ? "-" : `${(row.ofCeiling * 100).toFixed(1)}%`),
  },
];

/**
 * Render a benchmark suite as one aligned table, one row per run, followed by a line on how
 * the suite ran and a line for each row whose figures need a second look (a failed audit, a
 * saturated load generator, a row cut short). A pure function of the summary, so a saved
 * summary prints exactly as the live suite did.
 */
export function formatBenchTable(suite: BenchSummary): string {
  const headers = [0, 1].map((line) => COLUMNS.map((column) => column.header[line] ?? ""));
  const body = suite.rows.map((row) => COLUMNS.map((column) => column.cell(row)));
  const all = [...headers, ...body];
  const widths = COLUMNS.map((_, c) => Math.max(...all.map((cells) => (cells[c] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    `  ${cells
      .map((cell, c) => {
        const width = widths[c] ?? 0;
        return COLUMNS[c]?.left ? cell.padEnd(width) : cell.padStart(width);
      })
      .join("  ")}`.trimEnd();
  const lines = all.map(line);
  if (suite.rows.length === 0) lines.push("  (no row finished)");
  const footer = [
    "",
    `  core ${suite.core} · seed ${suite.seed} · ${suite.rows.length} rows in ${seconds(suite.durationMs)}${suite.stoppedEarly ? " · stopped early" : ""}`,
    "  latency is end-to-end; ceiling: what the row's batch size, interval, concurrency and mean",
    "  mock delay allow for direct messages without failures (- for other cores)",
    ...suite.rows.flatMap(notes),
  ];
  return `${[...lines, ...footer].join("\n")}\n`;
}

function notes(row: BenchRow): string[] {
  const found: string[] = [];
  if (!row.auditBalanced) found.push(`  ! ${row.name}: the audit FAILED (see its result file)`);
  if (row.generatorSaturated) {
    found.push(`  ! ${row.name}: the load generator was saturated; it, not the core, set the pace`);
  }
  if (row.stoppedEarly) found.push(`  ! ${row.name}: stopped early; its figures are partial`);
  return found;
}

/** Two decimals for small figures; whole numbers once the decimals are noise. */
function decimal(value: number): string {
  if (!Number.isFinite(value)) return "-";
  return value >= 100 ? count(value) : value.toFixed(2);
}

function seconds(durationMs: number): string {
  return `${(durationMs / 1000).toFixed(1)} s`;
}
