/**
 * swarm-stress: stress-test message queues and multi-agent messaging pipelines.
 *
 * The public API, listed name by name: anything not exported here is internal.
 */

export { type CompareOptions, compareResults } from "./compare/compare.js";
export {
  COMPARISON_SCHEMA,
  type ComparedRun,
  type Comparison,
  type ComparisonRow,
  type Verdict,
} from "./compare/comparison.js";
export { parseTolerance } from "./compare/tolerance.js";
export { CHAOS_WINDOW, Chaos, type ChaosEffect } from "./delivery/chaos.js";
export {
  DELIVERED,
  type DeliveryCore,
  type DeliveryOutcome,
  failed,
  TIMED_OUT,
} from "./delivery/delivery-core.js";
export { MockCore, type MockCoreOptions } from "./delivery/mock.js";
export { type CoreContext, loadCoreModule } from "./delivery/module.js";
export { ConfigError, RuntimeError } from "./errors.js";
export { type GeneratorOptions, MessageGenerator } from "./generate/generator.js";
export { LatencyHistogram } from "./metrics/histogram.js";
export { OutcomeLog, type OutcomeRecord } from "./metrics/outcome-log.js";
export { agentName, agentNames } from "./model/agents.js";
export type { ParsedRunSettings, RunConfig, RunSettings } from "./model/config.js";
export {
  createSampler,
  type Distribution,
  distributionMean,
  formatDistribution,
  parseDistribution,
} from "./model/distributions.js";
export { formatDuration, parseDuration } from "./model/duration.js";
export {
  isMessageType,
  MESSAGE_TYPES,
  type Message,
  type MessageType,
  PRIORITY_BY_TYPE,
} from "./model/message.js";
export { parseSize } from "./model/size.js";
export {
  type DeadLetter,
  type Lease,
  type LeaseOptions,
  outstanding,
  type QueueDepth,
  type QueueDriver,
} from "./queue/driver.js";
export { MemoryQueue, type MemoryQueueOptions } from "./queue/memory/memory.js";
export { openQueue, type QueueSpec } from "./queue/open-queue.js";
export { formatBenchTable } from "./report/bench-table.js";
export { formatComparison } from "./report/compare-table.js";
export { formatSummary, formatThresholdTable } from "./report/console.js";
export { renderCompareReport } from "./report/html/compare-report.js";
export { renderRunReport } from "./report/html/run-report.js";
export { formatJunit } from "./report/junit.js";
export { type LatencyCurvePoint, latencyCurve } from "./report/latency-curve.js";
export { type LoadedResult, readResultFile } from "./report/read-result.js";
export { type RunVerdict, runVerdict } from "./report/run-verdict.js";
export {
  type AgentStats,
  type Audit,
  type ChaosKind,
  type ChaosStats,
  type DeadLetterStats,
  type Environment,
  type GroupStats,
  type HarnessStats,
  type LatencySummary,
  type QueueStats,
  RESULT_SCHEMA,
  type ResourceStats,
  type RunResult,
  type ThresholdOperator,
  type ThresholdOutcome,
  type TimelinePoint,
  type Totals,
} from "./result/result.js";
export {
  BENCH_SCHEMA,
  BENCH_SUITE,
  type BenchCase,
  type BenchRow,
  type BenchSuiteOptions,
  type BenchSuiteResult,
  type BenchSummary,
  benchRow,
  runBenchSuite,
} from "./run/bench-suite.js";
export type { ProgressSnapshot, RunnerOptions } from "./run/options.js";
export { resolveConfig } from "./run/resolve-config.js";
export { StressTestRunner } from "./run/runner.js";
export { findScenario, SCENARIOS, type Scenario } from "./run/scenarios.js";
export { evaluateThresholds, metricValue } from "./thresholds/evaluate.js";
export type { MetricUnit } from "./thresholds/metric-catalog.js";
// The settings' schema with threshold expressions checked too, under its public name.
export { CheckedRunSettingsSchema as RunSettingsSchema } from "./thresholds/settings-schema.js";
export { parseThreshold, type Threshold } from "./thresholds/threshold.js";
export { createRandom, type Random } from "./util/random.js";
