import type { ChartAxis, ChartSeries, ChartSpec, ChartXAxis, MissingChart } from "./chart-spec.js";
import { type Line, overlay } from "./overlay.js";

/** A line with how to draw it. */
export interface SeriesLine extends Line {
  readonly series: ChartSeries;
}

/** A chart described by its lines, before they are put on one x axis. */
export interface LineChartDefinition {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly x: ChartXAxis;
  readonly xLabel: string;
  readonly axes: readonly ChartAxis[];
  readonly lines: readonly SeriesLine[];
  /** Said instead of drawing when no line has two points to join. */
  readonly tooShort: string;
  /** Said instead of drawing when no line has a single value. */
  readonly empty: string;
}

/** The chart, or why there is none: a chart of one point or of no values would be a blank box. */
export function lineChart(definition: LineChartDefinition): ChartSpec | MissingChart {
  const { x, ys, xLabels } = overlay(definition.lines);
  const { title } = definition;
  const mostValues = Math.max(0, ...ys.map((y) => y.filter((value) => value !== null).length));
  if (mostValues === 0 && x.length >= 2) return { title, reason: definition.empty };
  if (mostValues < 2) return { title, reason: definition.tooShort };
  return {
    id: definition.id,
    title,
    caption: definition.caption,
    x: definition.x,
    xLabel: definition.xLabel,
    axes: definition.axes,
    series: definition.lines.map((line) => line.series),
    data: [x, ...ys],
    ...(xLabels.some((label) => label !== null) ? { xLabels } : {}),
  };
}

/** Tells a drawable chart from the note that replaces it. */
export function isDrawable(chart: ChartSpec | MissingChart): chart is ChartSpec {
  return "id" in chart;
}
