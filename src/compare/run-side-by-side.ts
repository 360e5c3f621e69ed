import type { RunSettings } from "../config/run-settings.js";
import type { DeliveryCore } from "../delivery/delivery-core.js";
import { ConfigError, RuntimeError } from "../errors.js";
import { openQueue } from "../queue/open-queue.js";
import { parseQueueSpec } from "../queue/queue-spec.js";
import { redactQueueUrl } from "../queue/url-redaction.js";
import { BENCH_SEED, type BenchCase } from "../run/bench-suite.js";
import { describeEnvironment } from "../run/environment.js";
import { resolveConfig } from "../run/resolve-config.js";
import { StressTestRunner } from "../run/runner.js";
import { nowMs } from "../util/clock.js";
import {
  buildSideBySide,
  type ComparedQueue,
  interleavedOrder,
  type SideBySideRun,
  type SideBySideSummary,
} from "./side-by-side.js";

/** Rounds of a comparison unless told otherwise: the least that gives a median worth the name. */
export const DEFAULT_REPEAT = 3;

/** Options of {@link runSideBySide}. */
export interface SideBySideOptions {
  /** Queue settings as the user wrote them (`memory`, `sqlite:PATH`, broker URLs). */
  readonly queues: readonly string[];
  /** The one workload every run uses: a row of the bench suite. */
  readonly workload: BenchCase;
  /** Rounds; each runs every queue once. {@link DEFAULT_REPEAT} when absent. */
  readonly repeat?: number;
  /** `mock` (the default) or the path of a delivery core module, for every run. */
  readonly core?: string;
  /** A core instance for every run, instead of `core`. */
  readonly deliveryCore?: DeliveryCore;
  /** Seed of every run: the same messages on every queue. {@link BENCH_SEED} when absent. */
  readonly seed?: number;
  /** Stops the run under way (it reports what it measured) and skips the rest. */
  readonly signal?: AbortSignal;
  /** Called as each run finishes, before the next starts; awaited. */
  readonly onRun?: (run: SideBySideRun, queue: ComparedQueue) => void | Promise<void>;
}

/** A comparison checked and its brokers reached, ready to run. */
export interface PreparedSideBySide {
  readonly queues: readonly ComparedQueue[];
  /** Rounds it will run. */
  readonly repeat: number;
  /** Run every round; `signal` and `onRun` as in {@link SideBySideOptions}. */
  run(hooks?: Pick<SideBySideOptions, "signal" | "onRun">): Promise<SideBySideResult>;
}

/** What {@link runSideBySide} hands back: the summary and every run, in the order they ran. */
export interface SideBySideResult {
  readonly summary: SideBySideSummary;
  readonly runs: readonly SideBySideRun[];
}

/**
 * The queues to compare, checked: each parsed (a malformed one is a one-line ConfigError with
 * any password hidden), none twice (its runs could not be told apart), and labelled with the
 * password hidden so the label can be printed and saved.
 *
 * @throws {ConfigError} for no queue, a bad one, or one given twice.
 */
export function comparedQueues(queues: readonly string[]): ComparedQueue[] {
  if (queues.length === 0) throw new ConfigError("--queue: name at least one queue to compare");
  const seen = new Set<string>();
  return queues.map((setting) => {
    const spec = parseQueueSpec(setting);
    const label = redactQueueUrl(setting);
    if (seen.has(setting)) throw new ConfigError(`--queue ${JSON.stringify(label)} given twice`);
    seen.add(setting);
    return { label, kind: spec.kind };
  });
}

/**
 * Run one workload on every queue, interleaved and repeated (see `interleavedOrder`), each run
 * on a fresh queue of its own that is removed after it (`stepQueue`, as capacity steps do), so
 * no run ever sees another's messages and the user's own queue is never touched. Before any
 * run, every setting is checked and every queue opened once (see {@link prepareSideBySide}).
 */
export async function runSideBySide(options: SideBySideOptions): Promise<SideBySideResult> {
  return (await prepareSideBySide(options)).run(options);
}

/**
 * Check every setting and open every queue once (a fresh one, removed again), so that a bad
 * queue fails with a ConfigError and an unreachable broker with a RuntimeError before any run,
 * and before the caller makes anything (an output directory) that a failure would leave behind.
 */
export async function prepareSideBySide(
  options: Omit<SideBySideOptions, "signal" | "onRun">,
): Promise<PreparedSideBySide> {
  const repeat = options.repeat ?? DEFAULT_REPEAT;
  if (!Number.isInteger(repeat) || repeat < 1) {
    throw new ConfigError(`--repeat: expected a whole number of at least 1, got ${repeat}`);
  }
  const queues = comparedQueues(options.queues);
  const seed = options.seed ?? BENCH_SEED;
  const settingsFor = (queue: string): RunSettings => ({
    ...options.workload.settings,
    seed,
    queue,
    ...(options.core === undefined ? {} : { core: options.core }),
  });
  // Checked up front, so that bad settings are one line before anything runs.
  const configs = options.queues.map((queue) => resolveConfig(settingsFor(queue)));
  const { stepQueue } = await import("../capacity/step-queue.js");
  const tag = Date.now().toString(36);
  let fresh = 0;
  const place = (setting: string) => stepQueue(setting, tag, fresh++, "bench");
  for (const [index, setting] of options.queues.entries()) {
    const config = configs[index];
    if (config === undefined) continue;
    const probe = place(setting);
    try {
      const driver = await openQueue({
        driver: probe.queue,
        capacity: config.queueCapacity,
        visibilityMs: config.visibilityTimeout,
      });
      await driver.close();
    } finally {
      await probe.discard();
    }
  }
  const runAll = async (
    hooks: Pick<SideBySideOptions, "signal" | "onRun"> = {},
  ): Promise<SideBySideResult> => {
    const { signal, onRun } = hooks;
    const startedAt = nowMs();
    const runs: SideBySideRun[] = [];
    let core = options.deliveryCore?.name ?? options.core ?? "mock";
    let fault: string | undefined;
    outer: for (const [round, order] of interleavedOrder(queues.length, repeat).entries()) {
      for (const [position, queue] of order.entries()) {
        if (signal?.aborted) break outer;
        const label = (queues[queue] as ComparedQueue).label;
        const own = place(options.queues[queue] as string);
        let run: SideBySideRun;
        try {
          const result = await new StressTestRunner({
            ...settingsFor(own.queue),
            // A run compared is never resumed: what a resume needs would load its broker more.
            brokerLedger: false,
            ...(options.deliveryCore ? { deliveryCore: options.deliveryCore } : {}),
            ...(signal ? { signal } : {}),
          }).run();
          run = { queue, round, position, result };
        } catch (error) {
          // A broker that went away after the probe: the runs so far still make a comparison.
          if (!(error instanceof RuntimeError) || runs.length === 0) throw error;
          fault = `${label}, round ${round + 1}: ${error.message}`;
          break outer;
        } finally {
          await own.discard();
        }
        core = run.result.core;
        runs.push(run);
        await onRun?.(run, queues[queue] as ComparedQueue);
        // The environment failed under this run: later runs would measure the failure, not
        // the queues, so the comparison ends with what it has.
        if (run.result.fault) {
          fault = `${label}, round ${round + 1}: ${run.result.fault.reason}`;
          break outer;
        }
      }
    }
    const summary = buildSideBySide(runs, {
      workload: options.workload.name,
      core,
      seed,
      repeat,
      queues,
      startedAt,
      finishedAt: nowMs(),
      environment: describeEnvironment(),
      ...(fault === undefined ? {} : { fault }),
    });
    return { summary, runs };
  };
  return { queues, repeat, run: runAll };
}
