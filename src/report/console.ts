import { formatDuration } from "../config/duration.js";
import type { RunConfig } from "../config/run-settings.js";
import { formatDistribution } from "../model/distributions.js";
import type { ChaosKind, LatencySummary, ReceiverAudit, RunResult } from "../result/result.js";
import { connectionRows } from "./connection-rows.js";
import { latencyCell, listAgents, typeRows } from "./group-rows.js";
import { harnessRows } from "./harness-rows.js";
import { loadRows } from "./load-rows.js";
import { formatMetric } from "./metric-value.js";
import { count, mb, ms, percent, rate } from "./numbers.js";
import { safeForTerminal } from "./terminal-text.js";
import { type Paint, painter, table } from "./text-table.js";
import { loadText, typesText } from "./workload-text.js";

/** Options of {@link formatSummary}. */
export interface SummaryOptions {
  /** Emphasise headings and the verdict with ANSI colours (only for a terminal). */
  readonly color?: boolean;
}

/** Above this many agents the per-agent table shows only the busiest ones. */
const MAX_AGENT_ROWS = 20;
/** Agents shown when the table is cut down. */
const BUSIEST_AGENTS = 10;

/**
 * Render a run's result as plain, aligned text for a terminal or a CI log. A pure function of
 * the result, so a saved result renders exactly as the live run did.
 */
export function formatSummary(result: RunResult, options: SummaryOptions = {}): string {
  const paint = painter(options.color ?? false);
  const sections = [
    runSection(result, paint),
    messagesSection(result, paint),
    latencySection(result, paint),
    loadSection(result, paint),
    typeSection(result, paint),
    agentSection(result, paint),
    resourceSection(result, paint),
    queueSection(result, paint),
    connectionSection(result, paint),
    workerSection(result, paint),
    harnessSection(result, paint),
    chaosSection(result, paint),
    deadLetterSection(result, paint),
    warningSection(result, paint),
    thresholdSection(result, paint),
    auditSection(result, paint),
  ];
  return safeForTerminal(`${sections.filter((section) => section.length > 0).join("\n\n")}\n`);
}

/** Only the thresholds' table of {@link formatSummary}, for judging a saved result again. */
export function formatThresholdTable(result: RunResult, options: SummaryOptions = {}): string {
  const text = thresholdSection(result, painter(options.color ?? false));
  return text === "" ? "" : safeForTerminal(`${text}\n`);
}

function runSection(result: RunResult, paint: Paint): string {
  const { config } = result;
  const rows: [string, string][] = [
    ["scenario", config.scenario],
    ["core", result.core],
    ["seed", String(config.seed)],
    ["duration", seconds(result.durationMs)],
    ["stopped early", result.stoppedEarly ? paint("yellow", "yes") : "no"],
    ["started", result.startedAt],
    ["workload", describeWorkload(config)],
    ["delivery", describeDelivery(config)],
  ];
  return section(paint, "Run", keyValues(rows));
}

function messagesSection(result: RunResult, paint: Paint): string {
  const t = result.totals;
  const rows = [
    ["generated", count(t.generated), ""],
    ["delivered", count(t.delivered), share(t.delivered, t.generated)],
    ["dead-lettered", count(t.deadLettered), share(t.deadLettered, t.generated)],
    ["pending", count(t.pending), share(t.pending, t.generated)],
    ...(t.dropped === undefined || result.load === undefined
      ? []
      : [["dropped", count(t.dropped), share(t.dropped, t.generated)]]),
    ["duplicates", count(t.duplicates), ""],
    ["deliveries", count(t.deliveries), "per recipient"],
    ["failed attempts", count(t.failed), t.timedOut > 0 ? `${count(t.timedOut)} timed out` : ""],
    ["retried", count(t.retried), ""],
    ["success rate", percent(result.successRate), "of messages"],
    ["attempt success", percent(result.attemptSuccessRate), `of ${count(t.attempts)} attempts`],
    ["throughput", `${rate(result.throughput.messagesPerSec)} msg/s`, "settled messages"],
    ["", `${rate(result.throughput.deliveriesPerSec)} dlv/s`, "deliveries"],
  ];
  return section(paint, "Messages", table(null, rows, ["l", "r", "l"]));
}

