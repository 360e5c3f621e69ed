/**
 * swarm-stress: stress-test message queues and multi-agent messaging pipelines.
 *
 * The public API, listed name by name: anything not exported here is internal and may change
 * without notice. `api/swarm-stress.api.md` pins this list and every signature in it; `npm run
 * api` rewrites it after a deliberate change.
 *
 * Importing it loads only the constants, the errors, the mock core and the in-memory queue;
 * every function and the runner come through `src/api/`, which loads the modules behind each on
 * its first call, so a program pays for the parts it uses (test/startup-modules.test.ts).
 */

// The functions and the runner, each loading what it needs on its first call.
export { compareResults, evaluateThresholds, parseThreshold } from "./api/judging.js";
export {
  formatCapacity,
  formatComparison,
  formatJunit,
  formatSummary,
  readResultFile,
  renderCapacityReport,
  renderCompareReport,
  renderRunReport,
  runVerdict,
  saveResult,
} from "./api/reports.js";
export { findCapacity, openQueue, resolveConfig, StressTestRunner } from "./api/runs.js";

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
export type { CapacityOptions } from "./capacity/find-capacity.js";
// Comparing two results.
export type { CompareOptions } from "./compare/compare.js";
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
// Queues: the driver contract and the drivers. SQLite, Redis, NATS, RabbitMQ, BullMQ and
// PostgreSQL come through openQueue only, which loads them when asked for, never on import.
export type {
  DeadLetter,
  Lease,
  LeaseOptions,
  QueueDepth,
  QueueDriver,
} from "./queue/driver.js";
export { MemoryQueue, type MemoryQueueOptions } from "./queue/memory/memory.js";
export type { QueueSpec } from "./queue/open-queue.js";
// Reports: the renderers are pure functions of a saved result, so a report can come later.
export type { ComparisonTableOptions } from "./report/compare-table.js";
export type { SummaryOptions } from "./report/console.js";
export type { LoadedResult } from "./report/read-result.js";
export type { RunVerdict } from "./report/run-verdict.js";
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
  LiveWorker,
  LiveWorkerState,
  ProgressSnapshot,
  RunnerOptions,
  TimelineView,
} from "./run/options.js";
export type { MetricUnit } from "./thresholds/metric-catalog.js";
export type { Threshold } from "./thresholds/threshold.js";
