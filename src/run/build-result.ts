import { redactOtlpUrl } from "../config/otlp-url.js";
import type { RunConfig } from "../config/run-settings.js";
import type { Chaos } from "../delivery/chaos.js";
import type { GroupCounter } from "../metrics/group-counter.js";
import type { Recorder } from "../metrics/recorder.js";
import type { SamplerSummary } from "../metrics/sampler.js";
import type { MessageType } from "../model/message.js";
import { MAX_BUSY_MS } from "../processor/breather.js";
import type { ProcessorTimes } from "../processor/times.js";
import { redactQueueUrl } from "../queue/redis/url.js";
import {
  type AgentStats,
  type ChaosStats,
  type ConnectionStats,
  type Environment,
  type GroupStats,
  type HarnessStats,
  type LoadStats,
  RESULT_SCHEMA,
  type ResourceStats,
  type RunFault,
  type RunResult,
  type TimelinePoint,
  type Totals,
  type WorkerStats,
} from "../result/result.js";
import { evaluateThresholds } from "../thresholds/evaluate.js";
import type { Threshold } from "../thresholds/threshold.js";
import type { auditRun } from "./audit.js";

/**
 * Share of the processing span taken by the harness's own work at which the harness, not the
 * core, sets the pace: the core then waits on the harness more than the harness on the core.
 */
export const SATURATED_OVERHEAD_SHARE = 0.5;
/**
 * Event-loop lag p99, beyond what the core's own longest call explains, at which the harness
 * has fallen behind its schedule: its timers (timeouts, pauses, retries) fire that late.
 */
export const SATURATED_LAG_MS = 50;
/** A single deliver call holding the thread this long gets a warning of its own. */
export const CORE_BLOCK_WARNING_MS = 50;
/**
 * How late, at p99, the open producer may make messages against the schedule and still be
 * said to keep it: beyond a millisecond the offered rate is the harness's, not the one asked.
 */
export const SCHEDULE_LAG_LIMIT_MS = 1;

/** Everything measured during a run, gathered for {@link buildResult}. */
export interface RunMeasurements {
  readonly config: RunConfig;
  readonly core: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly stoppedEarly: boolean;
  /** The environment fault that stopped the run, if one did. */
  readonly fault: RunFault | undefined;
  readonly recorder: Recorder;
  readonly sampler: SamplerSummary;
  readonly timeline: readonly TimelinePoint[];
  readonly queue: { readonly driver: string; readonly capacity: number };
  readonly saturationEvents: number;
  /** Most messages an open run held for a full queue at once. */
  readonly backlogPeak: number;
  /** The chaos of a chaos run, with the episodes it counted. */
  readonly chaos: Chaos | undefined;
  readonly processorTimes: ProcessorTimes;
  readonly audit: ReturnType<typeof auditRun>;
  /** Warnings the run collected on its way (a failed record file, a throwing callback). */
  readonly warnings: readonly string[];
  readonly environment: Environment;
  /** Per-worker rows of a distributed run; undefined for a run in this process. */
  readonly workers: readonly WorkerStats[] | undefined;
  /** What the core saw of its connections, when it keeps any. */
  readonly connections: ConnectionStats | undefined;
  /** The thresholds the result is judged by. */
  readonly thresholds: readonly Threshold[];
  /** Those that stopped the run because they could no longer pass: they fail. */
  readonly lostThresholds: ReadonlySet<string>;
}

/**
 * Assemble the RunResult document from what the run measured, and judge it by its thresholds
 * (which may look at anything in it, the workers' rows too).
 */
export function buildResult(m: RunMeasurements): RunResult {
  const measured = measuredResult(m);
  const withWorkers = m.workers === undefined ? measured : { ...measured, workers: m.workers };
  const judged =
    m.connections === undefined ? withWorkers : { ...withWorkers, connections: m.connections };
  return { ...judged, thresholds: evaluateThresholds(m.thresholds, judged, m.lostThresholds) };
}

