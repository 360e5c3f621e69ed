import {
  parseDuration
} from "./chunk-W6F7X4K4.js";

// dist/model/suggest.js
function suggest(word, candidates) {
  const normal = (text) => text.toLowerCase().replace(/[-_\s]/g, "");
  const exact = candidates.find((candidate) => normal(candidate) === normal(word));
  if (exact !== void 0)
    return exact;
  let best;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(normal(word), normal(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// dist/thresholds/metric-catalog.js
var LATENCY = {
  count: "count",
  min: "ms",
  mean: "ms",
  p50: "ms",
  p90: "ms",
  p95: "ms",
  p99: "ms",
  p999: "ms",
  max: "ms"
};
var TOTALS = {
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
  attempts: "count"
};
var GROUP = {
  generated: "count",
  delivered: "count",
  deadLettered: "count",
  pending: "count",
  dropped: "count",
  deliveries: "count",
  failed: "count",
  successRate: "ratio",
  latency: LATENCY
};
var AGENT = { ...GROUP, received: "count" };
var RESOURCES = {
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
  generatorSaturated: "flag"
};
var QUEUE = {
  capacity: "count",
  depthPeak: "count",
  depthAvg: "count",
  saturationEvents: "count"
};
var HARNESS = {
  batches: "count",
  spanMs: "ms",
  deliveringMs: "ms",
  pausedMs: "ms",
  idleMs: "ms",
  overheadMs: "ms",
  overheadUsPerMessage: "us",
  coreBlockMaxMs: "ms",
  scheduleLagP99Ms: "ms",
  scheduleKept: "flag"
};
var LOAD = {
  offeredPerSec: "msg/s",
  sentPerSec: "msg/s",
  dropped: "count",
  backlogPeak: "count",
  sendLag: LATENCY,
  depthSlopePerSec: "msg/s"
};
var CHAOS_EVENTS = {
  failureBurst: "count",
  latencySpike: "count",
  queueSaturation: "count",
  memoryPressure: "count"
};
var METRIC_CATALOG = {
  durationMs: "ms",
  successRate: "ratio",
  attemptSuccessRate: "ratio",
  totals: TOTALS,
  throughput: { messagesPerSec: "msg/s", deliveriesPerSec: "msg/s" },
  latency: {
    endToEnd: LATENCY,
    endToEndUncorrected: LATENCY,
    queueWait: LATENCY,
    delivery: LATENCY
  },
  byType: { keyedBy: "message type", each: GROUP },
  byAgent: { keyedBy: "agent", each: AGENT },
  resources: RESOURCES,
  queue: QUEUE,
  load: LOAD,
  chaos: { events: CHAOS_EVENTS, total: "count" },
  harness: HARNESS,
  deadLetters: { count: "count" },
  audit: { lost: "count", duplicates: "count" }
};

// dist/thresholds/resolve-metric.js
function resolveMetric(path) {
  const segments = path.split(".");
  const keys = [];
  let node = METRIC_CATALOG;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const where = segments.slice(0, i).join(".");
    if (typeof node === "string") {
      throw new Error(`unknown metric "${path}": ${where} is a number, it has no fields`);
    }
    if (isKeyed(node)) {
      if (segment === "") {
        throw new Error(`unknown metric "${path}": ${where} needs ${withArticle(node.keyedBy)}`);
      }
      keys.push({ kind: node.keyedBy, key: segment });
      node = node.each;
      continue;
    }
    const fields = node;
    const next = Object.hasOwn(fields, segment) ? fields[segment] : void 0;
    if (next === void 0) {
      const names = Object.keys(fields);
      const near = suggest(segment, names);
      const hint = near === void 0 ? "" : `; did you mean ${near}?`;
      const owner = where === "" ? "a result" : where;
      throw new Error(`unknown metric "${path}": ${owner} has ${names.join(", ")}${hint}`);
    }
    node = next;
  }
  if (typeof node !== "string") {
    const more = isKeyed(node) ? `${withArticle(node.keyedBy)}, e.g. ${path}.${node.keyedBy === "agent" ? "Agent-1" : "direct"}` : `one of ${Object.keys(node).join(", ")}`;
    throw new Error(`"${path}" is not a number: name ${more}`);
  }
  return { segments, unit: node, keys };
}
function isKeyed(node) {
  return typeof node.keyedBy === "string" && typeof node.each !== "undefined";
}
function withArticle(kind) {
  return kind === "agent" ? "an agent" : "a message type";
}

// dist/thresholds/threshold.js
var THRESHOLD = /^\s*([^<>=!\s]+)\s*(<=|>=|==|<|>)\s*(\S.*?)\s*$/;
function parseThreshold(text) {
  const match = THRESHOLD.exec(text);
  if (!match) {
    throw new Error(`threshold "${text}" is not METRIC OP LIMIT with OP one of <, <=, >, >=, == (e.g. latency.endToEnd.p99<5ms)`);
  }
  const [, metric = "", operator = "<", limitText = ""] = match;
  const resolved = resolveMetric(metric);
  if (resolved.unit === "flag" && operator !== "==") {
    throw new Error(`threshold "${text.trim()}": ${metric} is true or false, compare it with == (e.g. ${metric}==true)`);
  }
  let limit;
  try {
    limit = parseLimit(limitText, resolved.unit);
  } catch (error) {
    throw new Error(`threshold "${text.trim()}": ${error.message}`);
  }
  return {
    expression: `${metric}${operator}${limitText}`,
    metric,
    resolved,
    operator,
    limit
  };
}
function holds(value, operator, limit) {
  switch (operator) {
    case "<":
      return value < limit;
    case "<=":
      return value <= limit;
    case ">":
      return value > limit;
    case ">=":
      return value >= limit;
    case "==":
      return value === limit;
  }
}
var NUMBER = /^(\d[\d_]*(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))?\s*([a-zµ%/]*)$/i;
var COUNT_SUFFIX = { "": 1, k: 1e3, m: 1e6, g: 1e9 };
var MEGABYTES = { "": 1, kb: 1 / 1024, mb: 1, gb: 1024 };
function parseLimit(text, unit) {
  if (unit === "flag") {
    const flag = text.trim().toLowerCase();
    if (flag !== "true" && flag !== "false")
      throw new Error(`"${text}": write true or false`);
    return flag === "true" ? 1 : 0;
  }
  if (/^\s*-/.test(text))
    throw new Error(`"${text}": a limit must not be negative`);
  const match = NUMBER.exec(text.trim());
  if (!match)
    throw new Error(`"${text}" is not a number`);
  const value = Number(match[1]?.replace(/_/g, "")) * 10 ** Number(match[2] ?? 0);
  if (!Number.isFinite(value))
    throw new Error(`"${text}" is too large`);
  const suffix = (match[3] ?? "").toLowerCase();
  const bad = (expected) => {
    throw new Error(`"${text}": the metric is in ${unitName(unit)}, write ${expected}`);
  };
  switch (unit) {
    case "ms":
      return suffix === "" ? value : parseDuration(`${value}${suffix}`);
    case "us":
      return suffix === "" ? value : parseDuration(`${value}${suffix}`) * 1e3;
    case "ratio": {
      const ratio = suffix === "%" ? value / 100 : value;
      if (suffix !== "" && suffix !== "%" || ratio > 1) {
        bad("a ratio from 0 to 1 or a percentage up to 100% (0.95 or 95%)");
      }
      return ratio;
    }
    case "%":
      if (suffix !== "" && suffix !== "%")
        bad("a percentage of one core (150 or 150%)");
      return value;
    case "MB": {
      const factor = MEGABYTES[suffix];
      if (factor === void 0)
        bad("megabytes (512, 512MB or 1GB)");
      return value * factor;
    }
    case "msg/s":
    case "count": {
      const plain = unit === "msg/s" ? suffix.replace(/\/s$/, "") : suffix;
      const factor = COUNT_SUFFIX[plain];
      if (factor === void 0)
        bad("a number, optionally with k or M (10000 or 10k)");
      return value * factor;
    }
  }
}
function unitName(unit) {
  switch (unit) {
    case "ms":
      return "milliseconds";
    case "us":
      return "microseconds";
    case "ratio":
      return "a ratio from 0 to 1";
    case "%":
      return "percent of one core";
    case "MB":
      return "megabytes";
    case "msg/s":
      return "messages per second";
    case "count":
      return "a count";
    case "flag":
      return "true or false";
  }
}

export {
  suggest,
  parseThreshold,
  holds
};
