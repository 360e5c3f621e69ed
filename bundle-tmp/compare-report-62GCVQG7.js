import {
  deliveredPerSecondChart,
  elapsed,
  environmentText,
  latencyCurve,
  latencyDistributionChart,
  valueInUnit,
  workloadText
} from "./chunk-WPBADPJR.js";
import {
  COLORS,
  card,
  chartGrid,
  dataTable,
  drawableCharts,
  element,
  escapeHtml,
  footer,
  join,
  markup,
  note,
  renderPage,
  section,
  warningBox
} from "./chunk-Z6FGYB57.js";
import "./chunk-FGMWFILK.js";
import {
  runVerdict
} from "./chunk-34TKQEUL.js";
import "./chunk-EFPR5QAB.js";
import "./chunk-ASG4BG2V.js";
import {
  plainPercent
} from "./chunk-DDCKLXIA.js";
import "./chunk-NVC7T5PM.js";
import "./chunk-7RRR65MG.js";
import {
  formatDuration
} from "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-ANFZG24T.js";

// dist/report/html/verdict-marks.js
var MARKS = {
  better: { symbol: "\u25B2", className: "better" },
  worse: { symbol: "\u25BC", className: "worse" },
  same: { symbol: "=", className: "same" },
  "n/a": { symbol: "\u2013", className: "na" }
};
function verdictMark(verdict) {
  const { symbol, className } = MARKS[verdict];
  return markup(`<span class="mark ${className}">${symbol} ${verdict}</span>`);
}
function verdictClass(verdict) {
  return MARKS[verdict].className;
}
var VERDICT_ORDER = ["worse", "better", "same", "n/a"];

// dist/report/html/compare-header.js
function headline(comparison) {
  const worse = comparison.summary.worse;
  if (worse > 0) {
    return `<span class="badge big fail">\u25BC ${worse} worse</span>`;
  }
  return '<span class="badge big pass">\u2713 nothing worse</span>';
}
function compareHeader(comparison) {
  const { base, candidate, summary } = comparison;
  const title = base.scenario === candidate.scenario ? base.scenario : `${base.scenario} \u2192 ${candidate.scenario}`;
  const counts = VERDICT_ORDER.map((verdict) => `<span class="count">${verdictMark(verdict).html} ${summary[verdict] ?? 0}</span>`).join(" ");
  const tolerance = plainPercent(comparison.tolerance);
  return markup(`<header class="report-head">
<div>
<div class="eyebrow">swarm-stress comparison</div>
<h1>${escapeHtml(title)}</h1>
<div class="meta">base <strong>${escapeHtml(base.label)}</strong> (${escapeHtml(base.startedAt)}) against candidate <strong>${escapeHtml(candidate.label)}</strong> (${escapeHtml(candidate.startedAt)})</div>
<div class="meta">A change within \xB1${escapeHtml(tolerance)} counts as the same (for success rates, a change of the share that failed).</div>
</div>
<div class="verdict" data-worse="${summary.worse ?? 0}">${headline(comparison)}</div>
<p class="wide status-line counts">${counts}</p>
</header>`);
}

// dist/report/html/compare-tables.js
function deliveryText(result) {
  const c = result.config;
  return `batch ${c.batchSize}, interval ${formatDuration(c.interval)}, concurrency ${c.concurrency}, core ${result.core}`;
}
function outcomeText(result) {
  const verdict = runVerdict(result);
  const audit = result.audit.balanced ? "audit balanced" : "audit failed";
  const stopped = verdict.stoppedEarly ? `, ${verdict.stoppedEarly}` : "";
  return `${verdict.passed ? "pass" : "fail"} (${audit}${stopped})`;
}
var IDENTITY_ROWS = [
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
  ["schema", ({ run }) => run.schema]
];
var EXPECTED_TO_DIFFER = /* @__PURE__ */ new Set(["label", "started", "duration"]);
function identityTable(base, candidate) {
  const rows = IDENTITY_ROWS.map(([label, read]) => {
    const left = read(base);
    const right = read(candidate);
    const differs = left !== right && !EXPECTED_TO_DIFFER.has(label);
    const key = differs ? join([label, markup(' <span class="differs-mark">\u2260 differs</span>')]) : label;
    return { cells: [key, left, right], className: differs ? "differs" : "" };
  });
  return dataTable([{ header: "" }, { header: "base" }, { header: "candidate" }], rows, "identity");
}
function signed(value, digits) {
  const sign = value > 0 ? "+" : value < 0 ? "\u2212" : "\xB1";
  return `${sign}${Math.abs(value).toFixed(digits)}`;
}
function changeText(row) {
  if (row.ratio === null || !Number.isFinite(row.ratio))
    return "n/a";
  if (row.unit === "ratio" && row.base !== null && row.candidate !== null) {
    return `\xD7${row.ratio.toFixed(2)} (${signed((row.candidate - row.base) * 100, 2)} pp)`;
  }
  return `\xD7${row.ratio.toFixed(2)} (${signed((row.ratio - 1) * 100, 1)}%)`;
}
function metricCell(row) {
  const direction = row.higherIsBetter ? "higher is better" : "lower is better";
  return join([
    row.label,
    element("span", "sub", join([element("code", "", row.metric), ` \xB7 ${direction}`]))
  ]);
}
function comparisonTable(comparison) {
  if (comparison.rows.length === 0)
    return note("No figures were compared.");
  const rows = comparison.rows.map((row) => ({
    cells: [
      metricCell(row),
      valueInUnit(row.base, row.unit),
      valueInUnit(row.candidate, row.unit),
      changeText(row),
      verdictMark(row.verdict)
    ],
    className: verdictClass(row.verdict)
  }));
  const columns = [
    { header: "metric" },
    { header: "base", numeric: true },
    { header: "candidate", numeric: true },
    { header: "candidate / base", numeric: true },
    { header: "verdict" }
  ];
  return dataTable(columns, rows, "comparison");
}

// dist/report/html/compare-report.js
function sideSeries(side, scale, unit) {
  return side === "base" ? { label: "base", color: COLORS.base, scale, unit, dashed: true } : { label: "candidate", color: COLORS.candidate, scale, unit };
}
function renderCompareReport(comparison, base, candidate) {
  const charts = [
    latencyDistributionChart("chart-compare-latency", [
      { curve: latencyCurve(base.histograms.endToEnd), series: sideSeries("base", "ms", " ms") },
      {
        curve: latencyCurve(candidate.histograms.endToEnd),
        series: sideSeries("candidate", "ms", " ms")
      }
    ]),
    deliveredPerSecondChart("chart-compare-throughput", [
      { timeline: base.timeline, series: sideSeries("base", "rate", "/s") },
      { timeline: candidate.timeline, series: sideSeries("candidate", "rate", "/s") }
    ])
  ];
  const body = join([
    compareHeader(comparison),
    warningBox(comparison.warnings, "Read before trusting this comparison"),
    section("runs", "The two runs", card(null, identityTable({ run: comparison.base, result: base }, { run: comparison.candidate, result: candidate }))),
    section("figures", "Figures", card(null, comparisonTable(comparison))),
    section("charts", "Both runs overlaid", chartGrid(charts)),
    footer(`Comparison schema ${comparison.schema}.`)
  ]);
  return renderPage({
    title: `swarm-stress comparison: ${comparison.base.label} vs ${comparison.candidate.label}`,
    body,
    charts: drawableCharts(charts)
  });
}
export {
  renderCompareReport
};
