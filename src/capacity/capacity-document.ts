import type { RunConfig } from "../config/run-settings.js";
import type {
  Environment,
  LatencySummary,
  ThresholdOutcome,
  TimelinePoint,
} from "../result/result.js";

/** Identifies the shape of {@link CapacityDocument}; bumped on any incompatible change. */
export const CAPACITY_SCHEMA = "swarm-stress/capacity@1";

/** Why a step was run: to settle the machine, to find the first failing rate, to narrow it, to hold it. */
export type StepPhase = "warm-up" | "ramp" | "bisect" | "confirm";

/**
 * What a step showed: the pipeline sustained the rate; it did not; the harness could not
 * offer it (the search cannot judge the pipeline there); or it was stopped before its end.
 */
export type StepVerdict = "sustained" | "not sustained" | "harness-limited" | "stopped";

/** The latencies a step is judged and charted by, ms. */
export type StepLatency = Pick<LatencySummary, "count" | "p50" | "p99" | "max">;

/** One step of the search: a whole open run at one rate. */
export interface CapacityStep {
  readonly phase: StepPhase;
  /** The arrival rate asked for, messages per second. */
  readonly rate: number;
  /** How long arrivals lasted, ms. */
  readonly durationMs: number;
  /** What the schedule offered, and what the queue accepted, per second. */
  readonly offeredPerSec: number;
  readonly sentPerSec: number;
  /** Messages settled per second over the step's run. */
  readonly settledPerSec: number;
  /** End-to-end latency from the intended time (corrected) and from acceptance (uncorrected). */
  readonly endToEnd: StepLatency;
  readonly endToEndUncorrected: StepLatency | null;
  readonly sendLagP99Ms: number;
  /** How fast the queue's depth grew while messages arrived, messages per second. */
  readonly depthSlopePerSec: number;
  readonly successRate: number;
  readonly dropped: number;
  /** Whether the harness kept the arrival schedule. */
  readonly scheduleKept: boolean;
  readonly verdict: StepVerdict;
  /** Why the step was not sustained, one line each; empty when it was. */
  readonly reasons: readonly string[];
  /** The SLO's thresholds judged on this step. */
  readonly slo: readonly ThresholdOutcome[];
  /** The step's seconds, for charts. */
  readonly timeline: readonly TimelinePoint[];
}

/**
 * What the search concluded:
 * - `found`: the highest rate that held, confirmed by a longer hold;
 * - `unconfirmed`: the confirmation did not hold where the search did: the rate lies in `range`;
 * - `at maximum`: even the highest rate allowed held;
 * - `none sustained`: not even the lowest rate tried held;
 * - `harness-limited`: the harness could not offer the rates the search needed;
 * - `stopped`: stopped (Ctrl-C) before the end.
 */
export type CapacityVerdict =
  | "found"
  | "unconfirmed"
  | "at maximum"
  | "none sustained"
  | "harness-limited"
  | "stopped";

/** The search's conclusion. */
export interface CapacityOutcome {
  readonly verdict: CapacityVerdict;
  /** The highest rate seen to hold and (for `found`) confirmed; null when there is none. */
  readonly sustainedRate: number | null;
  /** Where the highest sustainable rate lies when no single one can be named: [low, high]. */
  readonly range: readonly [number, number] | null;
  /** The lowest rate seen not to hold; null when none failed. */
  readonly firstFailingRate: number | null;
}

/** How the search was told to go. */
export interface CapacitySearchSettings {
  /** The SLO's thresholds, as written. */
  readonly slo: readonly string[];
  readonly startRate: number;
  readonly maxRate: number;
  /** Stop narrowing when the failing and holding rates are this close, relative (0.02: 2%). */
  readonly resolution: number;
  /** How long a step's arrivals last at least, ms (longer at low rates, for enough messages). */
  readonly stepMs: number;
  readonly warmupMs: number;
  readonly confirmMs: number;
  /** The depth growth a step may show and still hold, relative to its rate (0.01: 1%). */
  readonly backlogTolerance: number;
  /** The rate the found one must reach (`--min-rate`), if any. */
  readonly minRate?: number;
}

/** A capacity search's findings: one typed, versioned JSON document. */
export interface CapacityDocument {
  readonly schema: typeof CAPACITY_SCHEMA;
  /** The configuration every step ran with, but for the rate and duration. */
  readonly config: RunConfig;
  readonly core: string;
  readonly search: CapacitySearchSettings;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly steps: readonly CapacityStep[];
  readonly outcome: CapacityOutcome;
  /** Whether the sustained rate reached `search.minRate`; absent without one. */
  readonly minRatePassed?: boolean;
  readonly warnings: readonly string[];
  /** Set when a fault of the environment (a broker gone) stopped a step, and the search. */
  readonly fault?: string;
  readonly environment: Environment;
}
