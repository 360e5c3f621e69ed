import type { RunResult, TimelinePoint } from "../../result/result.js";
import {
  type ChartSeries,
  type ChartSpec,
  COLORS,
  type MissingChart,
  type PlacedChart,
} from "./chart-spec.js";
import { type LineChartDefinition, lineChart, type SeriesLine } from "./line-chart.js";
import { ratesPerSecond } from "./timeline-rates.js";

const SECONDS = { x: "seconds", xLabel: "seconds since start" } as const;

/** Ids of the elements the charts of a run's timeline are drawn into. */
export const TIMELINE_CHART_IDS = {
  throughput: "chart-throughput",
  latency: "chart-latency",
  depth: "chart-depth",
  resources: "chart-resources",
} as const;

/** Why a run with fewer than two points over time gets no chart. */
function tooShortForChart(points: number): string {
  const counted = points === 1 ? "1 point" : `${points} points`;
  return `Too short for a chart: ${counted} over time (one per second of the run).`;
}

function line(
  x: readonly number[],
  y: readonly (number | null)[],
  series: ChartSeries,
): SeriesLine {
  return { x, y, series };
}

function timelineChart(
  definition: Omit<LineChartDefinition, "tooShort" | "x" | "xLabel">,
): ChartSpec | MissingChart {
  const points = definition.lines[0]?.x.length ?? 0;
  return lineChart({ ...SECONDS, ...definition, tooShort: tooShortForChart(points) });
}

/** Delivered messages and failed attempts per second; under open load, offered and sent too. */
export function throughputChart(timeline: readonly TimelinePoint[]): ChartSpec | MissingChart {
  const rates = ratesPerSecond(timeline);
  const t = rates.map((point) => point.t);
  const open = timeline.some((point) => point.offered !== undefined);
  const lines = [
    line(
      t,
      rates.map((point) => point.delivered),
      { label: "delivered", color: COLORS.delivered, scale: "rate", unit: "/s" },
    ),
    line(
      t,
      rates.map((point) => point.failed),
      { label: "failed attempts", color: COLORS.failed, scale: "rate", unit: "/s", dashed: true },
    ),
  ];
  if (open) {
    lines.push(
      line(
        t,
        rates.map((point) => point.offered),
        { label: "offered", color: COLORS.offered, scale: "rate", unit: "/s", dashed: true },
      ),
      line(
        t,
        rates.map((point) => point.sent),
        { label: "sent", color: COLORS.sent, scale: "rate", unit: "/s" },
      ),
    );
  }
  return timelineChart({
    id: TIMELINE_CHART_IDS.throughput,
    title: "Throughput",
    caption: open
      ? "Arrivals the schedule offered, messages the queue accepted, messages delivered to every recipient and failed delivery attempts, per second."
      : "Messages delivered to every recipient, and failed delivery attempts, per second.",
    axes: [{ scale: "rate", label: "per second", side: "left" }],
    lines,
    empty: "Nothing was delivered.",
  });
}

/**
 * End-to-end latency percentiles per second. An interval that delivered nothing has no
 * latency (the timeline stores 0): it is left as a gap rather than drawn as a drop to zero.
 * An open run's uncorrected p50 and p99 (from the queue's acceptance) are drawn beside the
 * corrected ones, lighter and dashed; a second without them is a gap too.
 */
export function latencyOverTimeChart(timeline: readonly TimelinePoint[]): ChartSpec | MissingChart {
  const t = timeline.map((point) => point.t);
  const measured = (point: TimelinePoint, value: number | undefined): number | null =>
    value === undefined || (point.delivered === 0 && value === 0) ? null : value;
  const percentile = (
    label: string,
    color: string,
    pick: (point: TimelinePoint) => number | undefined,
    dashed = false,
  ): SeriesLine =>
    line(
      t,
      timeline.map((point) => measured(point, pick(point))),
      { label, color, scale: "ms", unit: " ms", dashed },
    );
  const lines = [percentile("p50", COLORS.p50, (point) => point.endToEndP50Ms)];
  // Results saved before the p95 existed lack it; draw what the run has.
  if (timeline.some((point) => point.endToEndP95Ms !== undefined)) {
    lines.push(percentile("p95", COLORS.p95, (point) => point.endToEndP95Ms));
  }
  lines.push(percentile("p99", COLORS.p99, (point) => point.endToEndP99Ms, true));
  const uncorrected = timeline.some((point) => point.endToEndUncorrectedP99Ms !== undefined);
  if (uncorrected) {
    lines.push(
      percentile(
        "p50 uncorrected",
        COLORS.p50Uncorrected,
        (point) => point.endToEndUncorrectedP50Ms,
        true,
      ),
      percentile(
        "p99 uncorrected",
        COLORS.p99Uncorrected,
        (point) => point.endToEndUncorrectedP99Ms,
        true,
      ),
    );
  }
  return timelineChart({
    id: TIMELINE_CHART_IDS.latency,
    title: "End-to-end latency over time",
    caption: uncorrected
      ? "Percentiles of the messages delivered in each second: p50, p95 and p99 corrected, from the intended arrival to the outcome; the lighter dashed lines uncorrected, from the queue's acceptance (they part when arrivals waited to get in)."
      : "Percentiles of the messages delivered in each second, from scheduled send to outcome.",
    axes: [{ scale: "ms", label: "ms", side: "left" }],
    lines,
    empty: "No message was delivered, so there is no latency to draw.",
  });
}

