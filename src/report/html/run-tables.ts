import type { ChaosKind, ChaosStats, LatencySummary, RunResult } from "../../result/result.js";
import { connectionRows } from "../connection-rows.js";
import { harnessRows } from "../harness-rows.js";
import { loadRows } from "../load-rows.js";
import { count, mb, ms } from "../numbers.js";
import { elapsed, valueInUnit } from "./format.js";
import { element, join, type Markup, markup } from "./markup.js";
import { note } from "./section.js";
import { type Column, dataTable, keyValueTable } from "./table.js";

const num = (header: string): Column => ({ header, numeric: true });

/** Rows of the latency table: a label and how to read it from a summary. */
const LATENCY_ROWS: readonly (readonly [string, (summary: LatencySummary) => number])[] = [
  ["min", (s) => s.min],
  ["mean", (s) => s.mean],
  ["p50", (s) => s.p50],
  ["p90", (s) => s.p90],
  ["p95", (s) => s.p95],
  ["p99", (s) => s.p99],
  ["p99.9", (s) => s.p999],
  ["max", (s) => s.max],
];

/**
 * The three latencies a run measures, in ms: one column each, so the table fits beside a
 * chart.
 */
export function latencyTable(result: RunResult): Markup {
  const { endToEnd, endToEndUncorrected, queueWait, delivery } = result.latency;
  const open = result.load !== undefined && endToEndUncorrected !== undefined;
  const columns = open
    ? [
        ["end-to-end (corrected)", endToEnd],
        ["end-to-end (uncorrected)", endToEndUncorrected],
        ["send lag", result.load?.sendLag ?? endToEnd],
        ["queue wait", queueWait],
        ["delivery", delivery],
      ]
    : [
        ["end-to-end", endToEnd],
        ["queue wait", queueWait],
        ["delivery", delivery],
      ];
  const summaries = columns.map(([, summary]) => summary as LatencySummary);
  const cell = (summary: LatencySummary, pick: (s: LatencySummary) => number): string =>
    summary.count === 0 ? "-" : ms(pick(summary));
  const rows = [
    ...LATENCY_ROWS.map(([label, pick]) => [
      label,
      ...summaries.map((summary) => cell(summary, pick)),
    ]),
    ["count", ...summaries.map((summary) => count(summary.count))],
  ];
  return join([
    dataTable([{ header: "ms" }, ...columns.map(([label]) => num(label as string))], rows),
    note(
      open
        ? "End-to-end corrected: from a message's intended arrival to its last delivery; uncorrected: from when the queue accepted it. Send lag: intended arrival to acceptance. Queue wait: from enqueue to lease, per lease. Delivery: per attempt."
        : "End-to-end: from a message's scheduled send to its final outcome. Queue wait: from enqueue to lease, per lease. Delivery: per attempt.",
    ),
  ]);
}

/** Each threshold with its measured value and outcome. */
export function thresholdTable(result: RunResult): Markup {
  const thresholds = result.thresholds ?? [];
  if (thresholds.length === 0) return note("No thresholds were set for this run.");
  const rows = thresholds.map((threshold) => [
    element("code", "", threshold.expression),
    valueInUnit(threshold.value, threshold.unit),
    threshold.passed
      ? markup('<span class="mark pass">✓ passed</span>')
      : markup('<span class="mark fail">✗ failed</span>'),
    threshold.abortedRun ? "stopped the run" : "",
  ]);
  return dataTable(
    [{ header: "threshold" }, num("measured"), { header: "outcome" }, { header: "" }],
    rows,
  );
}

const CHAOS_LABELS: Readonly<Record<ChaosKind, string>> = {
  failureBurst: "failure bursts",
  latencySpike: "latency spikes",
  queueSaturation: "queue saturation",
  memoryPressure: "memory pressure",
};

/** Faults the chaos switch injected, by kind. */
export function chaosTable(result: RunResult): Markup {
  return chaosEventsTable(result.chaos);
}

/** Chaos episodes by kind, from a result or counted so far in a live run. */
export function chaosEventsTable(chaos: ChaosStats): Markup {
  if (!chaos.enabled) return note("Chaos was off for this run.");
  const kinds = Object.keys(CHAOS_LABELS) as ChaosKind[];
  const rows: [string, string][] = kinds.map((kind) => [
    CHAOS_LABELS[kind],
    count(chaos.events[kind] ?? 0),
  ]);
  rows.push(["total", count(chaos.total)]);
  return dataTable([{ header: "event" }, num("count")], rows);
}

/** Dead letters by reason, and the first few as they were. */
export function deadLetterTables(result: RunResult): Markup {
  const { deadLetters } = result;
  if (deadLetters.count === 0) return note("No message was dead-lettered.");
  const reasons = Object.entries(deadLetters.byReason)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, n]) => [count(n), reason]);
  const parts: Markup[] = [dataTable([num("messages"), { header: "last error" }], reasons)];
  if (deadLetters.sample.length > 0) {
    const sample = deadLetters.sample.map((letter) => [
      letter.id,
      letter.type,
      letter.sender,
      letter.recipients.join(", "),
      count(letter.attempts),
      letter.error,
    ]);
    parts.push(
      note(`The first ${deadLetters.sample.length} of ${count(deadLetters.count)}:`),
      dataTable(
        [
          { header: "id" },
          { header: "type" },
          { header: "sender" },
          { header: "recipients left" },
          num("attempts"),
          { header: "error" },
        ],
        sample,
      ),
    );
  }
  return join(parts);
}

/** Where the harness's own time went. */
export function harnessTable(result: RunResult): Markup {
  return keyValueTable([...harnessRows(result), ["run duration", elapsed(result.durationMs)]]);
}

/** An open run's load; undefined for a closed run. */
export function loadTable(result: RunResult): Markup | undefined {
  const rows = loadRows(result);
  return rows ? keyValueTable(rows) : undefined;
}

/** What the core saw of its connections; undefined for a core that keeps none. */
export function connectionTable(result: RunResult): Markup | undefined {
  return result.connections === undefined
    ? undefined
    : keyValueTable(connectionRows(result.connections));
}

/** The harness process's resources and the queue's occupancy. */
export function resourceTable(result: RunResult): Markup {
  const r = result.resources;
  const q = result.queue;
  const rows: [string, string][] = [
    ...(r.startUpMs === undefined
      ? []
      : [
          ["start-up (process start to the run's start)", `${ms(r.startUpMs)} ms`] as [
            string,
            string,
          ],
        ]),
    ["RSS", `${mb(r.rssPeakMB)} peak, ${mb(r.rssAvgMB)} avg`],
    ...(r.rssAtStartMB === undefined
      ? []
      : [["RSS at the run's start", mb(r.rssAtStartMB)] as [string, string]]),
    ["heap", `${mb(r.heapPeakMB)} peak, ${mb(r.heapAvgMB)} avg`],
    ["CPU (% of one core)", `${r.cpuPeakPct.toFixed(0)}% peak, ${r.cpuAvgPct.toFixed(0)}% avg`],
    ["event-loop lag", `${ms(r.eventLoopLagP99Ms)} ms p99, ${ms(r.eventLoopLagMaxMs)} ms max`],
    ["samples", count(r.samples)],
    ["queue", `${q.driver}, capacity ${count(q.capacity)}`],
    ["queue depth", `${count(q.depthPeak)} peak, ${q.depthAvg.toFixed(1)} avg`],
    ["producer waited (queue full)", `${count(q.saturationEvents)} times`],
  ];
  if (r.generatorSaturated) rows.push(["load generator", "saturated: see the warnings"]);
  return keyValueTable(rows);
}
