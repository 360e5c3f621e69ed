import type { RunConfig, RunSettings } from "../config/run-settings.js";
import { findScenario } from "../config/scenarios.js";
import type { DeliveryCore } from "../delivery/delivery-core.js";
import { ConfigError } from "../errors.js";
import { distributionMean } from "../model/distributions.js";
import type { Environment, RunResult } from "../result/result.js";
import { nowMs } from "../util/clock.js";
import { describeEnvironment } from "./environment.js";
import type { TimelineView } from "./options.js";
import { StressTestRunner } from "./runner.js";

/** Identifies the shape of {@link BenchSummary}; bumped on any incompatible change. */
export const BENCH_SCHEMA = "swarm-stress/bench@1";

/**
 * Seed of every row unless told otherwise: the same seed gives the same messages and the same
 * fault decisions, so two suites differ only in how fast the machine and the code are.
 */
export const BENCH_SEED = 1;

/** One row of the benchmark suite: a named run. */
export interface BenchCase {
  readonly name: string;
  readonly description: string;
  /** The run's settings; the suite adds only the core and the seed. */
  readonly settings: Readonly<RunSettings>;
}

/** A row that runs a built-in scenario exactly as `swarm-stress run --scenario NAME` would. */
function scenarioCase(name: string): BenchCase {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`the built-in scenario "${name}" is missing`);
  return { name, description: scenario.description, settings: { scenario: name } };
}

/** The seed system's benchmark suite, in the order it runs and prints. */
export const BENCH_SUITE: readonly BenchCase[] = [
  {
    name: "small",
    description: "9 agents × 10 messages, batch 10, interval 100 ms.",
    settings: { agents: 9, messagesPerAgent: 10, batchSize: 10, interval: "100ms" },
  },
  {
    name: "medium",
    description: "9 agents × 100 messages, batch 50, interval 50 ms.",
    settings: { agents: 9, messagesPerAgent: 100, batchSize: 50, interval: "50ms" },
  },
  {
    name: "large",
    description: "9 agents × 1000 messages, batch 100, interval 10 ms.",
    settings: { agents: 9, messagesPerAgent: 1000, batchSize: 100, interval: "10ms" },
  },
  scenarioCase("max-throughput"),
  scenarioCase("realistic"),
  scenarioCase("failure"),
];

/** What one row measured, taken from its {@link RunResult}. */
export interface BenchRow {
  readonly name: string;
  /** The scenario the row's settings started from (`default` for the sized rows). */
  readonly scenario: string;
  readonly core: string;
  /** Messages generated. */
  readonly messages: number;
  readonly durationMs: number;
  /** Messages settled per second. */
  readonly messagesPerSec: number;
  /** End-to-end latency percentiles, ms. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly rssPeakMB: number;
  readonly rssAvgMB: number;
  readonly cpuPeakPct: number;
  readonly cpuAvgPct: number;
  /** Messages delivered over messages generated. */
  readonly successRate: number;
  readonly depthPeak: number;
  readonly depthAvg: number;
  /** Wall time the harness itself spent per settled message, µs. */
  readonly overheadUsPerMessage: number;
  /**
   * Messages per second the row's own knobs allow (see {@link knobCeiling}); null for a core
   * other than the mock, whose delivery time the settings do not describe.
   */
  readonly ceilingPerSec: number | null;
  /** `messagesPerSec / ceilingPerSec`; null without a ceiling. */
  readonly ofCeiling: number | null;
  readonly auditBalanced: boolean;
  readonly generatorSaturated: boolean;
  readonly stoppedEarly: boolean;
}

/** The suite's summary document, saved beside the rows' results. */
export interface BenchSummary {
  readonly schema: typeof BENCH_SCHEMA;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** Core every row used: `mock`, a module path, or the name of a core instance. */
  readonly core: string;
  readonly seed: number;
  /** True when the suite was stopped before every selected row had run to the end. */
  readonly stoppedEarly: boolean;
  readonly rows: readonly BenchRow[];
  readonly environment: Environment;
}

/** What {@link runBenchSuite} hands back: the summary and every row's full result. */
export interface BenchSuiteResult {
  readonly summary: BenchSummary;
  /** One per row of `summary.rows`, in the same order. */
  readonly results: readonly RunResult[];
}

