import type { ChaosKind, RunResult } from "../../result/result.js";
import type { LiveThreshold, TimelineView } from "../../run/options.js";
import type { ChartSpec } from "./chart-spec.js";
import { isDrawable } from "./line-chart.js";
import { element, join, type Markup, markup } from "./markup.js";
import { chaosEventsTable, thresholdTable } from "./run-tables.js";
import { note } from "./section.js";
import { dataTable } from "./table.js";
import { timelineChartsById } from "./timeline-charts.js";

/** One chart of the dashboard: drawn from `spec`, or, while it cannot be, `reason` said. */
export interface DashboardChart {
  readonly id: string;
  readonly spec?: ChartSpec;
  readonly reason?: string;
}

/**
 * What the live dashboard's page receives each second (dashboard-client.ts): the charts built
 * by the report's own builders, and the tables as markup built by the report's own helpers, so
 * the page only places them.
 */
export interface DashboardUpdate {
  /** Seconds since the run started. */
  readonly seconds: number;
  /** Points of the timeline so far, one per second (fewer once a long run's older merge). */
  readonly points: number;
  readonly charts: readonly DashboardChart[];
  /** The thresholds table, HTML. */
  readonly thresholds: string;
  /** The chaos table, HTML. */
  readonly chaos: string;
  /** True once the run has ended. */
  readonly final: boolean;
}

/** The last event of the stream: the final report, and the tables with their final verdicts. */
export interface DashboardEnd {
  /** The run's HTML report, the page offers it as a link. */
  readonly report: string;
  readonly thresholds: string;
  readonly chaos: string;
}

/** The dashboard's update for the run so far. */
export function dashboardUpdate(view: TimelineView): DashboardUpdate {
  const charts = timelineChartsById(view.timeline).map(({ id, chart }) =>
    isDrawable(chart) ? { id, spec: chart } : { id, reason: chart.reason },
  );
  return {
    seconds: Math.round(view.elapsedMs / 100) / 10,
    points: view.timeline.length,
    charts,
    thresholds: liveThresholdTable(view.thresholds).html,
    chaos: liveChaosTable(view.chaos).html,
    final: view.final,
  };
}

/** The dashboard's last event: what the run's report says, and the report itself. */
export function dashboardEnd(result: RunResult, report: string): DashboardEnd {
  return {
    report,
    thresholds: thresholdTable(result).html,
    chaos: chaosEventsTable(result.chaos).html,
  };
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
