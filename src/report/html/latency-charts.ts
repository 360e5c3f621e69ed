import type { LatencyCurvePoint } from "../latency-curve.js";
import type { ChartSeries, ChartSpec, MissingChart } from "./chart-spec.js";
import { lineChart, type SeriesLine } from "./line-chart.js";

/** A run's latency percentile curve with how to draw it. */
export interface CurveToDraw {
  readonly curve: readonly LatencyCurvePoint[];
  readonly series: ChartSeries;
}

/** `99.9%`, `96.875%`, `100% (max)`. */
function percentileText(percentile: number): string {
  if (percentile === 100) return "100% (max)";
  return `${Number(percentile.toFixed(4))}%`;
}

function curveLine({ curve, series }: CurveToDraw): SeriesLine {
  return {
    x: curve.map((point) => point.nines),
    y: curve.map((point) => point.ms),
    xLabels: curve.map((point) => percentileText(point.percentile)),
    series,
  };
}

/**
 * The end-to-end latency distribution of one run or several, as percentile curves. The x axis
 * is in nines so the tail, where latency problems live, gets as much room as the median.
 */
export function latencyDistributionChart(
  id: string,
  curves: readonly CurveToDraw[],
): ChartSpec | MissingChart {
  const drawable = curves.filter((entry) => entry.curve.length > 0);
  const someMissing = drawable.length > 0 && drawable.length < curves.length;
  return lineChart({
    id,
    title: "End-to-end latency distribution",
    caption:
      "Latency at each percentile of the delivered messages; each grid step right is a tenfold " +
      `rarer message, so the tail gets as much room as the median.${someMissing ? " A run that delivered nothing has no curve." : ""}`,
    x: "nines",
    xLabel: "percentile",
    axes: [{ scale: "ms", label: "ms", side: "left" }],
    lines: drawable.map(curveLine),
    tooShort: "No message was delivered, so there is no latency distribution.",
    empty: "No message was delivered, so there is no latency distribution.",
  });
}
