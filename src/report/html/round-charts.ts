import type { SideBySideSummary } from "../../compare/side-by-side.js";
import type { ChartSeries, ChartSpec, MissingChart } from "./chart-spec.js";
import { lineChart } from "./line-chart.js";

/**
 * Each queue's throughput in each round of a side-by-side comparison, one line per queue in its
 * own colour: how far the runs behind each median spread, and whether a queue drifted over the
 * rounds (warming up, or filling up) rather than varying at random.
 */
export function throughputByRoundChart(
  id: string,
  summary: SideBySideSummary,
  series: (index: number) => ChartSeries,
): ChartSpec | MissingChart {
  return lineChart({
    id,
    title: "Throughput per round",
    caption:
      "Messages settled per second in each run, by round; the table's figure is the median of each line.",
    x: "round",
    xLabel: "round",
    axes: [{ scale: "rate", label: "messages per second", side: "left" }],
    lines: summary.queues.map((queue, index) => ({
      x: queue.perRun.map((run) => run.round + 1),
      y: queue.perRun.map((run) => run.messagesPerSec),
      series: series(index),
    })),
    tooShort: "One round only: run with --repeat 2 or more for a line per queue.",
    empty: "No run finished.",
  });
}