/** The document without its verdicts. */
function measuredResult(m: RunMeasurements): RunResult {
  const { recorder, audit, sampler } = m;
  const durationMs = Math.max(m.finishedAt - m.startedAt, 0.001);
  // A stopped run can leave copies of settled messages in the queue (a lease that expired
  // under a slow delivery): the audit counts them as duplicates, and so do the totals.
  const totals = { ...recorder.totals(audit.pending), duplicates: audit.duplicates };
  const perSecond = (count: number): number => (count * 1000) / durationMs;
  const settled = totals.delivered + totals.deadLettered - recorder.restored;
  const timed = harnessStats(m.processorTimes, settled);
  // A distributed run's cores run in its workers: none of them holds this process's loop.
  const localBlockMs = m.config.workers === undefined ? timed.coreBlockMaxMs : 0;
  const resources = resourceStats(sampler, timed, localBlockMs);
  const open = m.config.load === "open";
  const harness = open ? { ...timed, ...scheduleStats(recorder, resources, localBlockMs) } : timed;
  return {
    schema: RESULT_SCHEMA,
    // A Redis URL may carry a password; a result is shared, so it never does.
    config: {
      ...m.config,
      queue: redactQueueUrl(m.config.queue),
      ...(m.config.otlp === undefined ? {} : { otlp: redactOtlpUrl(m.config.otlp) }),
    },
    core: m.core,
    startedAt: new Date(m.startedAt).toISOString(),
    finishedAt: new Date(m.finishedAt).toISOString(),
    durationMs,
    stoppedEarly: m.stoppedEarly,
    ...(m.fault ? { fault: m.fault } : {}),
    totals,
    successRate: totals.generated === 0 ? 0 : totals.delivered / totals.generated,
    attemptSuccessRate: totals.attempts === 0 ? 0 : totals.deliveries / totals.attempts,
    throughput: {
      // Outcomes restored from an interrupted earlier part took none of this part's time.
      messagesPerSec: perSecond(settled),
      deliveriesPerSec: perSecond(totals.deliveries),
    },
    latency: {
      endToEnd: recorder.endToEnd.summary(),
      endToEndUncorrected: recorder.endToEndUncorrected.summary(),
      queueWait: recorder.queueWait.summary(),
      delivery: recorder.delivery.summary(),
    },
    byType: groupStats(recorder.byType()) as Partial<Record<MessageType, GroupStats>>,
    byAgent: agentStats(recorder.byAgent()),
    resources,
    queue: {
      driver: m.queue.driver,
      capacity: m.queue.capacity,
      depthPeak: sampler.depthPeak,
      depthAvg: sampler.depthAvg,
      saturationEvents: m.saturationEvents,
    },
    ...(open ? { load: loadStats(m, totals.dropped ?? 0) } : {}),
    chaos: chaosStats(m.chaos),
    harness,
    timeline: m.timeline,
    histograms: {
      endToEnd: recorder.endToEnd.encode(),
      queueWait: recorder.queueWait.encode(),
      delivery: recorder.delivery.encode(),
      endToEndUncorrected: recorder.endToEndUncorrected.encode(),
      ...(open ? { sendLag: recorder.sendLag.encode() } : {}),
    },
    deadLetters: recorder.deadLetters(),
    audit: {
      balanced: audit.balanced,
      lost: audit.lost,
      duplicates: audit.duplicates,
      problems: audit.problems,
      ...(audit.receiver === undefined ? {} : { receiver: audit.receiver }),
    },
    warnings: warningsFor(m, resources, harness, totals),
    environment: m.environment,
  };
}

/** The harness's figures every run has. */
type TimedHarness = Required<Omit<HarnessStats, "scheduleLagP99Ms" | "scheduleKept">>;

/** Where the processing time went; the harness's own work is what the other parts leave. */
function harnessStats(times: ProcessorTimes, settled: number): TimedHarness {
  // Clock reads a few nanoseconds apart can make the parts add up to a hair more than the whole.
  const overheadMs = Math.max(0, times.spanMs - times.deliveringMs - times.pausedMs - times.idleMs);
  return {
    batches: times.batches,
    spanMs: times.spanMs,
    deliveringMs: times.deliveringMs,
    pausedMs: times.pausedMs,
    idleMs: times.idleMs,
    overheadMs,
    overheadUsPerMessage: settled <= 0 ? 0 : (overheadMs * 1000) / settled,
    coreBlockMaxMs: times.coreBlockMaxMs,
  };
}

/**
 * The sampler's figures, and whether the harness was the bottleneck: its own work took most of
 * the processing time, or its loop lagged by more than the core's longest call explains.
 */
function resourceStats(
  summary: SamplerSummary,
  harness: TimedHarness,
  localCoreBlockMs: number,
): ResourceStats {
  const { depthPeak: _peak, depthAvg: _avg, ...resources } = summary;
  const ownShare = harness.spanMs > 0 ? harness.overheadMs / harness.spanMs : 0;
  const unexplainedLag = resources.eventLoopLagP99Ms - localCoreBlockMs - MAX_BUSY_MS;
  return {
    ...resources,
    generatorSaturated:
      ownShare >= SATURATED_OVERHEAD_SHARE ||
      (resources.eventLoopLagP99Ms >= SATURATED_LAG_MS && unexplainedLag > 0),
  };
}

/**
 * Whether the open producer kept the schedule: it made messages at most
 * {@link SCHEDULE_LAG_LIMIT_MS} late (p99) beyond what the in-process core's longest call
 * held the thread (that lag is the core's, and its own warning says so), and the harness was
 * not the bottleneck.
 */
function scheduleStats(
  recorder: Recorder,
  resources: ResourceStats,
  localCoreBlockMs: number,
): Required<Pick<HarnessStats, "scheduleLagP99Ms" | "scheduleKept">> {
  const lag = recorder.scheduleLag;
  const scheduleLagP99Ms = lag.count === 0 ? 0 : lag.percentile(99);
  const harnessLagMs = scheduleLagP99Ms - localCoreBlockMs;
  return {
    scheduleLagP99Ms,
    scheduleKept: harnessLagMs <= SCHEDULE_LAG_LIMIT_MS && !resources.generatorSaturated,
  };
}

