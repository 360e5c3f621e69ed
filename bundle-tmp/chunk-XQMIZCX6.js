import {
  count,
  ms,
  percent,
  rate
} from "./chunk-DDCKLXIA.js";
import {
  MESSAGE_TYPES
} from "./chunk-HO7RTZVS.js";
import {
  naturalOrder
} from "./chunk-WFQQAGZ5.js";

// dist/report/group-rows.js
function latencyCell(summary, key) {
  return summary.count === 0 ? "-" : ms(summary[key]);
}
function typeRows(result) {
  return MESSAGE_TYPES.flatMap((type) => {
    const stats = result.byType[type];
    if (!stats)
      return [];
    return [
      [
        type,
        count(stats.generated),
        count(stats.delivered),
        count(stats.deadLettered),
        count(stats.pending),
        count(stats.deliveries),
        count(stats.failed),
        percent(stats.successRate),
        latencyCell(stats.latency, "p50"),
        latencyCell(stats.latency, "p99")
      ]
    ];
  });
}
function listAgents(result, allUpTo, busiest) {
  const agents = Object.entries(result.byAgent);
  const cut = agents.length > allUpTo;
  const listed = cut ? [...agents].sort(([a, x], [b, y]) => busyness(y) - busyness(x) || naturalOrder(a, b)).slice(0, busiest) : [...agents].sort(([a], [b]) => naturalOrder(a, b));
  return { listed, cut };
}
function busyness(stats) {
  return stats.generated + stats.received;
}

// dist/report/harness-rows.js
function harnessRows(result) {
  const h = result.harness;
  const rows = [["batches", count(h.batches)]];
  if (h.spanMs !== void 0)
    rows.push(["processing span", `${ms(h.spanMs)} ms`]);
  rows.push(["delivering (the core's time)", `${ms(h.deliveringMs)} ms`], ["paused (interval)", `${ms(h.pausedMs)} ms`], ["idle (nothing to run)", `${ms(h.idleMs)} ms`], [
    "overhead (the harness's own work)",
    `${ms(h.overheadMs)} ms, ${h.overheadUsPerMessage.toFixed(2)} \xB5s per message`
  ]);
  if (h.coreBlockMaxMs !== void 0) {
    rows.push(["longest deliver call before returning", `${ms(h.coreBlockMaxMs)} ms`]);
  }
  return rows;
}

// dist/report/load-rows.js
function loadRows(result) {
  const { load, harness } = result;
  if (!load)
    return void 0;
  const trend = load.depthSlopePerSec;
  const kept = harness.scheduleKept === false ? "NOT KEPT" : "kept";
  return [
    ["offered", `${rate(load.offeredPerSec)} msg/s`],
    ["sent (queue accepted)", `${rate(load.sentPerSec)} msg/s`],
    ["backlog held for the queue", `${count(load.backlogPeak)} peak`],
    ["dropped (backlog full)", count(load.dropped)],
    ["queue depth trend", `${trend >= 0 ? "+" : ""}${trend.toFixed(1)} msg/s while arriving`],
    ["schedule", `${kept}, made up to ${ms(harness.scheduleLagP99Ms ?? 0)} ms late (p99)`]
  ];
}

export {
  latencyCell,
  typeRows,
  listAgents,
  harnessRows,
  loadRows
};
