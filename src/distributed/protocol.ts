import type { RunConfig } from "../config/run-settings.js";
import type { RecorderDelta } from "../metrics/recorder-delta.js";
import type { SamplerSummary } from "../metrics/sampler.js";
import type { ProcessorTimes } from "../processor/times.js";

/**
 * A run's OTLP export as its coordinator publishes it: every process of the run exports its own
 * metrics, under the run's id, to this collector.
 */
export interface PublishedOtlp {
  /** The collector's URL without the password of its user information, if it had one. */
  readonly url: string;
  /**
   * The URL had a password, left out: a worker started by hand must be given the URL itself
   * (the coordinator's local workers find it in their environment, {@link OTLP_URL_ENV}).
   */
  readonly passwordWithheld: boolean;
}

/** What a coordinator publishes for workers to join its run. */
export interface RunDescriptor {
  readonly id: string;
  /**
   * The run's configuration; its `queue` has no password (workers bring their own URL), and it
   * has no `otlp` (see {@link otlp}).
   */
  readonly config: RunConfig;
  /** Where the run's metrics go, when it exports them (`--otlp`). */
  readonly otlp?: PublishedOtlp;
  /** The queue stream the coordinator fills and the workers consume. */
  readonly stream: string;
  /** Epoch ms on the coordinator's clock. */
  readonly startedAt: number;
  readonly coordinator: { readonly host: string; readonly pid: number };
  /**
   * How far the coordinator's clock is ahead of the Redis server's, ms. Messages' scheduled
   * times are on the coordinator's clock; a worker on another machine measures its own offset
   * and corrects end-to-end latency by the difference.
   */
  readonly clockOffsetMs: number;
}

/**
 * Set (to `1`) in the environment of the workers a coordinator starts itself: when Redis
 * fails the run they exit 3 without a line of their own, since they write to the
 * coordinator's terminal and the coordinator reports the same fault.
 */
export const LOCAL_WORKER_ENV = "SWARM_STRESS_LOCAL_WORKER";

/**
 * Set for the local workers of a run that says nothing as it goes (a run without notices, such
 * as each step of a capacity search): they say nothing routine either, only what went wrong.
 */
export const QUIET_WORKER_ENV = "SWARM_STRESS_QUIET_WORKER";

/**
 * Set (to a pool id) for local workers that serve one run after another (see
 * `standing-workers.ts`): after each run, such a worker waits for the next one its owner
 * announces under that id, until the owner stops it or is gone.
 */
export const SERVE_POOL_ENV = "SWARM_STRESS_SERVE_POOL";

/**
 * The OTLP collector's URL, password included, in the environment of the workers a coordinator
 * starts itself: kept out of the published run and out of `ps`, as the queue URL is.
 */
export const OTLP_URL_ENV = "SWARM_STRESS_OTLP";

/** Where a run stands, as the coordinator says. */
export type RunPhase = "producing" | "produced" | "stopped" | "finished";

/** What a worker says about itself when it joins a run. */
export interface WorkerInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** Epoch ms on the worker's clock. */
  readonly joinedAt: number;
  /**
   * What the worker adds to a message's scheduled time to put it on its own clock: its offset
   * to Redis less the coordinator's; 0 on the coordinator's machine (one clock).
   */
  readonly clockCorrectionMs: number;
}

/** One interval of a worker's work, sent through Redis; the coordinator adds them up. */
export interface WorkerReport {
  readonly worker: string;
  /** 1, 2, …: a gap means a report was lost. */
  readonly seq: number;
  /** End of the interval, epoch ms on the worker's clock. */
  readonly at: number;
  /** The worker's last report: it stopped processing. */
  readonly final: boolean;
  /** What its recorder gained in the interval (per agent and dead letters: its whole part). */
  readonly part: RecorderDelta;
  /** The worker process's latest sample. */
  readonly resources: { readonly rssMB: number; readonly heapMB: number; readonly cpuPct: number };
  /** Processor time spent in the interval. */
  readonly times: ProcessorTimes;
  /** The worker's resource summary over its whole part; in the final report. */
  readonly summary?: SamplerSummary;
  /** What went wrong beside the run that the result should say (its OTLP export); final only. */
  readonly warnings?: readonly string[];
}