/** Options of {@link runBenchSuite}. */
export interface BenchSuiteOptions {
  /** `mock` (the default) or the path of a delivery core module, for every row. */
  readonly core?: string;
  /** A core instance for every row, instead of `core`. */
  readonly deliveryCore?: DeliveryCore;
  /** Names of the rows to run, in any order; every row when absent. */
  readonly only?: readonly string[];
  /** Seed of every row; {@link BENCH_SEED} when absent. */
  readonly seed?: number;
  /** Stops the row running now (it reports what it measured) and skips the rest. */
  readonly signal?: AbortSignal;
  /** Called as each row starts: its name, its place among the selected rows (from 0), how many. */
  readonly onRowStart?: (name: string, index: number, total: number) => void;
  /** Called once a second with the running row so far, as a run's `onTimeline` is. */
  readonly onTimeline?: (view: TimelineView) => void;
  /** Called as each row finishes, before the next starts; awaited. */
  readonly onRow?: (row: BenchRow, result: RunResult) => void | Promise<void>;
}

/**
 * The rows named in `only` (every row when absent), in suite order. Throws a one-line
 * {@link ConfigError} naming an unknown row, so a typo fails before minutes of running.
 */
export function selectBenchCases(only?: readonly string[]): BenchCase[] {
  if (only === undefined) return [...BENCH_SUITE];
  const known = new Set(BENCH_SUITE.map((row) => row.name));
  const unknown = only.find((name) => !known.has(name));
  if (unknown !== undefined) {
    throw new ConfigError(
      `unknown bench row "${unknown}" (${BENCH_SUITE.map((row) => row.name).join(", ")})`,
    );
  }
  if (only.length === 0) throw new ConfigError("no bench row selected");
  return BENCH_SUITE.filter((row) => only.includes(row.name));
}

/**
 * Run the suite's rows one after another (never side by side: they would compete for the CPU
 * they measure) and summarise each. Rejects with a ConfigError for an unknown row or bad
 * settings and with a RuntimeError when the core cannot be loaded, as a single run does.
 */
export async function runBenchSuite(options: BenchSuiteOptions = {}): Promise<BenchSuiteResult> {
  const cases = selectBenchCases(options.only);
  const seed = options.seed ?? BENCH_SEED;
  const runners = cases.map(
    (row) =>
      // Built up front, so bad settings fail before the first row spends any time.
      new StressTestRunner({
        ...row.settings,
        seed,
        // A row is never resumed: what a resume needs would only add to the broker's load.
        brokerLedger: false,
        ...(options.core === undefined ? {} : { core: options.core }),
        ...(options.deliveryCore ? { deliveryCore: options.deliveryCore } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onTimeline ? { onTimeline: options.onTimeline } : {}),
      }),
  );
  const startedAt = nowMs();
  const rows: BenchRow[] = [];
  const results: RunResult[] = [];
  for (const [index, runner] of runners.entries()) {
    if (options.signal?.aborted) break;
    const { name } = cases[index] as BenchCase;
    options.onRowStart?.(name, index, cases.length);
    const result = await runner.run();
    const row = benchRow(name, result);
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
      environment: describeEnvironment(),
    },
    results,
  };
}

/** The suite's figures of one run: a pure function of its result. */
export function benchRow(name: string, result: RunResult): BenchRow {
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
    ofCeiling: ceiling === undefined ? null : throughput / ceiling,
    auditBalanced: result.audit.balanced,
    generatorSaturated: result.resources.generatorSaturated,
    stoppedEarly: result.stoppedEarly,
  };
}

/**
 * Messages per second a run's own knobs allow with the mock core: each batch of `batchSize`
 * takes `ceil(batchSize / concurrency)` rounds of the mean delay, then a pause of `interval`.
 * This is `batchSize / (interval + ceil(batchSize / concurrency) × mean delay)`, counted over
 * the run's actual batches (the last may be partial, and no pause follows it) so that a short
 * run is not credited with beating its ceiling.
 *
 * It counts one delivery per message, as a direct message without failures needs: broadcasts
 * (one delivery per recipient) and retries make a run fall short of it by design. Undefined
 * for a core other than the mock, with chaos on, for open load, with no messages, or when the knobs set no
 * limit at all (zero delay and zero interval: then only the harness limits the run).
 */
export function knobCeiling(config: RunConfig): number | undefined {
  if (config.core !== "mock" || config.chaos) return undefined;
  if (config.load === "open" || config.messagesPerAgent === undefined) return undefined;
  const messages = config.agents * config.messagesPerAgent;
  if (messages === 0) return undefined;
  const delay = distributionMean(config.delay);
  const rounds = (count: number): number => Math.ceil(count / config.concurrency);
  const fullBatches = Math.floor(messages / config.batchSize);
  const lastBatch = messages % config.batchSize;
  const batches = fullBatches + (lastBatch > 0 ? 1 : 0);
  const deliveringMs = (fullBatches * rounds(config.batchSize) + rounds(lastBatch)) * delay;
  const totalMs = deliveringMs + (batches - 1) * config.interval;
  if (!(totalMs > 0) || !Number.isFinite(totalMs)) return undefined;
  return (messages * 1000) / totalMs;
}
