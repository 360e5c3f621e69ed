import {
  COLORS,
  lineChart
} from "./chunk-Z6FGYB57.js";
import {
  LatencyHistogram
} from "./chunk-FGMWFILK.js";
import {
  loadText,
  typesText
} from "./chunk-34TKQEUL.js";
import {
  formatMetric
} from "./chunk-ASG4BG2V.js";
import {
  ms,
  percent
} from "./chunk-DDCKLXIA.js";
import {
  formatDistribution
} from "./chunk-7RRR65MG.js";

// dist/report/latency-curve.js
var TICKS_PER_HALF_DISTANCE = 4;
var LANDMARKS = [50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 99.9999];
var MAX_NINES = 7;
var EPSILON = 1e-9;
function latencyCurve(encodedHistogram) {
  if (encodedHistogram === "")
    return [];
  const histogram = LatencyHistogram.decode(encodedHistogram);
  const total = histogram.count;
  if (total === 0)
    return [];
  return curvePercentiles(total).map((percentile) => ({
    percentile,
    nines: percentile === 100 ? lastNines(total) : nines(percentile),
    ms: histogram.percentile(percentile)
  }));
}
function curvePercentiles(total) {
  const deepest = Math.min(Math.log10(Math.max(total, 1)), MAX_NINES);
  const percentiles = /* @__PURE__ */ new Set([0]);
  for (let halvings = 0; ; halvings++) {
    const start = 100 - 100 / 2 ** halvings;
    const step = 100 / 2 ** (halvings + 1) / TICKS_PER_HALF_DISTANCE;
    if (nines(start) > deepest + EPSILON)
      break;
    for (let tick = 0; tick < TICKS_PER_HALF_DISTANCE; tick++) {
      const percentile = start + tick * step;
      if (nines(percentile) <= deepest + EPSILON)
        percentiles.add(roundPercentile(percentile));
    }
  }
  for (const landmark of LANDMARKS) {
    if (nines(landmark) <= deepest + EPSILON)
      percentiles.add(landmark);
  }
  percentiles.add(100);
  return [...percentiles].sort((a, b) => a - b);
}
function nines(percentile) {
  return Math.log10(100 / (100 - percentile));
}
function lastNines(total) {
  return Math.max(Math.min(Math.log10(total), MAX_NINES), 0) + 0.25;
}
function roundPercentile(percentile) {
  return Math.round(percentile * 1e9) / 1e9;
}

// dist/report/html/latency-charts.js
function percentileText(percentile) {
  if (percentile === 100)
    return "100% (max)";
  return `${Number(percentile.toFixed(4))}%`;
}
function curveLine({ curve, series }) {
  return {
    x: curve.map((point) => point.nines),
    y: curve.map((point) => point.ms),
    xLabels: curve.map((point) => percentileText(point.percentile)),
    series
  };
}
function latencyDistributionChart(id, curves) {
  const drawable = curves.filter((entry) => entry.curve.length > 0);
  const someMissing = drawable.length > 0 && drawable.length < curves.length;
  return lineChart({
    id,
    title: "End-to-end latency distribution",
    caption: `Latency at each percentile of the delivered messages; each grid step right is a tenfold rarer message, so the tail gets as much room as the median.${someMissing ? " A run that delivered nothing has no curve." : ""}`,
    x: "nines",
    xLabel: "percentile",
    axes: [{ scale: "ms", label: "ms", side: "left" }],
    lines: drawable.map(curveLine),
    tooShort: "No message was delivered, so there is no latency distribution.",
    empty: "No message was delivered, so there is no latency distribution."
  });
}

// dist/report/html/timeline-rates.js
var COUNTED = ["delivered", "failed", "offered", "sent"];
var SHORTEST_INTERVAL_S = 0.5;
function ratesPerSecond(timeline) {
  const intervals = timeline.map((point, index) => ({
    start: index === 0 ? 0 : timeline[index - 1].t,
    end: point.t,
    counts: COUNTED.map((field) => point[field] ?? 0)
  }));
  const last = intervals.at(-1);
  const beforeLast = intervals.at(-2);
  if (last && beforeLast && last.end - last.start < SHORTEST_INTERVAL_S) {
    intervals.splice(-2, 2, {
      start: beforeLast.start,
      end: last.end,
      counts: beforeLast.counts.map((n, i) => n + (last.counts[i] ?? 0))
    });
  }
  return intervals.map(({ start, end, counts }) => {
    const seconds = end - start;
    const [delivered = 0, failed = 0, offered = 0, sent = 0] = counts.map((n) => seconds > 0 ? n / seconds : n);
    return { t: end, delivered, failed, offered, sent };
  });
}

