import {
  elapsed,
  environmentText,
  latencyCurve,
  latencyDistributionChart,
  runFacts,
  share,
  timelineCharts,
  valueInUnit,
  workloadText
} from "./chunk-WPBADPJR.js";
import {
  configTables
} from "./chunk-TYFSBL56.js";
import {
  COLORS,
  card,
  chartFigure,
  chartGrid,
  columns,
  dataTable,
  drawableCharts,
  element,
  escapeHtml,
  footer,
  join,
  keyValueTable,
  markup,
  note,
  renderPage,
  section,
  warningBox
} from "./chunk-Z6FGYB57.js";
import "./chunk-FGMWFILK.js";
import {
  harnessRows,
  latencyCell,
  listAgents,
  loadRows,
  typeRows
} from "./chunk-XQMIZCX6.js";
import {
  runVerdict
} from "./chunk-34TKQEUL.js";
import "./chunk-EFPR5QAB.js";
import "./chunk-ASG4BG2V.js";
import {
  count,
  mb,
  ms,
  percent,
  rate
} from "./chunk-DDCKLXIA.js";
import "./chunk-NVC7T5PM.js";
import "./chunk-HO7RTZVS.js";
import "./chunk-7RRR65MG.js";
import "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-ANFZG24T.js";

// dist/report/html/group-tables.js
var ALL_AGENTS_UP_TO = 25;
var BUSIEST_AGENTS = 20;
var num = (header) => ({ header, numeric: true });
function typeTable(result) {
  const rows = typeRows(result);
  if (rows.length === 0)
    return null;
  const columns2 = [
    { header: "type" },
    num("generated"),
    num("delivered"),
    num("dead"),
    num("pending"),
    num("deliveries"),
    num("failed attempts"),
    num("success"),
    num("p50 ms"),
    num("p99 ms")
  ];
  return dataTable(columns2, rows);
}
function agentTable(result) {
  const { listed, cut } = listAgents(result, ALL_AGENTS_UP_TO, BUSIEST_AGENTS);
  if (listed.length === 0)
    return null;
  const rows = listed.map(([name, stats]) => [
    name,
    count(stats.generated),
    count(stats.delivered),
    count(stats.deadLettered),
    count(stats.received),
    percent(stats.successRate),
    latencyCell(stats.latency, "p50"),
    latencyCell(stats.latency, "p99")
  ]);
  const columns2 = [
    { header: "agent" },
    num("sent"),
    num("delivered"),
    num("dead"),
    num("received"),
    num("success"),
    num("p50 ms"),
    num("p99 ms")
  ];
  const table = dataTable(columns2, rows);
  if (!cut)
    return table;
  return join([
    table,
    note(`The ${BUSIEST_AGENTS} busiest of ${count(Object.keys(result.byAgent).length)} agents, by messages sent and received; every agent is in the JSON result.`)
  ]);
}

// dist/report/html/run-header.js
function runHeader(result) {
  return markup(`<header class="report-head">
<div>
<div class="eyebrow">swarm-stress run report</div>
<h1>${escapeHtml(result.config.scenario)}</h1>
<div class="meta">${escapeHtml(runFacts(result))}</div>
<div class="meta">${escapeHtml(workloadText(result.config))}</div>
</div>
${verdictBlock(result).html}
${keyFigures(result).html}
${auditLine(result).html}
<p class="wide meta">Environment: ${escapeHtml(environmentText(result.environment))}</p>
</header>`);
}
function verdictBlock(result) {
  const verdict = runVerdict(result);
  const badge = verdict.passed ? '<span class="badge big pass">\u2713 PASS</span>' : '<span class="badge big fail">\u2717 FAIL</span>';
  const stopped = verdict.stoppedEarly ? `<div><span class="badge warn">${escapeHtml(verdict.stoppedEarly)}</span></div>` : "";
  const reasons = verdict.failures.length > 0 ? `<ul class="reasons">${verdict.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>` : "";
  return markup(`<div class="verdict" data-verdict="${verdict.passed ? "pass" : "fail"}">
${badge}${stopped}${reasons}
</div>`);
}
function figure(value, label) {
  return `<div class="figure"><span class="value">${escapeHtml(value)}</span><span class="label">${escapeHtml(label)}</span></div>`;
}
function keyFigures(result) {
  const { totals, latency } = result;
  const latencyFigure = (value) => latency.endToEnd.count === 0 ? "-" : `${ms(value)} ms`;
  const ofGenerated = share(totals.delivered, totals.generated);
  const figures = [
    figure(count(totals.delivered), `delivered of ${count(totals.generated)}${ofGenerated ? ` (${ofGenerated})` : ""}`),
    figure(rate(result.throughput.messagesPerSec), "messages settled / s"),
    figure(latencyFigure(latency.endToEnd.p50), "end-to-end p50"),
    figure(latencyFigure(latency.endToEnd.p99), "end-to-end p99"),
    figure(percent(result.attemptSuccessRate), `of ${count(totals.attempts)} attempts succeeded`),
    figure(count(totals.deadLettered), "dead-lettered"),
    figure(count(totals.retried), "retries"),
    figure(mb(result.resources.rssPeakMB), "peak RSS")
  ];
  return markup(`<div class="wide figures">
${figures.join("\n")}
</div>`);
}
function auditLine(result) {
  const { audit, totals } = result;
  const equation = `generated ${count(totals.generated)} = delivered ${count(totals.delivered)} + dead-lettered ${count(totals.deadLettered)} + pending ${count(totals.pending)}`;
  const duplicates = `${count(audit.duplicates)} duplicate${audit.duplicates === 1 ? "" : "s"}`;
  if (audit.balanced) {
    return element("p", "wide status-line", join([markup('<span class="ok">Audit balanced</span> '), `${equation}; ${duplicates}.`]));
  }
  const problems = audit.problems.map((problem) => element("li", "", problem));
  return element("div", "wide status-line", join([
    markup('<span class="bad">Audit failed</span> '),
    `${count(audit.lost)} lost, ${duplicates}; ${equation}.`,
    problems.length > 0 ? element("ul", "", join(problems)) : ""
  ]));
}

