import type { RunSettings } from "../config/run-settings.js";
import type { DeliveryCore } from "../delivery/delivery-core.js";
import type { LiveWorker } from "../distributed/live-workers.js";
import type { ChaosKind, TimelinePoint } from "../result/result.js";

export type { LiveWorker, LiveWorkerState } from "../distributed/live-workers.js";

/** A live view of a run, handed to {@link RunnerOptions.onProgress} about ten times a second. */
export interface ProgressSnapshot {
  readonly elapsedMs: number;
  /**
   * Messages the run will generate in all: exact for a closed run and for uniform arrivals,
   * the expected number for Poisson arrivals.
   */
  readonly total: number;
  readonly generated: number;
  /** Messages delivered or dead-lettered so far. */
  readonly settled: number;
  readonly delivered: number;
  readonly deadLettered: number;
  /** Failed delivery attempts so far. */
  readonly failed: number;
  /** Messages settled per second over the last second. */
  readonly ratePerSec: number;
  /** End-to-end p99 over the last second, in ms. */
  readonly endToEndP99Ms: number;
  /** Messages in the queue (ready + delayed + leased). */
  readonly depth: number;
}

/** A threshold as judged while the run goes on. */
export interface LiveThreshold {
  /** As written, e.g. `latency.endToEnd.p99<5ms`. */
  readonly expression: string;
  /**
   * Why it can no longer pass whatever the rest of the run does; absent while it still can.
   * Judged on sound bounds only (thresholds/live-check.ts), so a lost threshold stays lost.
   */
  readonly lost?: string;
}

/**
 * The run so far, handed to {@link RunnerOptions.onTimeline} each time a timeline point closes
 * (once a second, and once more as the run ends): what a live dashboard draws.
 */
export interface TimelineView {
  readonly elapsedMs: number;
  /** The timeline's points so far, as the result will hold them. */
  readonly timeline: readonly TimelinePoint[];
  /** The run's thresholds, in their order. */
  readonly thresholds: readonly LiveThreshold[];
  /** Chaos episodes so far by kind; absent for a run without chaos in this process. */
  readonly chaos?: Readonly<Record<ChaosKind, number>>;
  /**
   * A distributed run's workers so far, in the order they joined, with what each has reported;
   * absent for a run in one process.
   */
  readonly workers?: readonly LiveWorker[];
  /** True for the last view, sent as the run's sampling stops. */
  readonly final: boolean;
}

/**
 * Options of {@link StressTestRunner}: the run's settings (as in a config file) plus what only
 * code can pass.
 */
export interface RunnerOptions extends RunSettings {
  /** A core instance to stress instead of the one named by `core`. */
  readonly deliveryCore?: DeliveryCore;
  /** Stops the run early; the result then reports what is still pending. */
  readonly signal?: AbortSignal;
  /**
   * Continue the run kept in the `queue: "sqlite:PATH"` file, or beside a broker's queue (its
   * run ledger), with the configuration saved there (other settings are ignored); what settled
   * before counts in the result. A broker's is read when `run()` starts.
   */
  readonly resume?: boolean;
  /**
   * Keep the run ledger a `resume` needs beside a broker's queue (default true). A run that is
   * never resumed (a capacity step, a bench row, each on a queue of its own) leaves it out:
   * every outcome it would keep is one more write to the broker under test.
   */
  readonly brokerLedger?: boolean;
  /** Called with a line worth telling a person: a distributed run's id, a lost worker. */
  readonly onNotice?: (line: string) => void;
  /** Called about ten times a second with a live view of the run. */
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
  /** Called once a second, as each timeline point closes, with the run so far. */
  readonly onTimeline?: (view: TimelineView) => void;
}

/** The run's settings among `options`: everything but what only code can pass. */
export function settingsOf(options: RunnerOptions): RunSettings {
  const {
    deliveryCore: _core,
    signal: _signal,
    resume: _resume,
    onNotice: _notice,
    onProgress: _progress,
    onTimeline: _timeline,
    brokerLedger: _ledger,
    ...settings
  } = options;
  return settings;
}
