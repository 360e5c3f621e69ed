import type { RunResult } from "../result/result.js";
import { count, ms, rate } from "./numbers.js";

/**
 * An open run's load as label and value rows: what was offered against what the queue took,
 * what was held and dropped, the depth's trend, and whether the harness kept the schedule.
 * Undefined for a closed run. Shared by the text and HTML reports.
 */
export function loadRows(result: RunResult): [string, string][] | undefined {
  const { load, harness } = result;
  if (!load) return undefined;
  const trend = load.depthSlopePerSec;
  const kept = harness.scheduleKept === false ? "NOT KEPT" : "kept";
  return [
    ["offered", `${rate(load.offeredPerSec)} msg/s`],
    ["sent (queue accepted)", `${rate(load.sentPerSec)} msg/s`],
    ["backlog held for the queue", `${count(load.backlogPeak)} peak`],
    ["dropped (backlog full)", count(load.dropped)],
    ["queue depth trend", `${trend >= 0 ? "+" : ""}${trend.toFixed(1)} msg/s while arriving`],
    ["schedule", `${kept}, made up to ${ms(harness.scheduleLagP99Ms ?? 0)} ms late (p99)`],
  ];
}