// dist/report/html/run-tables.js
var num2 = (header) => ({ header, numeric: true });
var LATENCY_ROWS = [
  ["min", (s) => s.min],
  ["mean", (s) => s.mean],
  ["p50", (s) => s.p50],
  ["p90", (s) => s.p90],
  ["p95", (s) => s.p95],
  ["p99", (s) => s.p99],
  ["p99.9", (s) => s.p999],
  ["max", (s) => s.max]
];
function latencyTable(result) {
  const { endToEnd, endToEndUncorrected, queueWait, delivery } = result.latency;
  const open = result.load !== void 0 && endToEndUncorrected !== void 0;
  const columns2 = open ? [
    ["end-to-end (corrected)", endToEnd],
    ["end-to-end (uncorrected)", endToEndUncorrected],
    ["send lag", result.load?.sendLag ?? endToEnd],
    ["queue wait", queueWait],
    ["delivery", delivery]
  ] : [
    ["end-to-end", endToEnd],
    ["queue wait", queueWait],
    ["delivery", delivery]
  ];
  const summaries = columns2.map(([, summary]) => summary);
  const cell = (summary, pick) => summary.count === 0 ? "-" : ms(pick(summary));
  const rows = [
    ...LATENCY_ROWS.map(([label, pick]) => [
      label,
      ...summaries.map((summary) => cell(summary, pick))
    ]),
    ["count", ...summaries.map((summary) => count(summary.count))]
  ];
  return join([
    dataTable([{ header: "ms" }, ...columns2.map(([label]) => num2(label))], rows),
    note(open ? "End-to-end corrected: from a message's intended arrival to its last delivery; uncorrected: from when the queue accepted it. Send lag: intended arrival to acceptance. Queue wait: from enqueue to lease, per lease. Delivery: per attempt." : "End-to-end: from a message's scheduled send to its final outcome. Queue wait: from enqueue to lease, per lease. Delivery: per attempt.")
  ]);
}
function thresholdTable(result) {
  const thresholds = result.thresholds ?? [];
  if (thresholds.length === 0)
    return note("No thresholds were set for this run.");
  const rows = thresholds.map((threshold) => [
    element("code", "", threshold.expression),
    valueInUnit(threshold.value, threshold.unit),
    threshold.passed ? markup('<span class="mark pass">\u2713 passed</span>') : markup('<span class="mark fail">\u2717 failed</span>'),
    threshold.abortedRun ? "stopped the run" : ""
  ]);
  return dataTable([{ header: "threshold" }, num2("measured"), { header: "outcome" }, { header: "" }], rows);
}
var CHAOS_LABELS = {
  failureBurst: "failure bursts",
  latencySpike: "latency spikes",
  queueSaturation: "queue saturation",
  memoryPressure: "memory pressure"
};
function chaosTable(result) {
  const { chaos } = result;
  if (!chaos.enabled)
    return note("Chaos was off for this run.");
  const kinds = Object.keys(CHAOS_LABELS);
  const rows = kinds.map((kind) => [
    CHAOS_LABELS[kind],
    count(chaos.events[kind] ?? 0)
  ]);
  rows.push(["total", count(chaos.total)]);
  return dataTable([{ header: "event" }, num2("count")], rows);
}
function deadLetterTables(result) {
  const { deadLetters } = result;
  if (deadLetters.count === 0)
    return note("No message was dead-lettered.");
  const reasons = Object.entries(deadLetters.byReason).sort(([, a], [, b]) => b - a).map(([reason, n]) => [count(n), reason]);
  const parts = [dataTable([num2("messages"), { header: "last error" }], reasons)];
  if (deadLetters.sample.length > 0) {
    const sample = deadLetters.sample.map((letter) => [
      letter.id,
      letter.type,
      letter.sender,
      letter.recipients.join(", "),
      count(letter.attempts),
      letter.error
    ]);
    parts.push(note(`The first ${deadLetters.sample.length} of ${count(deadLetters.count)}:`), dataTable([
      { header: "id" },
      { header: "type" },
      { header: "sender" },
      { header: "recipients left" },
      num2("attempts"),
      { header: "error" }
    ], sample));
  }
  return join(parts);
}
function harnessTable(result) {
  return keyValueTable([...harnessRows(result), ["run duration", elapsed(result.durationMs)]]);
}
function loadTable(result) {
  const rows = loadRows(result);
  return rows ? keyValueTable(rows) : void 0;
}
function resourceTable(result) {
  const r = result.resources;
  const q = result.queue;
  const rows = [
    ...r.startUpMs === void 0 ? [] : [
      ["start-up (process start to the run's start)", `${ms(r.startUpMs)} ms`]
    ],
    ["RSS", `${mb(r.rssPeakMB)} peak, ${mb(r.rssAvgMB)} avg`],
    ...r.rssAtStartMB === void 0 ? [] : [["RSS at the run's start", mb(r.rssAtStartMB)]],
    ["heap", `${mb(r.heapPeakMB)} peak, ${mb(r.heapAvgMB)} avg`],
    ["CPU (% of one core)", `${r.cpuPeakPct.toFixed(0)}% peak, ${r.cpuAvgPct.toFixed(0)}% avg`],
    ["event-loop lag", `${ms(r.eventLoopLagP99Ms)} ms p99, ${ms(r.eventLoopLagMaxMs)} ms max`],
    ["samples", count(r.samples)],
    ["queue", `${q.driver}, capacity ${count(q.capacity)}`],
    ["queue depth", `${count(q.depthPeak)} peak, ${q.depthAvg.toFixed(1)} avg`],
    ["producer waited (queue full)", `${count(q.saturationEvents)} times`]
  ];
  if (r.generatorSaturated)
    rows.push(["load generator", "saturated: see the warnings"]);
  return keyValueTable(rows);
}

