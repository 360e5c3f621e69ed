import type { BenchRow, BenchSummary } from "../../run/bench-suite.js";
import { count, ms, percent, rate } from "../numbers.js";
import { join, type Markup, markup } from "./markup.js";
import { note } from "./section.js";
import { type Column, dataTable } from "./table.js";

const num = (header: string): Column => ({ header, numeric: true });

/**
 * A benchmark suite's rows as a table of their key figures, one row per run as it finished; a
 * row whose audit failed, or that was cut short, is marked.
 */
export function benchRowTable(rows: readonly BenchRow[]): Markup {
  if (rows.length === 0) return note("No row has finished yet.");
  const body = rows.map((row) => ({
    cells: [
      row.name,
      count(row.messages),
      `${(row.durationMs / 1000).toFixed(1)} s`,
      rate(row.messagesPerSec),
      ms(row.p50Ms),
      ms(row.p99Ms),
      percent(row.successRate),
      `${row.rssPeakMB.toFixed(1)} MB`,
      row.ofCeiling === null ? "-" : `${(row.ofCeiling * 100).toFixed(1)}%`,
      verdict(row),
    ],
    className: row.auditBalanced && !row.stoppedEarly ? "" : "worse",
  }));
  return dataTable(
    [
      { header: "row" },
      ...["messages", "time", "msg/s", "p50 ms", "p99 ms", "success", "RSS peak", "of ceiling"].map(
        num,
      ),
      { header: "audit" },
    ],
    body,
  );
}

/** The suite's line under its table: core, seed, rows and time, as the console prints it. */
export function benchSummaryNote(summary: BenchSummary): Markup {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const stopped = summary.stoppedEarly ? " · stopped early" : "";
  return note(
    `Core ${summary.core} · seed ${summary.seed} · ${summary.rows.length} rows in ${seconds} s${stopped}. Latency is end-to-end; "of ceiling" is the share of what the row's own knobs allow with the mock core.`,
  );
}

/** The rows table and the suite's line under it. */
export function benchSummaryPanel(summary: BenchSummary): Markup {
  return join([benchRowTable(summary.rows), benchSummaryNote(summary)]);
}

function verdict(row: BenchRow): Markup {
  if (!row.auditBalanced) return markup('<span class="mark fail">✗ failed</span>');
  const mark = markup('<span class="mark pass">✓ balanced</span>');
  return row.stoppedEarly ? join([mark, " (stopped early)"]) : mark;
}