/** Messages held by the queue (ready, delayed and leased), sampled each second. */
export function queueDepthChart(timeline: readonly TimelinePoint[]): ChartSpec | MissingChart {
  const t = timeline.map((point) => point.t);
  return timelineChart({
    id: TIMELINE_CHART_IDS.depth,
    title: "Queue depth",
    caption: "Messages held by the queue (ready, delayed and leased) at the end of each second.",
    axes: [{ scale: "messages", label: "messages", side: "left" }],
    lines: [
      line(
        t,
        timeline.map((point) => point.depth),
        { label: "depth", color: COLORS.depth, scale: "messages", unit: "" },
      ),
    ],
    empty: "The queue was never sampled.",
  });
}

/** The harness process's memory and CPU, on two scales. */
export function resourcesChart(timeline: readonly TimelinePoint[]): ChartSpec | MissingChart {
  const t = timeline.map((point) => point.t);
  return timelineChart({
    id: TIMELINE_CHART_IDS.resources,
    title: "Memory and CPU",
    caption: "Resident memory (left axis) and CPU time in % of one core (right axis).",
    axes: [
      { scale: "MB", label: "RSS MB", side: "left" },
      { scale: "%", label: "CPU %", side: "right" },
    ],
    lines: [
      line(
        t,
        timeline.map((point) => point.rssMB),
        { label: "RSS", color: COLORS.rss, scale: "MB", unit: " MB" },
      ),
      line(
        t,
        timeline.map((point) => point.cpuPct),
        { label: "CPU", color: COLORS.cpu, scale: "%", unit: "%", dashed: true },
      ),
    ],
    empty: "Resources were never sampled.",
  });
}

/** Every chart drawn from the run's timeline, in reading order. */
export function timelineCharts(result: RunResult): (ChartSpec | MissingChart)[] {
  return timelineChartsById(result.timeline).map(({ chart }) => chart);
}

/**
 * The charts of {@link timelineCharts}, each with its element's id even when it cannot be drawn
 * yet: for a page that redraws them as a running timeline grows (the live dashboard).
 */
export function timelineChartsById(timeline: readonly TimelinePoint[]): PlacedChart[] {
  return [
    { id: TIMELINE_CHART_IDS.throughput, chart: throughputChart(timeline) },
    { id: TIMELINE_CHART_IDS.latency, chart: latencyOverTimeChart(timeline) },
    { id: TIMELINE_CHART_IDS.depth, chart: queueDepthChart(timeline) },
    { id: TIMELINE_CHART_IDS.resources, chart: resourcesChart(timeline) },
  ];
}

/** One run's timeline with how to draw its line. */
export interface TimelineToDraw {
  readonly timeline: readonly TimelinePoint[];
  readonly series: ChartSeries;
}

/**
 * Delivered messages per second of several runs on one chart. A run with fewer than two points
 * would be an invisible line; it is left out, and the caption says so.
 */
export function deliveredPerSecondChart(
  id: string,
  runs: readonly TimelineToDraw[],
): ChartSpec | MissingChart {
  const lines = runs.map(({ timeline, series }) => {
    const rates = ratesPerSecond(timeline);
    return line(
      rates.map((point) => point.t),
      rates.map((point) => point.delivered),
      series,
    );
  });
  const drawable = lines.filter((entry) => entry.x.length >= 2);
  const someLeftOut = drawable.length > 0 && drawable.length < lines.length;
  return lineChart({
    ...SECONDS,
    id,
    title: "Throughput over time",
    caption: `Messages delivered to every recipient per second, each run from its own start.${someLeftOut ? " A run too short for a line (under two points) is left out." : ""}`,
    axes: [{ scale: "rate", label: "delivered per second", side: "left" }],
    lines: drawable,
    tooShort: "Too short for a chart: no run has two points over time (one per second).",
    empty: "Nothing was delivered.",
  });
}
