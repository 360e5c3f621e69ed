/** What the x axis of a chart counts. */
export type ChartXAxis =
  /** Seconds since the start of the run. */
  | "seconds"
  /** Percentiles as nines: `log10(1 / (1 - p))`, labelled 0%, 90%, 99%, 99.9%, ... */
  | "nines"
  /** An arrival rate, messages per second (a capacity search's steps). */
  | "rate"
  /** The round of a repeated comparison: 1, 2, … (`bench --queue`). */
  | "round";

/** One line of a chart. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** Which y scale (and axis) the line is drawn against. */
  readonly scale: string;
  /** Unit appended to the value in the legend. */
  readonly unit: string;
  readonly dashed?: boolean;
}

/** One y axis. */
export interface ChartAxis {
  readonly scale: string;
  readonly label: string;
  readonly side: "left" | "right";
}

/**
 * Everything the page needs to draw one chart, as plain JSON: the page's script turns it into
 * uPlot options. Computed on the Node side so the page holds no logic about results.
 */
export interface ChartSpec {
  /** Id of the element the chart is drawn into. */
  readonly id: string;
  readonly title: string;
  /** One sentence on how to read the chart. */
  readonly caption: string;
  readonly x: ChartXAxis;
  readonly xLabel: string;
  readonly series: readonly ChartSeries[];
  readonly axes: readonly ChartAxis[];
  /** `[x, ...one array per series]`, all of the same length; null where a line has no value. */
  readonly data: readonly (readonly (number | null)[])[];
  /** Legend text for x, by point (e.g. "max" for the 100th percentile); computed when absent. */
  readonly xLabels?: readonly (string | null)[];
}

/** A chart that could not be drawn, and why; shown in its place instead of an empty box. */
export interface MissingChart {
  readonly title: string;
  readonly reason: string;
}

/** A chart with the id of the element it goes in, also while it cannot be drawn. */
export interface PlacedChart {
  readonly id: string;
  readonly chart: ChartSpec | MissingChart;
}

/** Colours that tell lines apart on screen and on a black-and-white print (with dashes). */
export const COLORS = {
  delivered: "#2563eb",
  failed: "#dc2626",
  offered: "#64748b",
  sent: "#0d9488",
  knee: "#111827",
  p50: "#16a34a",
  p95: "#d97706",
  p99: "#dc2626",
  /** The uncorrected p50 and p99 of an open run: the corrected ones' colours, lighter. */
  p50Uncorrected: "#4ade80",
  p99Uncorrected: "#f87171",
  depth: "#7c3aed",
  rss: "#0891b2",
  cpu: "#db2777",
  curve: "#2563eb",
  base: "#64748b",
  candidate: "#2563eb",
} as const;