// dist/report/html/worker-table.js
var num3 = (header) => ({ header, numeric: true });
function workerTable(result) {
  const workers = result.workers ?? [];
  if (workers.length === 0)
    return void 0;
  const rows = workers.map((w) => [
    w.id,
    w.status === "finished" ? markup('<span class="mark pass">finished</span>') : markup('<span class="mark fail">lost</span>'),
    count(w.reports),
    count(w.delivered),
    count(w.deadLettered),
    count(w.deliveries),
    count(w.failed),
    count(w.duplicates),
    latencyCell(w.latency, "p50"),
    latencyCell(w.latency, "p99"),
    mb(w.rssPeakMB),
    `${w.cpuPeakPct.toFixed(0)}%`
  ]);
  return join([
    dataTable([
      { header: "worker" },
      { header: "status" },
      ...["reports", "delivered", "dead", "deliveries", "failed", "dups", "p50 ms", "p99 ms"].map(num3),
      num3("RSS peak"),
      num3("CPU peak")
    ], rows),
    note("Each worker's own counts: a message settled by two workers (a lease expired) counts in both rows, and once in the run's totals. A lost worker stopped beating without a final report.")
  ]);
}

// dist/report/html/run-report.js
function renderRunReport(result) {
  const overTime = timelineCharts(result);
  const distribution = latencyDistributionChart("chart-latency-distribution", [
    {
      curve: latencyCurve(result.histograms.endToEnd),
      series: { label: "end-to-end", color: COLORS.curve, scale: "ms", unit: " ms" }
    }
  ]);
  const body = join([
    runHeader(result),
    warningBox(result.warnings),
    section("over-time", "Over time", chartGrid(overTime)),
    section("latency", "Latency", columns([chartFigure(distribution), card("Percentiles", latencyTable(result))])),
    section("thresholds-and-chaos", "Thresholds and chaos", columns([
      card("Thresholds", thresholdTable(result)),
      card("Chaos events", chaosTable(result))
    ])),
    ...optionalSection("load", "Open load", loadTable(result)),
    section("by-type", "By message type", card(null, typeTable(result) ?? note("No messages."))),
    section("by-agent", "By agent (as sender; received as recipient)", card(null, agentTable(result) ?? note("No agents."))),
    ...optionalSection("workers", "Workers", workerTable(result)),
    section("dead-letters", "Dead letters", card(null, deadLetterTables(result))),
    section("resources", "Resources and harness", columns([
      card("Resources and queue", resourceTable(result)),
      card("Harness time", harnessTable(result))
    ])),
    section("configuration", "Resolved configuration", columns(configTables(result.config).map((table) => card(null, table)))),
    footer(`Run by swarm-stress ${result.environment.swarmStress}; result schema ${result.schema}.`)
  ]);
  return renderPage({
    title: `swarm-stress run: ${result.config.scenario} (${result.startedAt})`,
    body,
    charts: drawableCharts([...overTime, distribution])
  });
}
function optionalSection(id, title, content) {
  return content === void 0 ? [] : [section(id, title, card(null, content))];
}
export {
  renderRunReport
};
