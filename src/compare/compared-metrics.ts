/** Units a compared figure is shown in; the same set as {@link ComparisonRow.unit}. */
export type ComparedUnit = "ms" | "ratio" | "msg/s" | "MB" | "%" | "count";

/** One figure of a RunResult that `compare` sets side by side. */
export interface ComparedMetric {
  /** Dotted path of the RunResult field, e.g. `latency.endToEnd.p99`. */
  readonly metric: string;
  /** Short label for tables, e.g. `end-to-end p99`. */
  readonly label: string;
  readonly unit: ComparedUnit;
  readonly higherIsBetter: boolean;
  /** Rows of one group are shown together; tables leave a gap between groups. */
  readonly group: string;
  /**
   * Dotted path of the count this figure summarises. A latency summary with no values holds
   * zeros that are placeholders, not measurements, so with a count of 0 there is no figure.
   */
  readonly samples?: string;
  /** A figure of open load only: left out when neither run had open load. */
  readonly openLoad?: boolean;
}

const LOWER = false;
const HIGHER = true;

/** Rows of the latency summary at `path` (`latency.endToEnd`, `load.sendLag`). */
function latencyRows(
  path: string,
  name: string,
  stats: readonly ("mean" | "p50" | "p90" | "p95" | "p99" | "p999" | "max")[],
  openLoad = false,
): ComparedMetric[] {
  return stats.map((stat) => ({
    metric: `${path}.${stat}`,
    label: `${name} ${stat === "p999" ? "p99.9" : stat}`,
    unit: "ms",
    higherIsBetter: LOWER,
    group: name,
    samples: `${path}.count`,
    ...(openLoad ? { openLoad } : {}),
  }));
}

/**
 * Every figure `compare` shows, in the order of the table: throughput, latencies, success,
 * resources, the queue, then counts worth a glance; those of open load only where a run had
 * it. The minimum latency is left out: it is the
 * luckiest message and says little about a change.
 */
export const COMPARED_METRICS: readonly ComparedMetric[] = [
  {
    metric: "throughput.messagesPerSec",
    label: "messages/s",
    unit: "msg/s",
    higherIsBetter: HIGHER,
    group: "throughput",
  },
  {
    metric: "throughput.deliveriesPerSec",
    label: "deliveries/s",
    unit: "msg/s",
    higherIsBetter: HIGHER,
    group: "throughput",
  },
  {
    metric: "load.sentPerSec",
    label: "sent/s",
    unit: "msg/s",
    higherIsBetter: HIGHER,
    group: "throughput",
    openLoad: true,
  },
  ...latencyRows("latency.endToEnd", "end-to-end", [
    "mean",
    "p50",
    "p90",
    "p95",
    "p99",
    "p999",
    "max",
  ]),
  // A closed run's end-to-end latency is as good as uncorrected: its messages are made as
  // the queue takes them. The two part only under open load.
  ...latencyRows(
    "latency.endToEndUncorrected",
    "end-to-end uncorrected",
    ["p50", "p99", "max"],
    true,
  ),
  ...latencyRows("load.sendLag", "send lag", ["p50", "p99", "max"], true),
  ...latencyRows("latency.queueWait", "queue wait", ["p50", "p95", "p99", "max"]),
  ...latencyRows("latency.delivery", "delivery", ["p50", "p95", "p99", "max"]),
  {
    metric: "successRate",
    label: "success rate",
    unit: "ratio",
    higherIsBetter: HIGHER,
    group: "success",
  },
  {
    metric: "attemptSuccessRate",
    label: "attempt success rate",
    unit: "ratio",
    higherIsBetter: HIGHER,
    group: "success",
  },
  {
    metric: "resources.rssPeakMB",
    label: "RSS peak",
    unit: "MB",
    higherIsBetter: LOWER,
    group: "resources",
  },
  {
    metric: "resources.heapPeakMB",
    label: "heap peak",
    unit: "MB",
    higherIsBetter: LOWER,
    group: "resources",
  },
  {
    metric: "resources.cpuPeakPct",
    label: "CPU peak",
    unit: "%",
    higherIsBetter: LOWER,
    group: "resources",
  },
  {
    metric: "queue.depthPeak",
    label: "queue depth peak",
    unit: "count",
    higherIsBetter: LOWER,
    group: "resources",
  },
  {
    metric: "totals.deadLettered",
    label: "dead-lettered",
    unit: "count",
    higherIsBetter: LOWER,
    group: "counts",
  },
  {
    metric: "totals.dropped",
    label: "dropped",
    unit: "count",
    higherIsBetter: LOWER,
    group: "counts",
    openLoad: true,
  },
  {
    metric: "totals.duplicates",
    label: "duplicates",
    unit: "count",
    higherIsBetter: LOWER,
    group: "counts",
  },
  // For the same workload a shorter run is a faster one.
  { metric: "durationMs", label: "duration", unit: "ms", higherIsBetter: LOWER, group: "counts" },
];

/**
 * The figure at `metric` in `result`, or null when the result has none: a field missing from
 * an older schema, or a latency summary that recorded no values.
 */
export function readMetric(result: unknown, metric: ComparedMetric): number | null {
  if (metric.samples !== undefined && numberAt(result, metric.samples) === 0) return null;
  return numberAt(result, metric.metric);
}

function numberAt(root: unknown, path: string): number | null {
  let node: unknown = root;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "number" && Number.isFinite(node) ? node : null;
}

/** The group of the figure at dotted path `metric`; undefined for a figure not in the list. */
export function metricGroup(metric: string): string | undefined {
  return COMPARED_METRICS.find((compared) => compared.metric === metric)?.group;
}
