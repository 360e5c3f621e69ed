import type { CapacityDocument } from "../capacity/capacity-document.js";
import type { CapacityOptions } from "../capacity/find-capacity.js";
import type { RunConfig, RunSettings } from "../config/run-settings.js";
import type { QueueDriver } from "../queue/driver.js";
import type { QueueSpec } from "../queue/open-queue.js";
import type { RunResult } from "../result/result.js";
import type { RunnerOptions } from "../run/options.js";
import type { StressTestRunner as Runner } from "../run/runner.js";
import { lazyModule } from "./load.js";

// The public API's runs. Checking settings loads the settings' schema (and zod) on first use,
// a run its machinery, a search and a queue theirs: none of it loads with the library.

const runner = lazyModule<typeof import("../run/runner.js")>("../run/runner.js");
const resolution = lazyModule<typeof import("../run/resolve-config.js")>(
  "../run/resolve-config.js",
);

/**
 * The library's entry point: one configured stress run.
 *
 * ```ts
 * const result = await new StressTestRunner({ scenario: "failure", seed: 1 }).run();
 * console.log(result.throughput.messagesPerSec, result.latency.endToEnd.p99, result.audit.balanced);
 * ```
 *
 * Each `run()` builds its queue, core, recorder and sampler afresh, so a runner can run again
 * in the same process without carrying anything over.
 */
export class StressTestRunner {
  /** The resolved configuration: defaults, under the scenario, under the options. */
  readonly config: RunConfig;

  /** The runner itself, whose module (and what checking settings needs) loads with the first. */
  readonly #runner: Runner;

  /** Throws a {@link ConfigError} with one line when a setting is invalid. */
  constructor(options: RunnerOptions = {}) {
    this.#runner = new (runner().StressTestRunner)(options);
    this.config = this.#runner.config;
  }

  /**
   * Run to completion (or until `signal` aborts) and return the result. Rejects with a
   * {@link RuntimeError} when the core cannot be loaded or initialised; a failed audit is
   * reported in the result (`audit.balanced` false), not thrown. The core's `init` and `close`
   * are called once per run, also for a core passed as `deliveryCore`.
   */
  run(): Promise<RunResult> {
    return this.#runner.run();
  }
}

/**
 * Resolve what a run was told into a complete {@link RunConfig}: defaults, under the named
 * scenario's settings, under `settings`, as the runner does. Throws a {@link ConfigError} with
 * one line naming the first bad field, so a caller can refuse bad input before a run.
 */
export function resolveConfig(settings: RunSettings, source = "settings"): RunConfig {
  return resolution().resolveConfig(settings, source);
}

/**
 * Find the highest arrival rate the pipeline sustains under the SLO: a warm-up, then a search
 * of open runs, each step on a fresh queue, each judged by the SLO. Returns the document with
 * every step, also when stopped early. Rejects with a {@link ConfigError} for settings the
 * search sets itself, or that do not resolve.
 */
export async function findCapacity(options: CapacityOptions): Promise<CapacityDocument> {
  const { findCapacity: find } = await import("../capacity/find-capacity.js");
  return find(options);
}

/**
 * Open a queue driver: the in-memory queue, or SQLite, Redis, NATS, RabbitMQ, BullMQ or
 * PostgreSQL, whose native module or client loads only when one is opened. Rejects with a
 * {@link ConfigError} for an unknown or malformed queue, or a durable queue still holding an
 * earlier run's messages or dead letters (unless `resume`), and with a {@link RuntimeError}
 * when the broker cannot be reached.
 */
export async function openQueue(spec: QueueSpec): Promise<QueueDriver> {
  const { openQueue: open } = await import("../queue/open-queue.js");
  return open(spec);
}
