import type { SideBySideQueue, SideBySideSummary } from "../compare/side-by-side.js";
import { count, ms, rate } from "./numbers.js";
import { tableLines } from "./text-table.js";

interface Column {
  /** Header over two lines: what, then its unit or kind, so the table stays narrow. */
  readonly header: readonly [string, string];
  readonly cell: (queue: SideBySideQueue) => string;
  readonly left?: boolean;
}

const COLUMNS: readonly Column[] = [
  { header: ["", "queue"], cell: (queue) => queue.label, left: true },
  { header: ["", "runs"], cell: (queue) => count(queue.runs) },
  { header: ["", "msg/s"], cell: (queue) => rate(queue.messagesPerSec) },
  {
    header: ["msg/s", "min-max"],
    cell: (queue) => `${rate(queue.messagesPerSecMin)}-${rate(queue.messagesPerSecMax)}`,
  },
  { header: ["e2e p50", "ms"], cell: (queue) => ms(queue.endToEndP50Ms) },
  { header: ["e2e p99", "ms"], cell: (queue) => ms(queue.endToEndP99Ms) },
  { header: ["delivery p99", "ms"], cell: (queue) => ms(queue.deliveryP99Ms) },
  { header: ["RSS", "peak MB"], cell: (queue) => fixed(queue.rssPeakMB, 1) },
  { header: ["CPU", "avg %"], cell: (queue) => fixed(queue.cpuAvgPct, 0) },
  { header: ["", "audit"], cell: (queue) => auditWord(queue), left: true },
  { header: ["", "lost"], cell: (queue) => count(queue.lost) },
  { header: ["", "dup"], cell: (queue) => count(queue.duplicates) },
];

/**
 * Render a side-by-side comparison as one aligned table, one row per queue in the order given,
 * each figure the median over the queue's runs, then how the runs were ordered and a line for
 * each queue whose figures need a second look. A pure function of the summary, so a saved
 * summary prints exactly as the live comparison did.
 */
export function formatSideBySideTable(summary: SideBySideSummary): string {
  const headers = [0, 1].map((line) => COLUMNS.map((column) => column.header[line] ?? ""));
  const body = summary.queues.map((queue) => COLUMNS.map((column) => column.cell(queue)));
  const align = COLUMNS.map((column) => (column.left ? "l" : "r") as "l" | "r");
  const lines = tableLines(null, [...headers, ...body], align);
  const rounds = summary.order.length;
  const footer = [
    "",
    `  workload ${summary.workload} · core ${summary.core} · seed ${summary.seed} · ${rounds} round${rounds === 1 ? "" : "s"}, each queue once per round, the order turned by one each round, in ${seconds(summary.durationMs)}${summary.stoppedEarly ? " · stopped early" : ""}`,
    "  figures are medians over the runs; lost and dup are summed; RSS and CPU are this process's",
    "  (harness and broker client), not the broker's; each run had a fresh queue, removed after it",
    ...summary.queues.flatMap(notes),
    ...(summary.fault === undefined
      ? []
      : [`  ! stopped on a fault of the environment: ${summary.fault}`]),
  ];
  return `${[...lines, ...footer].join("\n")}\n`;
}

function auditWord(queue: SideBySideQueue): string {
  if (queue.runs === 0) return "-";
  return queue.auditBalanced ? "balanced" : "FAILED";
}

function notes(queue: SideBySideQueue): string[] {
  const found: string[] = [];
  if (queue.runs > 0 && !queue.auditBalanced) {
    found.push(`  ! ${queue.label}: the audit FAILED in a run (see its result file)`);
  }
  if (queue.stoppedEarly)
    found.push(`  ! ${queue.label}: a run stopped early; figures are partial`);
  return found;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

function seconds(durationMs: number): string {
  return `${(durationMs / 1000).toFixed(1)} s`;
}
