import {
  DEFAULT_ARRIVALS
} from "./chunk-EFPR5QAB.js";
import {
  formatMetric
} from "./chunk-ASG4BG2V.js";
import {
  count
} from "./chunk-DDCKLXIA.js";
import {
  formatRate
} from "./chunk-NVC7T5PM.js";
import {
  formatDuration
} from "./chunk-W6F7X4K4.js";

// dist/report/run-verdict.js
function runVerdict(result) {
  const failures = [];
  if (!result.audit.balanced) {
    failures.push(`the audit does not balance: ${count(result.audit.lost)} lost`);
  }
  const stoppedEarly = stoppedEarlyReason(result);
  if (stoppedEarly)
    failures.push(`the run ${stoppedEarly}`);
  for (const threshold of result.thresholds ?? []) {
    if (threshold.passed || threshold.partial)
      continue;
    failures.push(`threshold ${threshold.expression} failed: measured ${formatMetric(threshold.value, threshold.unit)}`);
  }
  return { passed: failures.length === 0, failures, stoppedEarly };
}
function stoppedEarlyReason(result) {
  if (!result.stoppedEarly)
    return null;
  const aborting = result.thresholds?.find((threshold) => threshold.abortedRun);
  const pending = `${count(result.totals.pending)} messages still pending`;
  if (result.fault)
    return `stopped by a fault: ${result.fault.reason} (${pending})`;
  return aborting ? `stopped early: ${aborting.expression} could no longer pass (${pending})` : `stopped early (${pending})`;
}

// dist/report/workload-text.js
function typesText(config, separator = ",") {
  return Object.entries(config.types).filter(([, weight]) => (weight ?? 0) > 0).map(([type, weight]) => weight === 1 ? type : `${type}=${weight}`).join(separator);
}
function loadText(config) {
  const agents = `${count(config.agents)} agents`;
  const perAgent = config.messagesPerAgent;
  if (config.load === "closed")
    return `${agents} \xD7 ${count(perAgent ?? 0)} messages`;
  const arrivals = config.arrivals ?? DEFAULT_ARRIVALS;
  const cap = perAgent === void 0 ? "" : `, at most ${count(perAgent)} messages each`;
  if (config.stages) {
    const start = config.rate === void 0 ? "" : `from ${formatRate(config.rate)} `;
    const stages = config.stages.map((stage) => `${formatDuration(stage.durationMs)}\u2192${formatRate(stage.targetRate)}`).join(" ");
    return `${agents}, ${arrivals} arrivals ${start}in stages ${stages}${cap}`;
  }
  const rate = formatRate(config.rate ?? 0);
  const span = config.duration === void 0 ? ` until ${count(perAgent ?? 0)} messages each` : ` for ${formatDuration(config.duration)}${cap}`;
  return `${agents}, ${arrivals} arrivals at ${rate}${span}`;
}

export {
  typesText,
  loadText,
  runVerdict
};