const LATENCY_COLUMNS = ["min", "mean", "p50", "p90", "p95", "p99", "p99.9", "max"] as const;

function latencyCells(summary: LatencySummary): string[] {
  const values = [
    summary.min,
    summary.mean,
    summary.p50,
    summary.p90,
    summary.p95,
    summary.p99,
    summary.p999,
    summary.max,
  ];
  return summary.count === 0 ? values.map(() => "-") : values.map(ms);
}

function latencySection(result: RunResult, paint: Paint): string {
  const { endToEnd, endToEndUncorrected, queueWait, delivery } = result.latency;
  const sendLag = result.load?.sendLag;
  const open = result.load !== undefined;
  const rows = [
    [
      open ? "end-to-end (corrected)" : "end-to-end",
      ...latencyCells(endToEnd),
      count(endToEnd.count),
    ],
    ...(endToEndUncorrected && open
      ? [
          [
            "end-to-end (uncorrected)",
            ...latencyCells(endToEndUncorrected),
            count(endToEndUncorrected.count),
          ],
        ]
      : []),
    ...(sendLag ? [["send lag", ...latencyCells(sendLag), count(sendLag.count)]] : []),
    ["queue wait", ...latencyCells(queueWait), count(queueWait.count)],
    ["delivery", ...latencyCells(delivery), count(delivery.count)],
  ];
  const headers = ["", ...LATENCY_COLUMNS, "count"];
  return section(paint, "Latency (ms)", table(headers, rows, numericColumns(headers.length)));
}

/** An open run's load: offered against what got in, what was held, dropped, and the trend. */
function loadSection(result: RunResult, paint: Paint): string {
  const rows = loadRows(result);
  if (!rows) return "";
  const painted = rows.map(([label, value]): [string, string] => [
    label,
    value.startsWith("NOT KEPT") ? `${paint("yellow", "NOT KEPT")}${value.slice(8)}` : value,
  ]);
  return section(paint, "Load (open)", keyValues(painted));
}

function typeSection(result: RunResult, paint: Paint): string {
  const rows = typeRows(result);
  if (rows.length === 0) return "";
  const headers = [
    "type",
    "generated",
    "delivered",
    "dead",
    "pending",
    "deliveries",
    "failed",
    "success",
    "p50 ms",
    "p99 ms",
  ];
  return section(paint, "By type", table(headers, rows, numericColumns(headers.length)));
}

function agentSection(result: RunResult, paint: Paint): string {
  const { listed, cut } = listAgents(result, MAX_AGENT_ROWS, BUSIEST_AGENTS);
  if (listed.length === 0) return "";
  const rows = listed.map(([name, stats]) => [
    name,
    count(stats.generated),
    count(stats.delivered),
    count(stats.deadLettered),
    count(stats.received),
    latencyCell(stats.latency, "p50"),
    latencyCell(stats.latency, "p99"),
  ]);
  const headers = ["agent", "sent", "delivered", "dead", "received", "p50 ms", "p99 ms"];
  const body = table(headers, rows, numericColumns(headers.length));
  const note = cut
    ? `\n  ${paint("dim", `(the ${BUSIEST_AGENTS} busiest of ${Object.keys(result.byAgent).length} agents, by messages sent and received; all are in the JSON result)`)}`
    : "";
  return section(paint, "By agent (as sender; received as recipient)", body + note);
}

function resourceSection(result: RunResult, paint: Paint): string {
  const r = result.resources;
  const rows = [
    ...(r.startUpMs === undefined
      ? []
      : [["start-up", `${ms(r.startUpMs)} ms`, "to the run's start"]]),
    ["RSS", `${mb(r.rssPeakMB)} peak`, `${mb(r.rssAvgMB)} avg`],
    ...(r.rssAtStartMB === undefined
      ? []
      : [["RSS at start", mb(r.rssAtStartMB), "before any message"]]),
    ["heap", `${mb(r.heapPeakMB)} peak`, `${mb(r.heapAvgMB)} avg`],
    ["CPU", `${r.cpuPeakPct.toFixed(0)}% peak`, `${r.cpuAvgPct.toFixed(0)}% avg`],
    ["event-loop lag", `${ms(r.eventLoopLagP99Ms)} ms p99`, `${ms(r.eventLoopLagMaxMs)} ms max`],
  ];
  if (r.generatorSaturated) {
    rows.push(["load generator", paint("yellow", "saturated"), "(see warnings)"]);
  }
  return section(
    paint,
    `Resources (${count(r.samples)} samples)`,
    table(null, rows, ["l", "r", "r"]),
  );
}

