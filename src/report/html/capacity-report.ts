import type { CapacityDocument, CapacityStep } from "../../capacity/capacity-document.js";
import { formatDuration } from "../../config/duration.js";
import { outcomeLine, STEP_FIGURES, stepFigures } from "../capacity-table.js";
import { chartGrid, drawableCharts } from "./chart-figure.js";
import {
  type ChartSeries,
  type ChartSpec,
  COLORS,
  type MissingChart,
  type PlacedChart,
} from "./chart-spec.js";
import { configTables } from "./config-table.js";
import { escapeHtml } from "./escape.js";
import { footer } from "./footer.js";
import { lineChart, type SeriesLine } from "./line-chart.js";
import { join, type Markup, markup } from "./markup.js";
import { renderPage } from "./page.js";
import { card, columns, note, section } from "./section.js";
import { type Column, dataTable } from "./table.js";
import { warningBox } from "./warnings.js";

const RATE_AXIS = { x: "rate", xLabel: "offered rate (messages per second)" } as const;

/** The steps that judged the pipeline, by rate: the warm-up only settled the machine. */
function judged(steps: readonly CapacityStep[]): CapacityStep[] {
  return steps.filter((step) => step.phase !== "warm-up").sort((a, b) => a.rate - b.rate);
}

/** The rate a search found (or the top of the range it narrowed to); none while it goes on. */
export function kneeOf(doc: CapacityDocument): number | undefined {
  return doc.outcome.sustainedRate ?? doc.outcome.range?.[1] ?? undefined;
}

function byRate(
  steps: readonly CapacityStep[],
  pick: (step: CapacityStep) => number | null,
  series: ChartSeries,
): SeriesLine {
  return { x: steps.map((step) => step.rate), y: steps.map(pick), series };
}

/**
 * The knee as a line of its own: from the bottom to the top of the chart at the sustained
 * rate, so the eye finds where latency turns up against where the search stopped.
 */
function kneeLine(knee: number | undefined, top: number): SeriesLine[] {
  if (knee === undefined) return [];
  return [
    {
      x: [knee, knee * 1.0000001],
      y: [0, top],
      series: {
        label: "rate found",
        color: COLORS.knee,
        scale: "ms",
        unit: " ms",
        dashed: true,
      },
    },
  ];
}

/** Ids of the elements the charts against the offered rate are drawn into. */
export const BY_RATE_CHART_IDS = {
  latency: "chart-capacity-latency",
  throughput: "chart-capacity-throughput",
} as const;

/**
 * p50 and p99, corrected and uncorrected, against the offered rate; the knee, once the search
 * has found it, marked.
 */
function latencyByRateChart(
  all: readonly CapacityStep[],
  knee: number | undefined,
): ChartSpec | MissingChart {
  const steps = judged(all);
  const top = Math.max(0, ...steps.map((step) => step.endToEnd.p99));
  return lineChart({
    ...RATE_AXIS,
    id: BY_RATE_CHART_IDS.latency,
    title: "Latency against offered rate",
    caption:
      "End-to-end latency of each step, corrected (from the intended arrival) and uncorrected (from the queue's acceptance), against its rate; the dashed vertical line is the rate found.",
    axes: [{ scale: "ms", label: "ms", side: "left" }],
    lines: [
      byRate(steps, (s) => s.endToEnd.p50, {
        label: "p50",
        color: COLORS.p50,
        scale: "ms",
        unit: " ms",
      }),
      byRate(steps, (s) => s.endToEnd.p99, {
        label: "p99",
        color: COLORS.p99,
        scale: "ms",
        unit: " ms",
      }),
      byRate(steps, (s) => s.endToEndUncorrected?.p99 ?? null, {
        label: "p99 uncorrected",
        color: COLORS.p95,
        scale: "ms",
        unit: " ms",
        dashed: true,
      }),
      ...kneeLine(knee, top),
    ],
    tooShort: "Too few steps for a chart.",
    empty: "No step delivered anything.",
  });
}

/**
 * What the pipeline settled against what was offered: on the diagonal while it keeps up. What
 * the queue accepted (`sent`) is in the table: it lies on the diagonal too until the queue is
 * full, and drawn over it would hide it.
 */
