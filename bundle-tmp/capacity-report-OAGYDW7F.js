import {
  STEP_FIGURES,
  outcomeLine,
  stepFigures
} from "./chunk-EDTKEX7F.js";
import {
  configTables
} from "./chunk-TYFSBL56.js";
import {
  COLORS,
  card,
  chartGrid,
  columns,
  dataTable,
  drawableCharts,
  escapeHtml,
  footer,
  join,
  lineChart,
  markup,
  note,
  renderPage,
  section,
  warningBox
} from "./chunk-Z6FGYB57.js";
import "./chunk-BYJNKJCJ.js";
import "./chunk-SQPFNCAQ.js";
import "./chunk-DDCKLXIA.js";
import "./chunk-NVC7T5PM.js";
import "./chunk-7RRR65MG.js";
import {
  formatDuration
} from "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-ANFZG24T.js";

// dist/report/html/capacity-report.js
var RATE_AXIS = { x: "rate", xLabel: "offered rate (messages per second)" };
function judged(doc) {
  return doc.steps.filter((step) => step.phase !== "warm-up").sort((a, b) => a.rate - b.rate);
}
function byRate(steps, pick, series) {
  return { x: steps.map((step) => step.rate), y: steps.map(pick), series };
}
function kneeLine(doc, top) {
  const knee = doc.outcome.sustainedRate ?? doc.outcome.range?.[1];
  if (knee === void 0 || knee === null)
    return [];
  return [
    {
      x: [knee, knee * 1.0000001],
      y: [0, top],
      series: {
        label: "rate found",
        color: COLORS.knee,
        scale: "ms",
        unit: " ms",
        dashed: true
      }
    }
  ];
}
function latencyByRateChart(doc) {
  const steps = judged(doc);
  const top = Math.max(0, ...steps.map((step) => step.endToEnd.p99));
  return lineChart({
    ...RATE_AXIS,
    id: "chart-capacity-latency",
    title: "Latency against offered rate",
    caption: "End-to-end latency of each step, corrected (from the intended arrival) and uncorrected (from the queue's acceptance), against its rate; the dashed vertical line is the rate found.",
    axes: [{ scale: "ms", label: "ms", side: "left" }],
    lines: [
      byRate(steps, (s) => s.endToEnd.p50, {
        label: "p50",
        color: COLORS.p50,
        scale: "ms",
        unit: " ms"
      }),
      byRate(steps, (s) => s.endToEnd.p99, {
        label: "p99",
        color: COLORS.p99,
        scale: "ms",
        unit: " ms"
      }),
      byRate(steps, (s) => s.endToEndUncorrected?.p99 ?? null, {
        label: "p99 uncorrected",
        color: COLORS.p95,
        scale: "ms",
        unit: " ms",
        dashed: true
      }),
      ...kneeLine(doc, top)
    ],
    tooShort: "Too few steps for a chart.",
    empty: "No step delivered anything."
  });
}
function throughputByRateChart(doc) {
  const steps = judged(doc);
  return lineChart({
    ...RATE_AXIS,
    id: "chart-capacity-throughput",
    title: "Throughput against offered rate",
    caption: "Per step, messages settled per second against the rate offered (the dashed diagonal): on it while the pipeline keeps up, below it past the knee.",
    axes: [{ scale: "rate", label: "per second", side: "left" }],
    lines: [
      byRate(steps, (s) => s.offeredPerSec, {
        label: "offered",
        color: COLORS.offered,
        scale: "rate",
        unit: "/s",
        dashed: true
      }),
      byRate(steps, (s) => s.settledPerSec, {
        label: "settled",
        color: COLORS.delivered,
        scale: "rate",
        unit: "/s"
      })
    ],
    tooShort: "Too few steps for a chart.",
    empty: "No step delivered anything."
  });
}
function searchTimelineChart(doc) {
  const t = [];
  const p99 = [];
  const offered = [];
  let offset = 0;
  for (const step of doc.steps) {
    for (const point of step.timeline) {
      t.push(offset + point.t);
      p99.push(point.delivered === 0 ? null : point.endToEndP99Ms);
      offered.push(point.offered ?? 0);
    }
    offset += step.timeline.at(-1)?.t ?? 0;
  }
  return lineChart({
    x: "seconds",
    xLabel: "seconds of the search's steps, one after another",
    id: "chart-capacity-timeline",
    title: "The search over time",
    caption: "Each step's seconds in turn: arrivals offered per second, and end-to-end p99.",
    axes: [
      { scale: "ms", label: "p99 ms", side: "left" },
      { scale: "rate", label: "offered per second", side: "right" }
    ],
    lines: [
      { x: t, y: p99, series: { label: "p99", color: COLORS.p99, scale: "ms", unit: " ms" } },
      {
        x: t,
        y: offered,
        series: {
          label: "offered",
          color: COLORS.offered,
          scale: "rate",
          unit: "/s",
          dashed: true
        }
      }
    ],
    tooShort: "Too short for a chart.",
    empty: "Nothing was delivered."
  });
}
function stepTable(doc) {
  const columns2 = [
    { header: "#" },
    { header: "phase" },
    ...STEP_FIGURES.map((header) => ({ header, numeric: true })),
    { header: "verdict" }
  ];
  const rows = doc.steps.map((step, i) => ({
    cells: [
      String(i + 1),
      step.phase,
      ...stepFigures(step),
      step.reasons.length > 0 ? `${step.verdict}: ${step.reasons.join("; ")}` : step.verdict
    ],
    className: step.verdict === "sustained" ? "" : "worse"
  }));
  return dataTable(columns2, rows);
}
function renderCapacityReport(doc) {
  const byRateCharts = [latencyByRateChart(doc), throughputByRateChart(doc)];
  const overTime = [searchTimelineChart(doc)];
  const slo = doc.search.slo.length > 0 ? doc.search.slo.join(", ") : "none: keeping up only";
  const passed = doc.outcome.verdict === "found" && doc.minRatePassed !== false;
  const body = join([
    markup(`<header class="run-header" data-verdict="${passed ? "pass" : "fail"}">
<h1>Capacity: ${escapeHtml(doc.config.scenario)}</h1>
<p class="verdict">${escapeHtml(outcomeLine(doc.outcome))}</p>
</header>`),
    warningBox(doc.warnings),
    section("search", "The search", note(`SLO: ${slo}. ${doc.steps.length} steps in ${formatDuration(doc.durationMs)}, resolution ${(doc.search.resolution * 100).toFixed(1)}%, steps of ${formatDuration(doc.search.stepMs)} (longer at low rates), confirmation ${formatDuration(doc.search.confirmMs)}.`)),
    section("by-rate", "Against the offered rate", chartGrid(byRateCharts)),
    section("over-time", "Over time", chartGrid(overTime)),
    section("steps", "Every step", card(null, stepTable(doc))),
    section("configuration", "Resolved configuration", columns(configTables(doc.config).map((table) => card(null, table)))),
    footer(`Searched by swarm-stress ${doc.environment.swarmStress}; document schema ${doc.schema}.`)
  ]);
  return renderPage({
    title: `swarm-stress capacity: ${doc.config.scenario} (${doc.startedAt})`,
    body,
    charts: drawableCharts([...byRateCharts, ...overTime])
  });
}
export {
  renderCapacityReport
};
