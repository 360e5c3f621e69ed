import type {
  AgentStats,
  ChaosKind,
  GroupStats,
  HarnessStats,
  LatencySummary,
  LoadStats,
  QueueStats,
  ResourceStats,
  Totals,
} from "../result/result.js";

/**
 * Units of the numeric fields of a RunResult, as thresholds and tables show them; `flag` is a
 * yes-or-no field, judged as 1 for true and 0 for false.
 */
export type MetricUnit = "ms" | "us" | "ratio" | "%" | "MB" | "msg/s" | "count" | "flag";

/** A branch of the catalog: named fields, or a map keyed by message type or agent name. */
export type MetricNode =
  | MetricUnit
  | { readonly [field: string]: MetricNode }
  | { readonly keyedBy: "message type" | "agent"; readonly each: MetricNode };

const LATENCY = {
  count: "count",
  min: "ms",
  mean: "ms",
  p50: "ms",
  p90: "ms",
  p95: "ms",
  p99: "ms",
  p999: "ms",
  max: "ms",
} as const satisfies Record<keyof LatencySummary, MetricUnit>;

const TOTALS = {
  generated: "count",
  delivered: "count",
  failed: "count",
  timedOut: "count",
  retried: "count",
  deadLettered: "count",
  pending: "count",
  dropped: "count",
  duplicates: "count",
  deliveries: "count",
  attempts: "count",
} as const satisfies Record<keyof Totals, MetricUnit>;

const GROUP = {
  generated: "count",
  delivered: "count",
  deadLettered: "count",
  pending: "count",
  dropped: "count",
  deliveries: "count",
  failed: "count",
  successRate: "ratio",
  latency: LATENCY,
} as const satisfies Record<keyof GroupStats, MetricNode>;

const AGENT = { ...GROUP, received: "count" } as const satisfies Record<
  keyof AgentStats,
  MetricNode
>;

const RESOURCES = {
  startUpMs: "ms",
  rssAtStartMB: "MB",
  rssPeakMB: "MB",
  rssAvgMB: "MB",
  heapPeakMB: "MB",
  heapAvgMB: "MB",
  cpuPeakPct: "%",
  cpuAvgPct: "%",
  eventLoopLagP99Ms: "ms",
  eventLoopLagMaxMs: "ms",
  samples: "count",
  generatorSaturated: "flag",
} as const satisfies Record<keyof ResourceStats, MetricUnit>;

const QUEUE = {
  capacity: "count",
  depthPeak: "count",
  depthAvg: "count",
  saturationEvents: "count",
} as const satisfies Record<Exclude<keyof QueueStats, "driver">, MetricUnit>;

const HARNESS = {
  batches: "count",
  spanMs: "ms",
  deliveringMs: "ms",
  pausedMs: "ms",
  idleMs: "ms",
  overheadMs: "ms",
  overheadUsPerMessage: "us",
  coreBlockMaxMs: "ms",
  scheduleLagP99Ms: "ms",
  scheduleKept: "flag",
} as const satisfies Record<keyof HarnessStats, MetricUnit>;

const LOAD = {
  offeredPerSec: "msg/s",
  sentPerSec: "msg/s",
  dropped: "count",
  backlogPeak: "count",
  sendLag: LATENCY,
  depthSlopePerSec: "msg/s",
} as const satisfies Record<keyof LoadStats, MetricNode>;

const CHAOS_EVENTS = {
  failureBurst: "count",
  latencySpike: "count",
  queueSaturation: "count",
  memoryPressure: "count",
} as const satisfies Record<ChaosKind, MetricUnit>;

/**
 * Every numeric or yes-or-no field of a RunResult a threshold may name, with its unit. Typed against the
 * result's interfaces, so a field added there without a unit here fails to compile. Left out:
 * the configuration (the run's input, not a measurement), the timeline and the histograms.
 */
export const METRIC_CATALOG: MetricNode = {
  durationMs: "ms",
  successRate: "ratio",
  attemptSuccessRate: "ratio",
  totals: TOTALS,
  throughput: { messagesPerSec: "msg/s", deliveriesPerSec: "msg/s" },
  latency: {
    endToEnd: LATENCY,
    endToEndUncorrected: LATENCY,
    queueWait: LATENCY,
    delivery: LATENCY,
  },
  byType: { keyedBy: "message type", each: GROUP },
  byAgent: { keyedBy: "agent", each: AGENT },
  resources: RESOURCES,
  queue: QUEUE,
  load: LOAD,
  chaos: { events: CHAOS_EVENTS, total: "count" },
  harness: HARNESS,
  deadLetters: { count: "count" },
  audit: {
    lost: "count",
    duplicates: "count",
    receiver: {
      pairs: "count",
      pairsDelivered: "count",
      lostAtReceiver: "count",
      duplicatesAtReceiver: "count",
      receivedButFailed: "count",
    },
  },
};
