import type { GroupCounter } from "../metrics/group-counter.js";
import type { Recorder } from "../metrics/recorder.js";
import type { SamplerSummary } from "../metrics/sampler.js";
import type { RunConfig } from "../model/config.js";
import type { MessageType } from "../model/message.js";
import type { ProcessorTimes } from "../processor/processor.js";
import { redactQueueUrl } from "../queue/redis-url.js";
import type { auditRun } from "./audit.js";
import {
  type AgentStats,
  type ChaosStats,
  type Environment,
  type GroupStats,
  type HarnessStats,
  RESULT_SCHEMA,
  type ResourceStats,
  type RunFault,
  type RunResult,
  type TimelinePoint,
} from "./result.js";

/** CPU share of one core above which the harness itself is taken to be the bottleneck. */
export const SATURATED_CPU_PCT = 90;
/** Event-loop lag p99 above which the harness itself is taken to be the bottleneck. */
export const SATURATED_LAG_MS = 50;

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
  readonly chaos: ChaosStats;
  readonly processorTimes: ProcessorTimes;
  readonly audit: ReturnType<typeof auditRun>;
  /** Warnings the run collected on its way (a failed record file, a throwing callback). */
  readonly warnings: readonly string[];
  readonly environment: Environment;
}

/** Assemble the RunResult document from what the run measured. */
export function buildResult(m: RunMeasurements): RunResult {
  const { recorder, audit, sampler } = m;
  const durationMs = Math.max(m.finishedAt - m.startedAt, 0.001);
  const totals = recorder.totals(audit.pending);
  const perSecond = (count: number): number => (count * 1000) / durationMs;
  const resources = resourceStats(sampler);
  return {
    schema: RESULT_SCHEMA,
    // A Redis URL may carry a password; a result is shared, so it never does.
    config: { ...m.config, queue: redactQueueUrl(m.config.queue) },
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
      messagesPerSec: perSecond(totals.delivered + totals.deadLettered - recorder.restored),
      deliveriesPerSec: perSecond(totals.deliveries),
    },
    latency: {
      endToEnd: recorder.endToEnd.summary(),
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
    chaos: m.chaos,
    harness: harnessStats(m.processorTimes, durationMs, totals.delivered + totals.deadLettered),
    timeline: m.timeline,
    histograms: {
      endToEnd: recorder.endToEnd.encode(),
      queueWait: recorder.queueWait.encode(),
      delivery: recorder.delivery.encode(),
    },
    deadLetters: recorder.deadLetters(),
    audit: {
      balanced: audit.balanced,
      lost: audit.lost,
      duplicates: audit.duplicates,
      problems: audit.problems,
    },
    warnings: warningsFor(m, resources, totals.duplicates),
    environment: m.environment,
  };
}

function harnessStats(times: ProcessorTimes, durationMs: number, settled: number): HarnessStats {
  // Timer granularity can make the parts add up to a hair more than the whole.
  const overheadMs = Math.max(0, durationMs - times.deliveringMs - times.pausedMs - times.idleMs);
  return {
    batches: times.batches,
    deliveringMs: times.deliveringMs,
    pausedMs: times.pausedMs,
    idleMs: times.idleMs,
    overheadMs,
    overheadUsPerMessage: settled === 0 ? 0 : (overheadMs * 1000) / settled,
  };
}

function resourceStats(summary: SamplerSummary): ResourceStats {
  const { depthPeak: _peak, depthAvg: _avg, ...resources } = summary;
  return {
    ...resources,
    generatorSaturated:
      resources.cpuAvgPct >= SATURATED_CPU_PCT || resources.eventLoopLagP99Ms >= SATURATED_LAG_MS,
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

function warningsFor(m: RunMeasurements, resources: ResourceStats, duplicates: number): string[] {
  const warnings = [...m.warnings];
  if (resources.generatorSaturated) {
    warnings.push(
      `the harness itself was busy (CPU avg ${resources.cpuAvgPct.toFixed(0)}%, event-loop lag p99 ${resources.eventLoopLagP99Ms.toFixed(1)} ms): throughput and latency may describe swarm-stress, not the core`,
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
