import {
  evaluateThresholds
} from "./chunk-NSOH5ZOS.js";
import {
  RESULT_SCHEMA
} from "./chunk-PNLX2EAO.js";
import {
  MAX_BUSY_MS
} from "./chunk-D4KOJIO3.js";
import {
  redactQueueUrl
} from "./chunk-QDXHEC6X.js";

// dist/run/build-result.js
var SATURATED_OVERHEAD_SHARE = 0.5;
var SATURATED_LAG_MS = 50;
var CORE_BLOCK_WARNING_MS = 50;
var SCHEDULE_LAG_LIMIT_MS = 1;
function buildResult(m) {
  const measured = measuredResult(m);
  const judged = m.workers === void 0 ? measured : { ...measured, workers: m.workers };
  return { ...judged, thresholds: evaluateThresholds(m.thresholds, judged, m.lostThresholds) };
}
function measuredResult(m) {
  const { recorder, audit, sampler } = m;
  const durationMs = Math.max(m.finishedAt - m.startedAt, 1e-3);
  const totals = { ...recorder.totals(audit.pending), duplicates: audit.duplicates };
  const perSecond = (count) => count * 1e3 / durationMs;
  const settled = totals.delivered + totals.deadLettered - recorder.restored;
  const timed = harnessStats(m.processorTimes, settled);
  const localBlockMs = m.config.workers === void 0 ? timed.coreBlockMaxMs : 0;
  const resources = resourceStats(sampler, timed, localBlockMs);
  const open = m.config.load === "open";
  const harness = open ? { ...timed, ...scheduleStats(recorder, resources, localBlockMs) } : timed;
  return {
    schema: RESULT_SCHEMA,
    // A Redis URL may carry a password; a result is shared, so it never does.
    config: { ...m.config, queue: redactQueueUrl(m.config.queue) },
    core: m.core,
    startedAt: new Date(m.startedAt).toISOString(),
    finishedAt: new Date(m.finishedAt).toISOString(),
    durationMs,
    stoppedEarly: m.stoppedEarly,
    ...m.fault ? { fault: m.fault } : {},
    totals,
    successRate: totals.generated === 0 ? 0 : totals.delivered / totals.generated,
    attemptSuccessRate: totals.attempts === 0 ? 0 : totals.deliveries / totals.attempts,
    throughput: {
      // Outcomes restored from an interrupted earlier part took none of this part's time.
      messagesPerSec: perSecond(settled),
      deliveriesPerSec: perSecond(totals.deliveries)
    },
    latency: {
      endToEnd: recorder.endToEnd.summary(),
      endToEndUncorrected: recorder.endToEndUncorrected.summary(),
      queueWait: recorder.queueWait.summary(),
      delivery: recorder.delivery.summary()
    },
    byType: groupStats(recorder.byType()),
    byAgent: agentStats(recorder.byAgent()),
    resources,
    queue: {
      driver: m.queue.driver,
      capacity: m.queue.capacity,
      depthPeak: sampler.depthPeak,
      depthAvg: sampler.depthAvg,
      saturationEvents: m.saturationEvents
    },
    ...open ? { load: loadStats(m, totals.dropped ?? 0) } : {},
    chaos: chaosStats(m.chaos),
    harness,
    timeline: m.timeline,
    histograms: {
      endToEnd: recorder.endToEnd.encode(),
      queueWait: recorder.queueWait.encode(),
      delivery: recorder.delivery.encode(),
      endToEndUncorrected: recorder.endToEndUncorrected.encode(),
      ...open ? { sendLag: recorder.sendLag.encode() } : {}
    },
    deadLetters: recorder.deadLetters(),
    audit: {
      balanced: audit.balanced,
      lost: audit.lost,
      duplicates: audit.duplicates,
      problems: audit.problems
    },
    warnings: warningsFor(m, resources, harness, totals),
    environment: m.environment
  };
}
function harnessStats(times, settled) {
  const overheadMs = Math.max(0, times.spanMs - times.deliveringMs - times.pausedMs - times.idleMs);
  return {
    batches: times.batches,
    spanMs: times.spanMs,
    deliveringMs: times.deliveringMs,
    pausedMs: times.pausedMs,
    idleMs: times.idleMs,
    overheadMs,
    overheadUsPerMessage: settled <= 0 ? 0 : overheadMs * 1e3 / settled,
    coreBlockMaxMs: times.coreBlockMaxMs
  };
}
function resourceStats(summary, harness, localCoreBlockMs) {
  const { depthPeak: _peak, depthAvg: _avg, ...resources } = summary;
  const ownShare = harness.spanMs > 0 ? harness.overheadMs / harness.spanMs : 0;
  const unexplainedLag = resources.eventLoopLagP99Ms - localCoreBlockMs - MAX_BUSY_MS;
  return {
    ...resources,
    generatorSaturated: ownShare >= SATURATED_OVERHEAD_SHARE || resources.eventLoopLagP99Ms >= SATURATED_LAG_MS && unexplainedLag > 0
  };
}
function scheduleStats(recorder, resources, localCoreBlockMs) {
  const lag = recorder.scheduleLag;
  const scheduleLagP99Ms = lag.count === 0 ? 0 : lag.percentile(99);
  const harnessLagMs = scheduleLagP99Ms - localCoreBlockMs;
  return {
    scheduleLagP99Ms,
    scheduleKept: harnessLagMs <= SCHEDULE_LAG_LIMIT_MS && !resources.generatorSaturated
  };
}
function loadStats(m, dropped) {
  const rates = m.recorder.openRates();
  return {
    offeredPerSec: rates.offered,
    sentPerSec: rates.sent,
    dropped,
    backlogPeak: m.backlogPeak,
    sendLag: m.recorder.sendLag.summary(),
    depthSlopePerSec: m.recorder.backlogGrowth() ?? backlogGrowth(whileArriving(m.timeline))
  };
}
function whileArriving(points) {
  let last = points.length - 1;
  while (last >= 0 && (points[last]?.offered ?? 0) === 0)
    last--;
  return points.slice(0, last + 1);
}
function backlogGrowth(points) {
  const last = points.at(-1);
  if (!last || last.t <= 0)
    return 0;
  let grown = 0;
  for (const point of points) {
    grown += (point.offered ?? 0) - point.delivered - point.deadLettered - (point.dropped ?? 0);
  }
  return grown / last.t;
}
function chaosStats(chaos) {
  const events = chaos?.events() ?? {
    failureBurst: 0,
    latencySpike: 0,
    queueSaturation: 0,
    memoryPressure: 0
  };
  return {
    enabled: chaos !== void 0,
    events,
    total: Object.values(events).reduce((sum, n) => sum + n, 0)
  };
}
function groupStats(groups) {
  const result = {};
  for (const [key, group] of groups)
    result[key] = group.stats(group.unsettled);
  return result;
}
function agentStats(groups) {
  const result = {};
  for (const [name, group] of groups)
    result[name] = group.agentStats(group.unsettled);
  return result;
}
function warningsFor(m, resources, harness, totals) {
  const warnings = [...m.warnings];
  const { duplicates, dropped = 0 } = totals;
  if (harness.scheduleKept === false) {
    warnings.push(`the harness did not keep the arrival schedule: it made messages up to ${(harness.scheduleLagP99Ms ?? 0).toFixed(2)} ms late (p99)${resources.generatorSaturated ? " and was the bottleneck" : ""}, so the rate offered was not the one asked for: the figures describe swarm-stress, not the system under test`);
  }
  if (dropped > 0) {
    warnings.push(`${dropped} arrival(s) dropped: the queue could not take them and the backlog held for it was full (maxBacklog ${m.config.maxBacklog ?? 0}); they count in generated and in no outcome`);
  }
  if (resources.generatorSaturated) {
    const share = harness.spanMs > 0 ? 100 * harness.overheadMs / harness.spanMs : 0;
    warnings.push(`the harness was the bottleneck: its own work took ${share.toFixed(0)}% of the processing time (${harness.overheadUsPerMessage.toFixed(2)} \xB5s per message), event-loop lag p99 ${resources.eventLoopLagP99Ms.toFixed(1)} ms: throughput and latency may describe swarm-stress, not the core`);
  }
  if (harness.coreBlockMaxMs >= CORE_BLOCK_WARNING_MS) {
    warnings.push(`the core (${m.core}) held the event loop for up to ${harness.coreBlockMaxMs.toFixed(1)} ms in one deliver call: timeouts, other deliveries in flight and the harness's timers waited meanwhile, so their latencies include it`);
  }
  if (m.stoppedEarly) {
    warnings.push(`the run was stopped early with ${m.audit.pending} message(s) still pending`);
  }
  if (duplicates > 0) {
    warnings.push(`${duplicates} duplicate(s): a lease expired before its message settled, so the queue handed it out again (at-least-once delivery). Each message counts once as delivered or dead-lettered; deliveries and attempts count every delivery made, so a copy another worker delivered again counts there too`);
  }
  if (!m.audit.balanced)
    warnings.push("the audit failed: see audit.problems");
  return warnings;
}

export {
  SATURATED_LAG_MS,
  buildResult
};
