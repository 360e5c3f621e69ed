import type { LatencySummary, RunResult } from "../result/result.js";
import { SATURATED_LAG_MS } from "../run/build-result.js";
import { inFlightSlackPerSec } from "./blind-band.js";
import type { CapacityStep, StepLatency, StepPhase, StepVerdict } from "./capacity-document.js";

/** The queue accepted at least this share of what was offered for a step to hold. */
export const ACHIEVED_SHARE = 0.98;

/**
 * How late, at p99, the harness may make messages before a step says more about the harness
 * than about the pipeline. A step whose harness missed the run's 1 ms mark (`scheduleKept`
 * false: a shared machine's scheduler, a collection) still offered the rate, and corrected
 * latency counts every late start; a harness tens of milliseconds behind was not offering it.
 */
export const HARNESS_LIMIT_MS = SATURATED_LAG_MS;

/**
 * Judge one step's run: it holds when the SLO's thresholds pass (on corrected latency), the
 * queue accepted within 2% of what was offered, and the backlog did not grow (by at most
 * `backlogTolerance` of the rate per second while messages arrived, beside the batches still
 * in flight when they stopped). A run the
 * harness fell well behind on ({@link HARNESS_LIMIT_MS}) is not the pipeline's verdict; a
 * stopped one (`stopped`: cut short, even with nothing left pending) is none.
 */
export function judgeStep(
  result: RunResult,
  phase: StepPhase,
  rate: number,
  durationMs: number,
  backlogTolerance: number,
  stopped = result.stoppedEarly,
): CapacityStep {
  const load = result.load;
  const offeredPerSec = load?.offeredPerSec ?? 0;
  const sentPerSec = load?.sentPerSec ?? 0;
  const depthSlopePerSec = load?.depthSlopePerSec ?? 0;
  const reasons: string[] = [];
  const slo = result.thresholds ?? [];
  for (const threshold of slo) {
    if (!threshold.passed) {
      reasons.push(`SLO ${threshold.expression} failed (${describeValue(threshold.value)})`);
    }
  }
  if (sentPerSec < offeredPerSec * ACHIEVED_SHARE) {
    reasons.push(
      `the queue took ${sentPerSec.toFixed(1)}/s of the ${offeredPerSec.toFixed(1)}/s offered`,
    );
  }
  // Up to a batch per consumer (this process, or each worker) is in flight when arrivals end,
  // unsettled but no backlog: over a short step that is growth of its own. Beyond it and the
  // tolerance, the pipeline cannot keep up.
  const consumers = result.workers?.length ?? 1;
  const inFlightSlack = inFlightSlackPerSec(result.config.batchSize, consumers, durationMs);
  const allowedGrowth = Math.max(1, rate * backlogTolerance) + inFlightSlack;
  if (depthSlopePerSec > allowedGrowth) {
    reasons.push(
      `the backlog grew by ${depthSlopePerSec.toFixed(1)} messages a second (allowed ${allowedGrowth.toFixed(1)})`,
    );
  }
  const dropped = result.totals.dropped ?? 0;
  if (dropped > 0) reasons.push(`${dropped} arrival(s) dropped`);
  const scheduleKept = result.harness.scheduleKept !== false;
  const harnessBehind =
    result.resources.generatorSaturated ||
    (result.harness.scheduleLagP99Ms ?? 0) > HARNESS_LIMIT_MS;
  const verdict: StepVerdict = stopped
    ? "stopped"
    : harnessBehind
      ? "harness-limited"
      : reasons.length === 0
        ? "sustained"
        : "not sustained";
  if (verdict === "harness-limited") {
    reasons.unshift(
      `the harness could not offer ${rate}/s: it made messages up to ${(result.harness.scheduleLagP99Ms ?? 0).toFixed(1)} ms late (p99)${result.resources.generatorSaturated ? " and was the bottleneck" : ""}`,
    );
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
    timeline: result.timeline,
  };
}

function stepLatency(summary: LatencySummary): StepLatency {
  return { count: summary.count, p50: summary.p50, p99: summary.p99, max: summary.max };
}

function describeValue(value: number | null): string {
  return value === null ? "no value" : `measured ${Math.round(value * 1000) / 1000}`;
}