function queueSection(result: RunResult, paint: Paint): string {
  const q = result.queue;
  const rows: [string, string][] = [
    ["driver", q.driver],
    ["capacity", count(q.capacity)],
    ["depth", `${count(q.depthPeak)} peak, ${q.depthAvg.toFixed(1)} avg`],
    ["saturation events", count(q.saturationEvents)],
  ];
  return section(paint, "Queue", keyValues(rows));
}

function connectionSection(result: RunResult, paint: Paint): string {
  const c = result.connections;
  if (c === undefined) return "";
  return section(paint, "Connections", keyValues(connectionRows(c)));
}

function workerSection(result: RunResult, paint: Paint): string {
  const workers = result.workers ?? [];
  if (workers.length === 0) return "";
  const rows = workers.map((w) => [
    w.id,
    w.status === "finished" ? w.status : paint("yellow", w.status),
    count(w.reports),
    count(w.delivered),
    count(w.deadLettered),
    count(w.deliveries),
    count(w.failed),
    count(w.duplicates),
    latencyCell(w.latency, "p50"),
    latencyCell(w.latency, "p99"),
    mb(w.rssPeakMB),
    `${w.cpuPeakPct.toFixed(0)}%`,
  ]);
  const headers = [
    "worker",
    "status",
    "reports",
    "delivered",
    "dead",
    "deliveries",
    "failed",
    "dups",
    "p50 ms",
    "p99 ms",
    "RSS peak",
    "CPU peak",
  ];
  const align = numericColumns(headers.length);
  align[1] = "l";
  return section(
    paint,
    `Workers (${workers.length}; their own counts, a message settled by two counts in both)`,
    table(headers, rows, align),
  );
}

function harnessSection(result: RunResult, paint: Paint): string {
  return section(paint, "Harness time", keyValues(harnessRows(result)));
}

const CHAOS_LABELS: Readonly<Record<ChaosKind, string>> = {
  failureBurst: "failure bursts",
  latencySpike: "latency spikes",
  queueSaturation: "queue saturation",
  memoryPressure: "memory pressure",
};

function chaosSection(result: RunResult, paint: Paint): string {
  if (!result.chaos.enabled) return "";
  const rows = (Object.keys(CHAOS_LABELS) as ChaosKind[]).map((kind): [string, string] => [
    CHAOS_LABELS[kind],
    count(result.chaos.events[kind] ?? 0),
  ]);
  rows.push(["total", count(result.chaos.total)]);
  return section(paint, "Chaos events", keyValues(rows));
}

function deadLetterSection(result: RunResult, paint: Paint): string {
  const reasons = Object.entries(result.deadLetters.byReason).sort(([, a], [, b]) => b - a);
  if (result.deadLetters.count === 0 && reasons.length === 0) return "";
  const rows = reasons.map(([reason, n]) => [count(n), reason]);
  return section(
    paint,
    `Dead letters (${count(result.deadLetters.count)}) by reason`,
    table(null, rows, ["r", "l"]),
  );
}

function warningSection(result: RunResult, paint: Paint): string {
  if (result.warnings.length === 0) return "";
  const lines = result.warnings.map((warning) => `  ${paint("yellow", "!")} ${warning}`);
  return section(paint, "Warnings", lines.join("\n"));
}

function thresholdSection(result: RunResult, paint: Paint): string {
  const outcomes = result.thresholds ?? [];
  if (outcomes.length === 0) return "";
  const rows = outcomes.map((outcome) => [
    outcome.expression,
    formatMetric(outcome.value, outcome.unit),
    outcome.partial
      ? paint("dim", "not judged")
      : outcome.passed
        ? paint("green", "pass")
        : paint("red", "FAIL"),
    outcome.abortedRun
      ? "stopped the run: it could no longer pass"
      : outcome.partial
        ? "the run stopped early"
        : outcome.value === null
          ? "no value measured"
          : "",
  ]);
  const failed = outcomes.filter((outcome) => !outcome.passed && !outcome.partial).length;
  const partial = outcomes.filter((outcome) => outcome.partial).length;
  const unjudged = partial > 0 ? `, ${partial} not judged` : "";
  const verdict =
    failed === 0 && partial === 0
      ? paint("green", `all ${outcomes.length} passed`)
      : paint("red", `${failed} of ${outcomes.length} failed${unjudged}`);
  return section(
    paint,
    `Thresholds: ${verdict}`,
    table(["threshold", "measured", "", ""], rows, ["l", "r", "l", "l"]),
  );
}

