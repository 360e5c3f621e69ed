import type { RunConfig, RunSettings } from "../config/run-settings.js";
import type { DeliveryCore } from "../delivery/delivery-core.js";
import type { StandingWorkers } from "../distributed/standing-workers.js";
import { coordinatorBeatTtlMs } from "../distributed/timing.js";
import { ConfigError } from "../errors.js";
import type { RunResult } from "../result/result.js";
import { checkDistributable } from "../run/distributable.js";
import { describeEnvironment } from "../run/environment.js";
import type { TimelineView } from "../run/options.js";
import { resolveConfig } from "../run/resolve-config.js";
import { StressTestRunner } from "../run/runner.js";
import { nowMs } from "../util/clock.js";
import { blindBandWarning } from "./blind-band.js";
import {
  CAPACITY_SCHEMA,
  type CapacityDocument,
  type CapacityOutcome,
  type CapacitySearchSettings,
  type CapacityStep,
  type StepPhase,
  type StepVerdict,
} from "./capacity-document.js";

/** A step lasts long enough for at least this many arrivals, at low rates beyond its length. */
export const MIN_STEP_MESSAGES = 200;

/** The settings a search sets for each step itself; given by the user, they are refused. */
export const SET_PER_STEP = [
  "load",
  "rate",
  "duration",
  "stages",
  "messagesPerAgent",
  "thresholds",
  "abortOnFail",
] as const;

/** Options of {@link findCapacity}. */
export interface CapacityOptions {
  /** The run's settings but the load: queue, core, workload, delivery. */
  readonly settings: RunSettings;
  readonly search: CapacitySearchSettings;
  /** A core instance to stress instead of the one `settings` name. */
  readonly deliveryCore?: DeliveryCore;
  /** Stops the search: the step under way ends early, and what was found so far is kept. */
  readonly signal?: AbortSignal;
  /** Told as each step begins and ends, for a progress line. */
  readonly onStepStart?: (rate: number, phase: StepPhase, durationMs: number) => void;
  readonly onStep?: (step: CapacityStep) => void;
  /** Handed to each step's run: the step so far, once a second (see RunnerOptions.onTimeline). */
  readonly onTimeline?: (view: TimelineView) => void;
}

/**
 * Find the highest arrival rate the pipeline sustains under the SLO: a warm-up, then the search
 * of `searchCapacity` (search.ts), each step a whole open run on a fresh queue, judged by
 * `judgeStep` (step-verdict.ts). Returns the document with every step, also when stopped early.
 * With `workers`, the same local worker processes serve every step (standing-workers.ts), each
 * step still a distributed run of its own; they are stopped when the search ends.
 *
 * @throws {ConfigError} for settings the search sets itself, or that do not resolve.
 */
