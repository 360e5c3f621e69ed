import type { CapacityDocument, CapacityStep } from "../../capacity/capacity-document.js";
import type { ChaosKind, RunResult } from "../../result/result.js";
import type { BenchRow, BenchSummary } from "../../run/bench-suite.js";
import type { LiveThreshold, LiveWorker, TimelineView } from "../../run/options.js";
import { benchRowTable, benchSummaryPanel } from "./bench-rows.js";
import { byRateChartsById, kneeOf, stepTable } from "./capacity-report.js";
import type { ChartSpec, PlacedChart } from "./chart-spec.js";
import {
  LIVE_CHAOS_ID,
  LIVE_NOTICES_ID,
  LIVE_ROWS_ID,
  LIVE_STEPS_ID,
  LIVE_THRESHOLDS_ID,
  LIVE_WORKERS_ID,
} from "./dashboard-client.js";
import { isDrawable } from "./line-chart.js";
import { liveWorkerTable } from "./live-worker-table.js";
import { element, join, type Markup, markup } from "./markup.js";
import { chaosEventsTable, thresholdTable } from "./run-tables.js";
import { note } from "./section.js";
import { dataTable } from "./table.js";
import { timelineChartsById } from "./timeline-charts.js";
import { workerTable } from "./worker-table.js";

/** One chart of the dashboard: drawn from `spec`, or, while it cannot be, `reason` said. */
export interface DashboardChart {
  readonly id: string;
  readonly spec?: ChartSpec;
  readonly reason?: string;
}

/**
 * What one event of the live dashboard's stream (dashboard-client.ts) changes on its page:
 * charts built by the report's own builders, and pieces of markup built by the report's own
 * helpers (by the id of the element they go in), so the page only places them.
 */
export interface DashboardPanel {
  readonly charts: readonly DashboardChart[];
  readonly html: Readonly<Record<string, string>>;
}

/** An `update` event: the run (or the search's step) under way, each second. */
export interface DashboardUpdate extends DashboardPanel {
  /** The status line: what runs, for how long so far. */
  readonly status: string;
  /** Seconds since the run started. */
  readonly seconds: number;
  /** Points of the timeline so far, one per second (fewer once a long run's older merge). */
  readonly points: number;
  /** True once the run (the step) has ended. */
  readonly final: boolean;
  /** A distributed run's workers as they stand (also drawn as a table); absent otherwise. */
  readonly workers?: readonly LiveWorker[];
}

/** The `end` event: the final report, and the page's tables with their final verdicts. */
export interface DashboardEnd extends DashboardPanel {
  /** The HTML report the command writes with `--html`; the page offers it as a link. */
  readonly report: string;
}

/** The dashboard's update for the run so far; `stage` names it within a longer command. */
export function dashboardUpdate(view: TimelineView, stage = "The run"): DashboardUpdate {
  const seconds = Math.round(view.elapsedMs / 100) / 10;
  const points = view.timeline.length;
  const counted = `${seconds.toFixed(1)} s, ${points} ${points === 1 ? "point" : "points"} over time`;
  return {
    status: view.final ? `${stage} ended after ${counted}.` : `${stage}: ${counted}, one a second.`,
    seconds,
    points,
    final: view.final,
    charts: dashboardCharts(timelineChartsById(view.timeline)),
    html: {
      [LIVE_THRESHOLDS_ID]: liveThresholdTable(view.thresholds).html,
      [LIVE_CHAOS_ID]: liveChaosTable(view.chaos).html,
      ...(view.workers ? { [LIVE_WORKERS_ID]: liveWorkerTable(view.workers).html } : {}),
    },
    ...(view.workers ? { workers: view.workers } : {}),
  };
}

/** A capacity search's steps so far: the charts against the offered rate and the step table. */
export function stepsPanel(steps: readonly CapacityStep[]): DashboardPanel {
  return {
    charts: dashboardCharts(byRateChartsById(steps)),
    html: { [LIVE_STEPS_ID]: stepTable(steps).html },
  };
}

/** A benchmark suite's rows finished so far, as a table of their key figures. */
export function rowsPanel(rows: readonly BenchRow[]): DashboardPanel {
  return { charts: [], html: { [LIVE_ROWS_ID]: benchRowTable(rows).html } };
}

/** How many of the latest notices the page lists. */
export const NOTICES_SHOWN = 50;

/**
 * The command's latest notices, as a list: what it tells a person on stderr, such as a
 * distributed run's workers joining, finishing or lost.
 */
export function noticesPanel(lines: readonly string[]): DashboardPanel {
  const items = lines.map((line) => element("li", "", line).html).join("");
  return { charts: [], html: { [LIVE_NOTICES_ID]: `<ul class="notices">${items}</ul>` } };
}

/** A run's last event: what its result says (a distributed run's workers too), and its report. */
export function runEnd(result: RunResult, report: string): DashboardEnd {
  const workers = workerTable(result);
  return {
    report,
    charts: [],
    html: {
      [LIVE_THRESHOLDS_ID]: thresholdTable(result).html,
      [LIVE_CHAOS_ID]: chaosEventsTable(result.chaos).html,
      ...(workers ? { [LIVE_WORKERS_ID]: workers.html } : {}),
    },
  };
}

/** A suite's last event: every row and how the suite ran, and its summary page. */
export function benchEnd(summary: BenchSummary, report: string): DashboardEnd {
  return { report, charts: [], html: { [LIVE_ROWS_ID]: benchSummaryPanel(summary).html } };
}

/** A search's last event: every step, the rate found marked on the charts, and its report. */
export function capacityEnd(doc: CapacityDocument, report: string): DashboardEnd {
  return {
    report,
    charts: dashboardCharts(byRateChartsById(doc.steps, kneeOf(doc))),
    html: { [LIVE_STEPS_ID]: stepTable(doc.steps).html },
  };
}

function dashboardCharts(placed: readonly PlacedChart[]): DashboardChart[] {
  return placed.map(({ id, chart }) =>
    isDrawable(chart) ? { id, spec: chart } : { id, reason: chart.reason },
  );
}

/**
 * Thresholds as judged so far: failed once one can no longer pass whatever the rest of the run
 * does (the same sound bounds as `--abort-on-fail`), else not failed yet; the verdict proper
 * comes with the result.
 */
export function liveThresholdTable(thresholds: readonly LiveThreshold[]): Markup {
  if (thresholds.length === 0) return note("No thresholds were set for this run.");
  const rows = thresholds.map((threshold) => [
    element("code", "", threshold.expression),
    threshold.lost === undefined
      ? markup('<span class="mark pass">✓ not failed so far</span>')
      : markup('<span class="mark fail">✗ failed</span>'),
    threshold.lost ?? "",
  ]);
  return join([
    dataTable([{ header: "threshold" }, { header: "so far" }, { header: "why" }], rows),
    note(
      "Failed once it can no longer pass, whatever the rest of the run does; judged in full at the end.",
    ),
  ]);
}

function liveChaosTable(chaos: Readonly<Record<ChaosKind, number>> | undefined): Markup {
  const events = chaos ?? {
    failureBurst: 0,
    latencySpike: 0,
    queueSaturation: 0,
    memoryPressure: 0,
  };
  const total = Object.values(events).reduce((sum, n) => sum + n, 0);
  return chaosEventsTable({ enabled: chaos !== undefined, events, total });
}
