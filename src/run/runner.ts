import type { RunConfig } from "../config/run-settings.js";
import type { RunResult } from "../result/result.js";
import { thresholdsFor } from "../thresholds/check-scope.js";
import type { Threshold } from "../thresholds/threshold.js";
import { checkDistributable } from "./distributable.js";
import type { RunInternals } from "./execute-run.js";
import { type RunnerOptions, settingsOf } from "./options.js";
import { resolveConfig } from "./resolve-config.js";
import { ignoredOnResume, resumedConfig, resumesOnBroker } from "./resume-config.js";

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
  /**
   * The resolved configuration: defaults, under the scenario, under the options. For a run
   * resumed on a broker, the settings given: the saved configuration is read from the broker
   * when `run()` starts (the result's `config` is the one that ran).
   */
  readonly config: RunConfig;

  /** True when `run()` resumes a run kept by a broker, whose configuration it reads first. */
  private readonly onBroker: boolean;

  /**
   * Throws a {@link ConfigError} with one line when a setting is invalid. `internals` are for
   * the library's own callers (a capacity search), never the public API's.
   */
  constructor(
    private readonly options: RunnerOptions = {},
    private readonly internals: RunInternals = {},
  ) {
    const { resume } = options;
    const settings = settingsOf(options);
    this.onBroker = resume === true && resumesOnBroker(settings);
    this.config = resume && !this.onBroker ? resumedConfig(settings) : resolveConfig(settings);
    this.thresholds = thresholdsFor(this.config);
    if (this.config.workers !== undefined) checkDistributable(this.config);
    this.ignoredOnResume = resume ? ignoredOnResume(settings) : [];
  }

  /** The configuration's thresholds, parsed and checked against it. */
  private readonly thresholds: readonly Threshold[];

  /** Settings given with `resume` that the saved configuration overrides. */
  private readonly ignoredOnResume: readonly string[];

  /**
   * Run to completion (or until `signal` aborts) and return the result. Rejects with a
   * {@link RuntimeError} when the core cannot be loaded or initialised; a failed audit is
   * reported in the result (`audit.balanced` false), not thrown. The core's `init` and `close`
   * are called once per run, also for a core passed as `deliveryCore`.
   */
  async run(): Promise<RunResult> {
    // A core whose init, deliveries or close never settle leaves Node nothing to wait for
    // (every other timer is unref'd), and the process would exit silently mid-run; this holds
    // it open until the run ends.
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      // The machinery of a run loads with the first run, not with the library: importing
      // swarm-stress to read a result or check settings must stay quick.
      const { executeRun } = await import("./execute-run.js");
      if (this.onBroker) {
        const { readBrokerResume } = await import("./broker-run.js");
        const { config, saved } = await readBrokerResume(settingsOf(this.options));
        return await executeRun(config, this.options, {
          thresholds: thresholdsFor(config),
          ignoredOnResume: this.ignoredOnResume,
          saved,
        });
      }
      return await executeRun(
        this.config,
        this.options,
        { thresholds: this.thresholds, ignoredOnResume: this.ignoredOnResume },
        this.internals,
      );
    } finally {
      clearInterval(keepAlive);
    }
  }
}
