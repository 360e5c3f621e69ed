import {
  RESULT_SCHEMA
} from "./chunk-PNLX2EAO.js";
import {
  LatencyHistogram
} from "./chunk-FGMWFILK.js";
import {
  InputFileError,
  readInputFile
} from "./chunk-ZX2PIGHC.js";
import {
  loadZod
} from "./chunk-SKMD6Q72.js";
import {
  once
} from "./chunk-DP7FM7BS.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/report/read-result.js
var RESULT_FAMILY = /^swarm-stress\/result@\d+$/;
var resultShape = once(() => buildResultShape(loadZod().z));
function buildResultShape(z) {
  const num = z.number();
  const counts = (keys) => z.looseObject(Object.fromEntries(keys.map((key) => [key, num])));
  const latency = counts(["count", "min", "mean", "p50", "p90", "p95", "p99", "p999", "max"]);
  const group = counts([
    "generated",
    "delivered",
    "deadLettered",
    "pending",
    "deliveries",
    "failed"
  ]).extend({ successRate: num, latency });
  const distribution = z.looseObject({ kind: z.string() });
  const histogram = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, "not an encoded histogram");
  return z.looseObject({
    config: z.looseObject({
      scenario: z.string(),
      agents: num,
      messagesPerAgent: num.optional(),
      types: z.record(z.string(), num),
      payloadSize: distribution,
      delay: distribution,
      seed: num,
      queue: z.string(),
      core: z.string()
    }),
    core: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    durationMs: num,
    stoppedEarly: z.boolean(),
    totals: counts([
      "generated",
      "delivered",
      "failed",
      "timedOut",
      "retried",
      "deadLettered",
      "pending",
      "duplicates",
      "deliveries",
      "attempts"
    ]),
    successRate: num,
    attemptSuccessRate: num,
    throughput: counts(["messagesPerSec", "deliveriesPerSec"]),
    latency: z.looseObject({ endToEnd: latency, queueWait: latency, delivery: latency }),
    byType: z.record(z.string(), group),
    byAgent: z.record(z.string(), group),
    resources: counts([
      "rssPeakMB",
      "rssAvgMB",
      "heapPeakMB",
      "heapAvgMB",
      "cpuPeakPct",
      "cpuAvgPct",
      "eventLoopLagP99Ms",
      "eventLoopLagMaxMs",
      "samples"
    ]),
    queue: z.looseObject({
      driver: z.string(),
      capacity: num,
      depthPeak: num,
      depthAvg: num,
      saturationEvents: num
    }),
    chaos: z.looseObject({ enabled: z.boolean(), events: z.record(z.string(), num), total: num }),
    harness: counts([
      "batches",
      "deliveringMs",
      "pausedMs",
      "idleMs",
      "overheadMs",
      "overheadUsPerMessage"
    ]),
    timeline: z.array(counts([
      "t",
      "delivered",
      "deliveries",
      "failed",
      "deadLettered",
      "endToEndP50Ms",
      "endToEndP99Ms",
      "depth",
      "rssMB",
      "cpuPct"
    ])),
    histograms: z.looseObject({ endToEnd: histogram, queueWait: histogram, delivery: histogram }),
    deadLetters: z.looseObject({
      count: num,
      byReason: z.record(z.string(), num),
      sample: z.array(z.looseObject({ id: z.string(), error: z.string() }))
    }),
    audit: z.looseObject({
      balanced: z.boolean(),
      lost: num,
      duplicates: num,
      problems: z.array(z.string())
    }),
    thresholds: z.array(z.looseObject({
      expression: z.string(),
      metric: z.string(),
      unit: z.string(),
      value: num.nullable(),
      passed: z.boolean()
    })).optional(),
    workers: z.array(z.looseObject({ id: z.string(), status: z.string(), latency, reports: num })).optional(),
    warnings: z.array(z.string()),
    environment: z.looseObject({
      swarmStress: z.string(),
      node: z.string(),
      platform: z.string(),
      arch: z.string(),
      cpus: num,
      cpuModel: z.string(),
      totalMemoryMB: num,
      hostname: z.string()
    })
  });
}
var MAX_RESULT_FILE_BYTES = 256 * 1024 * 1024;
function readResultFile(path) {
  const fail = (why) => {
    throw new ConfigError(`${path}: ${why}`);
  };
  let text = "";
  try {
    text = readInputFile(path, MAX_RESULT_FILE_BYTES);
  } catch (error) {
    fail(error instanceof InputFileError ? error.message.replace(/^it /, "") : "unreadable");
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(`not valid JSON (${error.message.split("\n")[0]})`);
  }
  const schema = data?.schema;
  if (typeof schema !== "string" || !RESULT_FAMILY.test(schema)) {
    fail(typeof schema === "string" ? `not a run result: its schema is "${schema}", expected "${RESULT_SCHEMA}"` : `not a run result: it has no "schema" field (expected "${RESULT_SCHEMA}")`);
  }
  const checked = resultShape().safeParse(data, { reportInput: true });
  const issue = checked.error?.issues[0];
  const version = schema === RESULT_SCHEMA ? "" : ` (its schema is ${schema}; this build reads ${RESULT_SCHEMA})`;
  if (issue)
    fail(`not a complete run result${version}: ${describe(issue)}`);
  const corrupt = corruptHistogram(data.histograms);
  if (corrupt)
    fail(`not a complete run result: histograms.${corrupt} does not decode`);
  return {
    result: data,
    ...schema === RESULT_SCHEMA ? {} : { warning: `${path} has schema ${schema}; this build reads ${RESULT_SCHEMA}` }
  };
}
function describe(issue) {
  const field = issue.path.map(String).join(".");
  return issue.code === "invalid_type" && issue.input === void 0 ? `${field} is missing` : `${field}: ${issue.message}`;
}
function corruptHistogram(histograms) {
  for (const [name, encoded] of Object.entries(histograms)) {
    try {
      LatencyHistogram.decode(encoded);
    } catch {
      return name;
    }
  }
  return void 0;
}

export {
  MAX_RESULT_FILE_BYTES,
  readResultFile
};