function throughputByRateChart(all: readonly CapacityStep[]): ChartSpec | MissingChart {
  const steps = judged(all);
  return lineChart({
    ...RATE_AXIS,
    id: BY_RATE_CHART_IDS.throughput,
    title: "Throughput against offered rate",
    caption:
      "Per step, messages settled per second against the rate offered (the dashed diagonal): on it while the pipeline keeps up, below it past the knee.",
    axes: [{ scale: "rate", label: "per second", side: "left" }],
    lines: [
      byRate(steps, (s) => s.offeredPerSec, {
        label: "offered",
        color: COLORS.offered,
        scale: "rate",
        unit: "/s",
        dashed: true,
      }),
      byRate(steps, (s) => s.settledPerSec, {
        label: "settled",
        color: COLORS.delivered,
        scale: "rate",
        unit: "/s",
      }),
    ],
    tooShort: "Too few steps for a chart.",
    empty: "No step delivered anything.",
  });
}

/** Every step's seconds one after another: p99 and the rate offered, step by step. */
function searchTimelineChart(doc: CapacityDocument): ChartSpec | MissingChart {
  const t: number[] = [];
  const p99: (number | null)[] = [];
  const offered: number[] = [];
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
      { scale: "rate", label: "offered per second", side: "right" },
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
          dashed: true,
        },
      },
    ],
    tooShort: "Too short for a chart.",
    empty: "Nothing was delivered.",
  });
}

/**
 * The charts against the offered rate, each with its element's id even when it cannot be drawn
 * yet: for the live dashboard of a search, which redraws them after each step.
 */
export function byRateChartsById(steps: readonly CapacityStep[], knee?: number): PlacedChart[] {
  return [
    { id: BY_RATE_CHART_IDS.latency, chart: latencyByRateChart(steps, knee) },
    { id: BY_RATE_CHART_IDS.throughput, chart: throughputByRateChart(steps) },
  ];
}

/** Every step in the order run, with its figures and verdict. */
export function stepTable(steps: readonly CapacityStep[]): Markup {
  const columns: Column[] = [
    { header: "#" },
    { header: "phase" },
    ...STEP_FIGURES.map((header) => ({ header, numeric: true })),
    { header: "verdict" },
  ];
  const rows = steps.map((step, i) => ({
    cells: [
      String(i + 1),
      step.phase,
      ...stepFigures(step),
      step.reasons.length > 0 ? `${step.verdict}: ${step.reasons.join("; ")}` : step.verdict,
    ],
    className: step.verdict === "sustained" ? "" : "worse",
  }));
  return dataTable(columns, rows);
}

/**
 * A capacity search as one self-contained HTML page: the rate found, latency and throughput
 * against the offered rate with the knee marked, the search over time, and every step.
 */
export function renderCapacityReport(doc: CapacityDocument): string {
  const byRateCharts = byRateChartsById(doc.steps, kneeOf(doc)).map(({ chart }) => chart);
  const overTime = [searchTimelineChart(doc)];
  const slo = doc.search.slo.length > 0 ? doc.search.slo.join(", ") : "none: keeping up only";
  const passed = doc.outcome.verdict === "found" && doc.minRatePassed !== false;
  const body = join([
    markup(
      `<header class="run-header" data-verdict="${passed ? "pass" : "fail"}">\n<h1>Capacity: ${escapeHtml(doc.config.scenario)}</h1>\n<p class="verdict">${escapeHtml(outcomeLine(doc.outcome))}</p>\n</header>`,
    ),
    warningBox(doc.warnings),
    section(
      "search",
      "The search",
      note(
        `SLO: ${slo}. ${doc.steps.length} steps in ${formatDuration(doc.durationMs)}, resolution ${(doc.search.resolution * 100).toFixed(1)}%, steps of ${formatDuration(doc.search.stepMs)} (longer at low rates), confirmation ${formatDuration(doc.search.confirmMs)}.`,
      ),
    ),
    section("by-rate", "Against the offered rate", chartGrid(byRateCharts)),
    section("over-time", "Over time", chartGrid(overTime)),
    section("steps", "Every step", card(null, stepTable(doc.steps))),
    section(
      "configuration",
      "Resolved configuration",
      columns(configTables(doc.config).map((table) => card(null, table))),
    ),
    footer(
      `Searched by swarm-stress ${doc.environment.swarmStress}; document schema ${doc.schema}.`,
    ),
  ]);
  return renderPage({
    title: `swarm-stress capacity: ${doc.config.scenario} (${doc.startedAt})`,
    body,
    charts: drawableCharts([...byRateCharts, ...overTime]),
  });
}