// dist/report/html/timeline-charts.js
var SECONDS = { x: "seconds", xLabel: "seconds since start" };
function tooShortForChart(points) {
  const counted = points === 1 ? "1 point" : `${points} points`;
  return `Too short for a chart: ${counted} over time (one per second of the run).`;
}
function line(x, y, series) {
  return { x, y, series };
}
function timelineChart(definition) {
  const points = definition.lines[0]?.x.length ?? 0;
  return lineChart({ ...SECONDS, ...definition, tooShort: tooShortForChart(points) });
}
function throughputChart(timeline) {
  const rates = ratesPerSecond(timeline);
  const t = rates.map((point) => point.t);
  const open = timeline.some((point) => point.offered !== void 0);
  const lines = [
    line(t, rates.map((point) => point.delivered), { label: "delivered", color: COLORS.delivered, scale: "rate", unit: "/s" }),
    line(t, rates.map((point) => point.failed), { label: "failed attempts", color: COLORS.failed, scale: "rate", unit: "/s", dashed: true })
  ];
  if (open) {
    lines.push(line(t, rates.map((point) => point.offered), { label: "offered", color: COLORS.offered, scale: "rate", unit: "/s", dashed: true }), line(t, rates.map((point) => point.sent), { label: "sent", color: COLORS.sent, scale: "rate", unit: "/s" }));
  }
  return timelineChart({
    id: "chart-throughput",
    title: "Throughput",
    caption: open ? "Arrivals the schedule offered, messages the queue accepted, messages delivered to every recipient and failed delivery attempts, per second." : "Messages delivered to every recipient, and failed delivery attempts, per second.",
    axes: [{ scale: "rate", label: "per second", side: "left" }],
    lines,
    empty: "Nothing was delivered."
  });
}
function latencyOverTimeChart(timeline) {
  const t = timeline.map((point) => point.t);
  const measured = (point, value) => value === void 0 || point.delivered === 0 && value === 0 ? null : value;
  const percentile = (label, color, pick, dashed = false) => line(t, timeline.map((point) => measured(point, pick(point))), { label, color, scale: "ms", unit: " ms", dashed });
  const lines = [percentile("p50", COLORS.p50, (point) => point.endToEndP50Ms)];
  if (timeline.some((point) => point.endToEndP95Ms !== void 0)) {
    lines.push(percentile("p95", COLORS.p95, (point) => point.endToEndP95Ms));
  }
  lines.push(percentile("p99", COLORS.p99, (point) => point.endToEndP99Ms, true));
  return timelineChart({
    id: "chart-latency",
    title: "End-to-end latency over time",
    caption: "Percentiles of the messages delivered in each second, from scheduled send to outcome.",
    axes: [{ scale: "ms", label: "ms", side: "left" }],
    lines,
    empty: "No message was delivered, so there is no latency to draw."
  });
}
function queueDepthChart(timeline) {
  const t = timeline.map((point) => point.t);
  return timelineChart({
    id: "chart-depth",
    title: "Queue depth",
    caption: "Messages held by the queue (ready, delayed and leased) at the end of each second.",
    axes: [{ scale: "messages", label: "messages", side: "left" }],
    lines: [
      line(t, timeline.map((point) => point.depth), { label: "depth", color: COLORS.depth, scale: "messages", unit: "" })
    ],
    empty: "The queue was never sampled."
  });
}
function resourcesChart(timeline) {
  const t = timeline.map((point) => point.t);
  return timelineChart({
    id: "chart-resources",
    title: "Memory and CPU",
    caption: "Resident memory (left axis) and CPU time in % of one core (right axis).",
    axes: [
      { scale: "MB", label: "RSS MB", side: "left" },
      { scale: "%", label: "CPU %", side: "right" }
    ],
    lines: [
      line(t, timeline.map((point) => point.rssMB), { label: "RSS", color: COLORS.rss, scale: "MB", unit: " MB" }),
      line(t, timeline.map((point) => point.cpuPct), { label: "CPU", color: COLORS.cpu, scale: "%", unit: "%", dashed: true })
    ],
    empty: "Resources were never sampled."
  });
}
function timelineCharts(result) {
  const { timeline } = result;
  return [
    throughputChart(timeline),
    latencyOverTimeChart(timeline),
    queueDepthChart(timeline),
    resourcesChart(timeline)
  ];
}
function deliveredPerSecondChart(id, runs) {
  const lines = runs.map(({ timeline, series }) => {
    const rates = ratesPerSecond(timeline);
    return line(rates.map((point) => point.t), rates.map((point) => point.delivered), series);
  });
  const drawable = lines.filter((entry) => entry.x.length >= 2);
  const someLeftOut = drawable.length > 0 && drawable.length < lines.length;
  return lineChart({
    ...SECONDS,
    id,
    title: "Throughput over time",
    caption: `Messages delivered to every recipient per second, each run from its own start.${someLeftOut ? " A run too short for a line (under two points) is left out." : ""}`,
    axes: [{ scale: "rate", label: "delivered per second", side: "left" }],
    lines: drawable,
    tooShort: "Too short for a chart: no run has two points over time (one per second).",
    empty: "Nothing was delivered."
  });
}

// dist/report/html/format.js
function elapsed(durationMs) {
  return durationMs < 1e3 ? `${ms(durationMs)} ms` : `${(durationMs / 1e3).toFixed(2)} s`;
}
function share(part, whole) {
  return whole > 0 ? percent(part / whole) : "";
}
function valueInUnit(value, unit) {
  if (value === null || value === void 0 || Number.isNaN(value))
    return "n/a";
  return formatMetric(value, unit);
}

// dist/report/html/run-identity.js
function environmentText(environment) {
  const e = environment;
  const memory = `${(e.totalMemoryMB / 1024).toFixed(1)} GB`;
  return [
    `swarm-stress ${e.swarmStress}`,
    `Node ${e.node}`,
    `${e.platform} ${e.arch}`,
    `${e.cpus} \xD7 ${e.cpuModel}`,
    memory,
    `host ${e.hostname}`
  ].join(" \xB7 ");
}
function workloadText(config) {
  const payload = formatDistribution(config.payloadSize, (bytes) => `${Math.round(bytes)}B`);
  return `${loadText(config)} (${typesText(config, ", ")}), payload ${payload}`;
}
function runFacts(result) {
  return [
    `started ${result.startedAt}`,
    elapsed(result.durationMs),
    `core ${result.core}`,
    `seed ${result.config.seed}`,
    `queue ${result.queue.driver}`
  ].join(" \xB7 ");
}

export {
  latencyCurve,
  latencyDistributionChart,
  elapsed,
  share,
  valueInUnit,
  environmentText,
  workloadText,
  runFacts,
  timelineCharts,
  deliveredPerSecondChart
};
