/**
 * swarm-stress: stress-test message queues and multi-agent messaging pipelines.
 *
 * The public API, listed name by name: anything not exported here is internal and may change
 * without notice. `api/swarm-stress.api.md` pins this list and every signature in it; `npm run
 * api` rewrites it after a deliberate change.
 */

// Finding the highest arrival rate a pipeline sustains.
export {
  CAPACITY_SCHEMA,
  type CapacityDocument,
  type CapacityOutcome,
  type CapacitySearchSettings,
  type CapacityStep,
  type CapacityVerdict,
  type StepLatency,
  type StepPhase,
  type StepVerdict,
} from "./capacity/capacity-document.js";
export { type CapacityOptions, findCapacity } from "./capacity/find-capacity.js";
// Comparing two results.
export { type CompareOptions, compareResults } from "./compare/compare.js";
export {
  COMPARISON_SCHEMA,
  type ComparedRun,
  type Comparison,
  type ComparisonRow,
  type Verdict,
} from "./compare/comparison.js";
// Running: the runner, what it takes, and the settings it resolves them into.
export type { RunConfig, RunSettings } from "./config/run-settings.js";
export { SCENARIOS, type Scenario } from "./config/scenarios.js";
// The system under test: the delivery core's contract, its helpers and the mock.
export {
  DELIVERED,
  type DeliveryCore,
  type DeliveryOutcome,
  type FailedOutcome,
  type FailureHints,
  failed,
  TIMED_OUT,
} from "./delivery/delivery-core.js";
export { MockCore, type MockCoreOptions } from "./delivery/mock.js";
export type { CoreContext } from "./delivery/module.js";
// What the runner and the readers throw.
export { ConfigError, RuntimeError } from "./errors.js";
// What a run returns, as saved in `swarm-stress/result@1` files.
export type { OutcomeRecord } from "./metrics/outcome-log.js";
export type { Distribution } from "./model/distributions.js";
export type { Message, MessageType } from "./model/message.js";
// Queues: the driver contract and the drivers. SQLite, Redis and NATS come through openQueue
// only, which loads their native module and clients when asked for, never on import.
export type {
  DeadLetter,
  Lease,
  LeaseOptions,
  QueueDepth,
  QueueDriver,
} from "./queue/driver.js";
export { MemoryQueue, type MemoryQueueOptions } from "./queue/memory/memory.js";
export { openQueue, type QueueSpec } from "./queue/open-queue.js";
// Reports: the renderers are pure functions of a saved result, so a report can come later.
export { formatCapacity } from "./report/capacity-table.js";
export { type ComparisonTableOptions, formatComparison } from "./report/compare-table.js";
export { formatSummary, type SummaryOptions } from "./report/console.js";
export { renderCapacityReport } from "./report/html/capacity-report.js";
export { renderCompareReport } from "./report/html/compare-report.js";
export { renderRunReport } from "./report/html/run-report.js";
export { saveResult } from "./report/json.js";
export { formatJunit } from "./report/junit.js";
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
  type LoadStats,
  type QueueStats,
  RESULT_SCHEMA,
  type ResourceStats,
  type RunFault,
  type RunResult,
  type ThresholdOperator,
  type ThresholdOutcome,
  type TimelinePoint,
  type Totals,
  type WorkerStats,
} from "./result/result.js";
export type {
  LiveThreshold,
  ProgressSnapshot,
  RunnerOptions,
  TimelineView,
} from "./run/options.js";
// Checks settings the way the runner does, so a caller can refuse bad input before a run.
export { resolveConfig } from "./run/resolve-config.js";
export { StressTestRunner } from "./run/runner.js";
// Thresholds: parse an expression, judge a result.
export { evaluateThresholds } from "./thresholds/evaluate.js";
export type { MetricUnit } from "./thresholds/metric-catalog.js";
export { parseThreshold, type Threshold } from "./thresholds/threshold.js";
