import type { SideBySideRun, SideBySideSummary } from "../../compare/side-by-side.js";
import { LatencyHistogram } from "../../metrics/histogram.js";
import type { RunResult } from "../../result/result.js";
import { latencyCurve } from "../latency-curve.js";
import { brokerColor } from "./broker-colors.js";
import { chartGrid, drawableCharts } from "./chart-figure.js";
import type { ChartSeries } from "./chart-spec.js";
import { footer } from "./footer.js";
import { latencyDistributionChart } from "./latency-charts.js";
import { join } from "./markup.js";
import { renderPage } from "./page.js";
import { throughputByRoundChart } from "./round-charts.js";
import { card, note, section } from "./section.js";
import { runsTable, sideBySideHeader, sideBySideTable } from "./side-by-side-tables.js";
import { deliveredPerSecondChart } from "./timeline-charts.js";
import { warningBox } from "./warnings.js";

/**
 * A side-by-side comparison of queues as one self-contained HTML page (nothing fetched: the
 * chart library and data are inline, as in the run report): the table of medians, every run,
 * and charts with one colour per queue. `runs` supply what the summary does not carry: the
 * latency histograms (merged over each queue's runs, exactly) and timelines (of each queue's
 * median run).
 */
export function renderSideBySideReport(
  summary: SideBySideSummary,
  runs: readonly SideBySideRun[],
): string {
  const results = summary.queues.map((_, index) =>
    runs.filter((run) => run.queue === index).map((run) => run.result),
  );
  const series = (index: number, scale: string, unit: string): ChartSeries => {
    const { color, dashed } = brokerColor(index);
    const label = summary.queues[index]?.label ?? `queue ${index + 1}`;
    return { label, color, scale, unit, ...(dashed ? { dashed } : {}) };
  };
  const charts = [
    throughputByRoundChart("chart-side-by-side-rounds", summary, (index) =>
      series(index, "rate", "/s"),
    ),
    latencyDistributionChart(
      "chart-side-by-side-latency",
      results.map((own, index) => ({
        curve: latencyCurve(mergedEndToEnd(own)),
        series: series(index, "ms", " ms"),
      })),
    ),
    deliveredPerSecondChart(
      "chart-side-by-side-throughput",
      results.flatMap((own, index) => {
        const median = medianRun(own);
        return median ? [{ timeline: median.timeline, series: series(index, "rate", "/s") }] : [];
      }),
    ),
  ];
  const body = join([
    sideBySideHeader(summary),
    warningBox(
      summary.fault === undefined
        ? []
        : [`Stopped on a fault of the environment: ${summary.fault}`],
      "Read before trusting this comparison",
    ),
    section(
      "figures",
      "Medians per queue",
      card(
        null,
        join([
          sideBySideTable(summary),
          note(
            "Throughput is messages settled per second; end-to-end (e2e) runs from a message's intended time to its last delivery; delivery is the core's own time per call; peak RSS and CPU are the swarm-stress process's (harness and broker client), not the broker's. Lost and duplicates (dup) are summed over the runs.",
          ),
        ]),
      ),
    ),
    section("charts", "Queues overlaid", chartGrid(charts)),
    section("runs", "Every run, in the order it ran", card(null, runsTable(summary))),
    footer(`Side-by-side schema ${summary.schema}.`),
  ]);
  return renderPage({
    title: `swarm-stress brokers side by side: ${summary.workload}`,
    body,
    charts: drawableCharts(charts),
  });
}

/** The end-to-end histograms of `results` added into one: the latency of all their messages. */
function mergedEndToEnd(results: readonly RunResult[]): string {
  const encoded = results.map((result) => result.histograms.endToEnd).filter((h) => h !== "");
  const [first, ...rest] = encoded;
  if (first === undefined) return "";
  const merged = LatencyHistogram.decode(first);
  for (const other of rest) merged.add(LatencyHistogram.decode(other));
  return merged.encode();
}

/** The run whose throughput is the median (the lower middle of an even count). */
function medianRun(results: readonly RunResult[]): RunResult | undefined {
  const sorted = [...results].sort(
    (a, b) => a.throughput.messagesPerSec - b.throughput.messagesPerSec,
  );
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
