import type { RunFigures, SideBySideQueue, SideBySideSummary } from "../../compare/side-by-side.js";
import { count, ms, rate } from "../numbers.js";
import { brokerColor } from "./broker-colors.js";
import { escapeHtml } from "./escape.js";
import { elapsed } from "./format.js";
import { type Markup, markup } from "./markup.js";
import { environmentText } from "./run-identity.js";
import { type Column, dataTable, type Row } from "./table.js";

/** A square of the queue's colour before its label: the key to every chart on the page. */
export function queueName(queue: SideBySideQueue, index: number): Markup {
  const { color } = brokerColor(index);
  return markup(
    `<span class="swatch" style="display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;background:${escapeHtml(color)}"></span><span style="word-break:break-all">${escapeHtml(queue.label)}</span>`,
  );
}

/** The top of the page: the workload, how the runs were ordered, and the machine. */
export function sideBySideHeader(summary: SideBySideSummary): Markup {
  const failed = summary.queues.filter((queue) => queue.runs > 0 && !queue.auditBalanced);
  const badge =
    failed.length === 0
      ? '<span class="badge big pass">✓ every audit balanced</span>'
      : `<span class="badge big fail">✗ audit failed on ${failed.length}</span>`;
  const rounds = summary.order.length;
  return markup(`<header class="report-head">
<div>
<div class="eyebrow">swarm-stress brokers side by side</div>
<h1>${escapeHtml(summary.workload)}</h1>
<div class="meta">${summary.queues.length} queues × ${rounds} round${rounds === 1 ? "" : "s"}, core ${escapeHtml(summary.core)}, seed ${summary.seed}, started ${escapeHtml(summary.startedAt)}, took ${escapeHtml(elapsed(summary.durationMs))}${summary.stoppedEarly ? ", stopped early" : ""}</div>
<div class="meta">Each round runs every queue once, on a fresh queue of its own; the order turns by one each round, so every queue takes every place. Figures are medians over the runs.</div>
</div>
<div class="verdict">${badge}</div>
<p class="wide meta">Environment: ${escapeHtml(environmentText(summary.environment))}</p>
</header>`);
}

const FIGURE_COLUMNS: readonly Column[] = [
  { header: "queue" },
  { header: "runs", numeric: true },
  { header: "msg/s", numeric: true },
  { header: "msg/s min–max", numeric: true },
  { header: "e2e p50 ms", numeric: true },
  { header: "e2e p99 ms", numeric: true },
  { header: "delivery p99 ms", numeric: true },
  { header: "peak RSS MB", numeric: true },
  { header: "CPU avg %", numeric: true },
  { header: "audit" },
  { header: "lost", numeric: true },
  { header: "dup", numeric: true },
];

/** One row per queue, the medians of its runs and its audit over all of them. */
export function sideBySideTable(summary: SideBySideSummary): Markup {
  const rows: Row[] = summary.queues.map((queue, index) => {
    const cells = [
      queueName(queue, index),
      count(queue.runs),
      rate(queue.messagesPerSec),
      `${rate(queue.messagesPerSecMin)}–${rate(queue.messagesPerSecMax)}`,
      ms(queue.endToEndP50Ms),
      ms(queue.endToEndP99Ms),
      ms(queue.deliveryP99Ms),
      fixed(queue.rssPeakMB, 1),
      fixed(queue.cpuAvgPct, 0),
      queue.runs === 0 ? "-" : queue.auditBalanced ? "balanced" : "FAILED",
      count(queue.lost),
      count(queue.duplicates),
    ];
    return queue.runs > 0 && !queue.auditBalanced ? { cells, className: "worse" } : cells;
  });
  return dataTable(FIGURE_COLUMNS, rows);
}

const RUN_COLUMNS: readonly Column[] = [
  { header: "round" },
  { header: "place", numeric: true },
  { header: "queue" },
  { header: "msg/s", numeric: true },
  { header: "e2e p50 ms", numeric: true },
  { header: "e2e p99 ms", numeric: true },
  { header: "delivery p99 ms", numeric: true },
  { header: "peak RSS MB", numeric: true },
  { header: "CPU avg %", numeric: true },
  { header: "audit" },
];

/** Every run in the order it ran, so a median can be checked against what it came from. */
export function runsTable(summary: SideBySideSummary): Markup {
  const runs = summary.queues.flatMap((queue, index) =>
    queue.perRun.map((run) => ({ run, queue, index })),
  );
  runs.sort((a, b) => a.run.round - b.run.round || a.run.position - b.run.position);
  const rows: Row[] = runs.map(({ run, queue, index }) => runRow(run, queue, index));
  return dataTable(RUN_COLUMNS, rows);
}

function runRow(run: RunFigures, queue: SideBySideQueue, index: number): Row {
  return [
    String(run.round + 1),
    String(run.position + 1),
    queueName(queue, index),
    rate(run.messagesPerSec),
    ms(run.endToEndP50Ms),
    ms(run.endToEndP99Ms),
    ms(run.deliveryP99Ms),
    fixed(run.rssPeakMB, 1),
    fixed(run.cpuAvgPct, 0),
    run.fault === undefined ? (run.auditBalanced ? "balanced" : "FAILED") : `fault: ${run.fault}`,
  ];
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}