function auditSection(result: RunResult, paint: Paint): string {
  const { audit, totals } = result;
  const dropped = totals.dropped ? ` + dropped ${count(totals.dropped)}` : "";
  const equation = `generated ${count(totals.generated)} = delivered ${count(totals.delivered)} + dead-lettered ${count(totals.deadLettered)} + pending ${count(totals.pending)}${dropped}`;
  const receivers = audit.receiver ? [receiverLine(audit.receiver, paint)] : [];
  if (audit.balanced) {
    const dup = audit.duplicates > 0 ? `, ${count(audit.duplicates)} duplicates` : "";
    return [
      `${paint("bold", "Audit:")} ${paint("green", "BALANCED")} (${equation}${dup})`,
      ...receivers,
    ].join("\n");
  }
  const head = `${paint("bold", "Audit:")} ${paint("red", "FAILED")} (lost ${count(audit.lost)}, duplicates ${count(audit.duplicates)}; ${equation})`;
  return [head, ...receivers, ...audit.problems.map((problem) => `  - ${problem}`)].join("\n");
}

/** The receivers' side of the audit (`--verify`), in one line. */
function receiverLine(receiver: ReceiverAudit, paint: Paint): string {
  const label = `  ${paint("bold", "Receivers:")}`;
  if (receiver.unreadable !== undefined) {
    return `${label} ${paint("red", "UNREAD")} (${receiver.url}: ${receiver.unreadable})`;
  }
  if (receiver.balanced) {
    return `${label} ${paint("green", "BALANCED")} (${count(receiver.pairsDelivered)} deliveries counted, each received; ${receiver.url})`;
  }
  return `${label} ${paint("red", "FAILED")} (lost at receiver ${count(receiver.lostAtReceiver)}, duplicates ${count(receiver.duplicatesAtReceiver)}, received but failed ${count(receiver.receivedButFailed)}; ${receiver.url})`;
}

function describeWorkload(config: RunConfig): string {
  return [
    loadText(config),
    `types ${typesText(config)}`,
    `payload ${formatDistribution(config.payloadSize, (bytes) => `${Math.round(bytes)}B`)}`,
    `${config.generation} generation`,
  ].join(", ");
}

function describeDelivery(config: RunConfig): string {
  const parts = [
    `batch ${count(config.batchSize)}`,
    `interval ${formatDuration(config.interval)}`,
    `concurrency ${count(config.concurrency)}`,
    `max attempts ${config.maxAttempts}`,
  ];
  if (config.core === "mock") {
    parts.push(
      `delay ${formatDistribution(config.delay, formatDuration)}`,
      `success rate ${config.successRate}`,
    );
  }
  if (config.timeout !== undefined) parts.push(`timeout ${formatDuration(config.timeout)}`);
  if (config.chaos) parts.push("chaos on");
  return parts.join(", ");
}

/** An aligned table indented by two spaces; `headers` null for a table without a header row. */
function keyValues(rows: readonly (readonly [string, string])[]): string {
  return table(null, rows, ["l", "l"]);
}

function section(paint: Paint, title: string, body: string): string {
  return `${paint("bold", title)}\n${body}`;
}

/** A label column followed by right-aligned figures. */
function numericColumns(columns: number): ("l" | "r")[] {
  return ["l", ...Array.from({ length: columns - 1 }, (): "r" => "r")];
}

function share(part: number, whole: number): string {
  return whole > 0 ? percent(part / whole) : "";
}

function seconds(durationMs: number): string {
  return durationMs < 1000 ? `${ms(durationMs)} ms` : `${(durationMs / 1000).toFixed(3)} s`;
}