export async function findCapacity(options: CapacityOptions): Promise<CapacityDocument> {
  const { settings, search, signal } = options;
  const given = SET_PER_STEP.find((key) => settings[key] !== undefined);
  if (given !== undefined) {
    const instead =
      given === "thresholds" || given === "abortOnFail"
        ? "the SLO every step must pass is given as slo (--slo)"
        : "the rates come from the search (--start-rate, --max-rate)";
    throw new ConfigError(`capacity sets ${given} for each step itself: leave it out; ${instead}`);
  }
  const base = { ...settings, thresholds: [...search.slo] };
  // Checked once up front, so that a bad setting is one line before any step runs.
  const config = resolveConfig({ ...base, rate: search.startRate, duration: search.stepMs });
  if (config.workers !== undefined) checkDistributable(config);
  // The search's own machinery loads with the first search, not with the library.
  const [{ searchCapacity }, { stepQueue }, { judgeStep }] = await Promise.all([
    import("./search.js"),
    import("./step-queue.js"),
    import("./step-verdict.js"),
  ]);
  const steps: CapacityStep[] = [];
  const warnings: string[] = [];
  const tag = Date.now().toString(36);
  let fault: string | undefined;
  let core = settings.core ?? "mock";
  let consumers = 1;
  const startedAt = nowMs();
  const standing = await standingWorkers(config);

  const measure = async (rate: number, phase: StepPhase): Promise<StepVerdict> => {
    if (signal?.aborted) return "stopped";
    const durationMs = stepLength(phase, rate, search);
    options.onStepStart?.(rate, phase, durationMs);
    const place = stepQueue(config.queue, tag, steps.length);
    let result: RunResult;
    try {
      result = await new StressTestRunner(
        {
          ...base,
          queue: place.queue,
          rate,
          duration: durationMs,
          seed: config.seed + steps.length,
          // A step is never resumed: what a resume needs would only add to the broker's load.
          brokerLedger: false,
          ...(options.deliveryCore ? { deliveryCore: options.deliveryCore } : {}),
          ...(signal ? { signal } : {}),
          ...(options.onTimeline ? { onTimeline: options.onTimeline } : {}),
        },
        { standingWorkers: standing },
      ).run();
    } finally {
      await place.discard();
    }
    core = result.core;
    consumers = result.workers?.length ?? 1;
    // Cut short by a stop, a step is no verdict, even with every message it made settled.
    const stopped = result.stoppedEarly || signal?.aborted === true;
    const step = judgeStep(result, phase, rate, durationMs, search.backlogTolerance, stopped);
    steps.push(step);
    options.onStep?.(step);
    if (result.fault) fault = `the step at ${rate}/s stopped on a fault: ${result.fault.reason}`;
    return step.verdict;
  };

  let outcome: CapacityOutcome;
  try {
    await measure(search.startRate, "warm-up");
    outcome = await searchCapacity(measure, search);
  } finally {
    await standing?.close();
  }
  const finishedAt = nowMs();
  const sustained = outcome.sustainedRate;
  const rateFound = sustained ?? outcome.range?.[1];
  const blind =
    rateFound === undefined
      ? undefined
      : blindBandWarning({
          rate: rateFound,
          stepMs: stepLength("ramp", rateFound, search),
          batchSize: config.batchSize,
          consumers,
          resolution: search.resolution,
        });
  if (blind !== undefined) warnings.push(blind);
  return {
    schema: CAPACITY_SCHEMA,
    config: withoutStepSettings(config),
    core,
    search,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - startedAt,
    steps,
    outcome,
    ...(search.minRate === undefined
      ? {}
      : {
          minRatePassed:
            outcome.verdict === "found" && sustained !== null && sustained >= search.minRate,
        }),
    warnings,
    ...(fault === undefined ? {} : { fault }),
    environment: describeEnvironment(),
  };
}

/**
 * The local worker processes every step shares, for a search with `workers`; none without.
 * Their Redis module loads only here.
 */
async function standingWorkers(config: RunConfig): Promise<StandingWorkers | undefined> {
  if (config.workers === undefined || config.workers === 0) return undefined;
  const { StandingWorkers } = await import("../distributed/standing-workers.js");
  return StandingWorkers.open({
    url: config.queue,
    count: config.workers,
    otlpUrl: config.otlp,
    // A step says nothing as it goes: its workers speak only when something goes wrong.
    quiet: true,
    beatTtlMs: coordinatorBeatTtlMs(config),
  });
}

/** How long a step's arrivals last: its phase's length, longer at low rates for enough messages. */
function stepLength(phase: StepPhase, rate: number, search: CapacitySearchSettings): number {
  const phaseMs =
    phase === "warm-up" ? search.warmupMs : phase === "confirm" ? search.confirmMs : search.stepMs;
  const enoughMs = (MIN_STEP_MESSAGES / rate) * 1000;
  return Math.round(phase === "warm-up" ? phaseMs : Math.max(phaseMs, enoughMs));
}

/** The configuration the steps share: the rate and duration are each step's own. */
function withoutStepSettings(config: RunConfig): RunConfig {
  const { rate: _rate, duration: _duration, ...shared } = config;
  return shared;
}