/** The open load's section: the rates, what was dropped and held, and the depth's trend. */
function loadStats(m: RunMeasurements, dropped: number): LoadStats {
  const rates = m.recorder.openRates();
  return {
    offeredPerSec: rates.offered,
    sentPerSec: rates.sent,
    dropped,
    backlogPeak: m.backlogPeak,
    sendLag: m.recorder.sendLag.summary(),
    depthSlopePerSec: m.recorder.backlogGrowth() ?? backlogGrowth(whileArriving(m.timeline)),
  };
}

/**
 * The timeline's points up to the last second with arrivals: the trend that matters is the
 * one while the load was on, not the drain after it.
 */
function whileArriving(points: readonly TimelinePoint[]): readonly TimelinePoint[] {
  let last = points.length - 1;
  while (last >= 0 && (points[last]?.offered ?? 0) === 0) last--;
  return points.slice(0, last + 1);
}

/**
 * How fast the backlog grew over `points`, messages per second: what arrived less what settled
 * or was dropped, over their span. Only where the queue could not say what it held when
 * arrivals ended: a second's points can reach past that end into the drain.
 */
export function backlogGrowth(points: readonly TimelinePoint[]): number {
  const last = points.at(-1);
  if (!last || last.t <= 0) return 0;
  let grown = 0;
  for (const point of points) {
    grown += (point.offered ?? 0) - point.delivered - point.deadLettered - (point.dropped ?? 0);
  }
  return grown / last.t;
}

/** The chaos section; a run without chaos reports every kind at 0. */
function chaosStats(chaos: Chaos | undefined): ChaosStats {
  const events = chaos?.events() ?? {
    failureBurst: 0,
    latencySpike: 0,
    queueSaturation: 0,
    memoryPressure: 0,
  };
  return {
    enabled: chaos !== undefined,
    events,
    total: Object.values(events).reduce((sum, n) => sum + n, 0),
  };
}

/** Per-slice stats; a slice's pending is what it generated and has not settled. */
function groupStats<K extends string>(groups: ReadonlyMap<K, GroupCounter>): Record<K, GroupStats> {
  const result = {} as Record<K, GroupStats>;
  for (const [key, group] of groups) result[key] = group.stats(group.unsettled);
  return result;
}

function agentStats(groups: ReadonlyMap<string, GroupCounter>): Record<string, AgentStats> {
  const result: Record<string, AgentStats> = {};
  for (const [name, group] of groups) result[name] = group.agentStats(group.unsettled);
  return result;
}

function warningsFor(
  m: RunMeasurements,
  resources: ResourceStats,
  harness: HarnessStats & TimedHarness,
  totals: Totals,
): string[] {
  const warnings = [...m.warnings];
  const { duplicates, dropped = 0 } = totals;
  if (harness.scheduleKept === false) {
    warnings.push(
      `the harness did not keep the arrival schedule: it made messages up to ${(harness.scheduleLagP99Ms ?? 0).toFixed(2)} ms late (p99)${resources.generatorSaturated ? " and was the bottleneck" : ""}, so the rate offered was not the one asked for: the figures describe swarm-stress, not the system under test`,
    );
  }
  if (dropped > 0) {
    warnings.push(
      `${dropped} arrival(s) dropped: the queue could not take them and the backlog held for it was full (maxBacklog ${m.config.maxBacklog ?? 0}); they count in generated and in no outcome`,
    );
  }
  if (resources.generatorSaturated) {
    const share = harness.spanMs > 0 ? (100 * harness.overheadMs) / harness.spanMs : 0;
    warnings.push(
      `the harness was the bottleneck: its own work took ${share.toFixed(0)}% of the processing time (${harness.overheadUsPerMessage.toFixed(2)} µs per message), event-loop lag p99 ${resources.eventLoopLagP99Ms.toFixed(1)} ms: throughput and latency may describe swarm-stress, not the core`,
    );
  }
  if (harness.coreBlockMaxMs >= CORE_BLOCK_WARNING_MS) {
    warnings.push(
      `the core (${m.core}) held the event loop for up to ${harness.coreBlockMaxMs.toFixed(1)} ms in one deliver call: timeouts, other deliveries in flight and the harness's timers waited meanwhile, so their latencies include it`,
    );
  }
  if (m.stoppedEarly) {
    warnings.push(`the run was stopped early with ${m.audit.pending} message(s) still pending`);
  }
  if (duplicates > 0) {
    warnings.push(
      `${duplicates} duplicate(s): a lease expired before its message settled, so the queue handed it out again (at-least-once delivery). Each message counts once as delivered or dead-lettered; deliveries and attempts count every delivery made, so a copy another worker delivered again counts there too`,
    );
  }
  if (!m.audit.balanced) warnings.push("the audit failed: see audit.problems");
  return warnings;
}
