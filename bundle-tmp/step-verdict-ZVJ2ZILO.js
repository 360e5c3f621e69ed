import {
  SATURATED_LAG_MS
} from "./chunk-OBRC6HIO.js";
import "./chunk-NSOH5ZOS.js";
import "./chunk-PNLX2EAO.js";
import "./chunk-D4KOJIO3.js";
import "./chunk-J7LXEMII.js";
import "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import "./chunk-ANFZG24T.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import "./chunk-4OEG5RSY.js";

// dist/capacity/step-verdict.js
var ACHIEVED_SHARE = 0.98;
var HARNESS_LIMIT_MS = SATURATED_LAG_MS;
function judgeStep(result, phase, rate, durationMs, backlogTolerance, stopped = result.stoppedEarly) {
  const load = result.load;
  const offeredPerSec = load?.offeredPerSec ?? 0;
  const sentPerSec = load?.sentPerSec ?? 0;
  const depthSlopePerSec = load?.depthSlopePerSec ?? 0;
  const reasons = [];
  const slo = result.thresholds ?? [];
  for (const threshold of slo) {
    if (!threshold.passed) {
      reasons.push(`SLO ${threshold.expression} failed (${describeValue(threshold.value)})`);
    }
  }
  if (sentPerSec < offeredPerSec * ACHIEVED_SHARE) {
    reasons.push(`the queue took ${sentPerSec.toFixed(1)}/s of the ${offeredPerSec.toFixed(1)}/s offered`);
  }
  const consumers = Math.max(1, result.workers?.length ?? 1);
  const inFlightSlack = result.config.batchSize * consumers / (durationMs / 1e3);
  const allowedGrowth = Math.max(1, rate * backlogTolerance) + inFlightSlack;
  if (depthSlopePerSec > allowedGrowth) {
    reasons.push(`the backlog grew by ${depthSlopePerSec.toFixed(1)} messages a second (allowed ${allowedGrowth.toFixed(1)})`);
  }
  const dropped = result.totals.dropped ?? 0;
  if (dropped > 0)
    reasons.push(`${dropped} arrival(s) dropped`);
  const scheduleKept = result.harness.scheduleKept !== false;
  const harnessBehind = result.resources.generatorSaturated || (result.harness.scheduleLagP99Ms ?? 0) > HARNESS_LIMIT_MS;
  const verdict = stopped ? "stopped" : harnessBehind ? "harness-limited" : reasons.length === 0 ? "sustained" : "not sustained";
  if (verdict === "harness-limited") {
    reasons.unshift(`the harness could not offer ${rate}/s: it made messages up to ${(result.harness.scheduleLagP99Ms ?? 0).toFixed(1)} ms late (p99)${result.resources.generatorSaturated ? " and was the bottleneck" : ""}`);
  }
  const uncorrected = result.latency.endToEndUncorrected;
  return {
    phase,
    rate,
    durationMs,
    offeredPerSec,
    sentPerSec,
    settledPerSec: result.throughput.messagesPerSec,
    endToEnd: stepLatency(result.latency.endToEnd),
    endToEndUncorrected: uncorrected && uncorrected.count > 0 ? stepLatency(uncorrected) : null,
    sendLagP99Ms: load?.sendLag.p99 ?? 0,
    depthSlopePerSec,
    successRate: result.successRate,
    dropped,
    scheduleKept,
    verdict,
    reasons: verdict === "sustained" ? [] : reasons,
    slo,
    timeline: result.timeline
  };
}
function stepLatency(summary) {
  return { count: summary.count, p50: summary.p50, p99: summary.p99, max: summary.max };
}
function describeValue(value) {
  return value === null ? "no value" : `measured ${Math.round(value * 1e3) / 1e3}`;
}
export {
  ACHIEVED_SHARE,
  HARNESS_LIMIT_MS,
  judgeStep
};
