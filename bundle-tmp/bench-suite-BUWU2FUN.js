import {
  describeEnvironment
} from "./chunk-FY5IDOOG.js";
import {
  StressTestRunner
} from "./chunk-6VDVUGPV.js";
import "./chunk-JWV35FVX.js";
import "./chunk-DRKPRUOT.js";
import "./chunk-CPDNQIBT.js";
import "./chunk-JP37R37F.js";
import "./chunk-J7LXEMII.js";
import "./chunk-EFPR5QAB.js";
import "./chunk-ORGCXR74.js";
import "./chunk-XXDQU5QZ.js";
import "./chunk-SKMD6Q72.js";
import {
  findScenario
} from "./chunk-QWIFIVGU.js";
import "./chunk-5J5BT47B.js";
import "./chunk-NVC7T5PM.js";
import "./chunk-HO7RTZVS.js";
import {
  distributionMean
} from "./chunk-7RRR65MG.js";
import "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-ORQZRYVU.js";
import "./chunk-ANFZG24T.js";
import {
  nowMs
} from "./chunk-QCUIJKYM.js";
import "./chunk-UZ6Z45I5.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/run/bench-suite.js
var BENCH_SCHEMA = "swarm-stress/bench@1";
var BENCH_SEED = 1;
function scenarioCase(name) {
  const scenario = findScenario(name);
  if (!scenario)
    throw new Error(`the built-in scenario "${name}" is missing`);
  return { name, description: scenario.description, settings: { scenario: name } };
}
var BENCH_SUITE = [
  {
    name: "small",
    description: "9 agents \xD7 10 messages, batch 10, interval 100 ms.",
    settings: { agents: 9, messagesPerAgent: 10, batchSize: 10, interval: "100ms" }
  },
  {
    name: "medium",
    description: "9 agents \xD7 100 messages, batch 50, interval 50 ms.",
    settings: { agents: 9, messagesPerAgent: 100, batchSize: 50, interval: "50ms" }
  },
  {
    name: "large",
    description: "9 agents \xD7 1000 messages, batch 100, interval 10 ms.",
    settings: { agents: 9, messagesPerAgent: 1e3, batchSize: 100, interval: "10ms" }
  },
  scenarioCase("max-throughput"),
  scenarioCase("realistic"),
  scenarioCase("failure")
];
function selectBenchCases(only) {
  if (only === void 0)
    return [...BENCH_SUITE];
  const known = new Set(BENCH_SUITE.map((row) => row.name));
  const unknown = only.find((name) => !known.has(name));
  if (unknown !== void 0) {
    throw new ConfigError(`unknown bench row "${unknown}" (${BENCH_SUITE.map((row) => row.name).join(", ")})`);
  }
  if (only.length === 0)
    throw new ConfigError("no bench row selected");
  return BENCH_SUITE.filter((row) => only.includes(row.name));
}
async function runBenchSuite(options = {}) {
  const cases = selectBenchCases(options.only);
  const seed = options.seed ?? BENCH_SEED;
  const runners = cases.map((row) => (
    // Built up front, so bad settings fail before the first row spends any time.
    new StressTestRunner({
      ...row.settings,
      seed,
      ...options.core === void 0 ? {} : { core: options.core },
      ...options.deliveryCore ? { deliveryCore: options.deliveryCore } : {},
      ...options.signal ? { signal: options.signal } : {}
    })
  ));
  const startedAt = nowMs();
  const rows = [];
  const results = [];
  for (const [index, runner] of runners.entries()) {
    if (options.signal?.aborted)
      break;
    const result = await runner.run();
    const row = benchRow(cases[index].name, result);
    rows.push(row);
    results.push(result);
    await options.onRow?.(row, result);
  }
  const finishedAt = nowMs();
  return {
    summary: {
      schema: BENCH_SCHEMA,
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: finishedAt - startedAt,
      core: results[0]?.core ?? options.deliveryCore?.name ?? options.core ?? "mock",
      seed,
      stoppedEarly: rows.length < cases.length || rows.some((row) => row.stoppedEarly),
      rows,
      environment: describeEnvironment()
    },
    results
  };
}
function benchRow(name, result) {
  const ceiling = knobCeiling(result.config);
  const throughput = result.throughput.messagesPerSec;
  return {
    name,
    scenario: result.config.scenario,
    core: result.core,
    messages: result.totals.generated,
    durationMs: result.durationMs,
    messagesPerSec: throughput,
    p50Ms: result.latency.endToEnd.p50,
    p95Ms: result.latency.endToEnd.p95,
    p99Ms: result.latency.endToEnd.p99,
    rssPeakMB: result.resources.rssPeakMB,
    rssAvgMB: result.resources.rssAvgMB,
    cpuPeakPct: result.resources.cpuPeakPct,
    cpuAvgPct: result.resources.cpuAvgPct,
    successRate: result.successRate,
    depthPeak: result.queue.depthPeak,
    depthAvg: result.queue.depthAvg,
    overheadUsPerMessage: result.harness.overheadUsPerMessage,
    ceilingPerSec: ceiling ?? null,
    ofCeiling: ceiling === void 0 ? null : throughput / ceiling,
    auditBalanced: result.audit.balanced,
    generatorSaturated: result.resources.generatorSaturated,
    stoppedEarly: result.stoppedEarly
  };
}
function knobCeiling(config) {
  if (config.core !== "mock" || config.chaos)
    return void 0;
  if (config.load === "open" || config.messagesPerAgent === void 0)
    return void 0;
  const messages = config.agents * config.messagesPerAgent;
  if (messages === 0)
    return void 0;
  const delay = distributionMean(config.delay);
  const rounds = (count) => Math.ceil(count / config.concurrency);
  const fullBatches = Math.floor(messages / config.batchSize);
  const lastBatch = messages % config.batchSize;
  const batches = fullBatches + (lastBatch > 0 ? 1 : 0);
  const deliveringMs = (fullBatches * rounds(config.batchSize) + rounds(lastBatch)) * delay;
  const totalMs = deliveringMs + (batches - 1) * config.interval;
  if (!(totalMs > 0) || !Number.isFinite(totalMs))
    return void 0;
  return messages * 1e3 / totalMs;
}
export {
  BENCH_SCHEMA,
  BENCH_SEED,
  BENCH_SUITE,
  benchRow,
  knobCeiling,
  runBenchSuite,
  selectBenchCases
};
