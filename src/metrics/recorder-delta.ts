import type { MessageType } from "../model/message.js";
import type { DeadLetterStats } from "../result/result.js";
import type { Extremes } from "./histogram.js";

/** Counts of one slice (a message type, an agent) in a worker's report. */
export interface SliceDelta {
  readonly delivered: number;
  readonly deadLettered: number;
  readonly deliveries: number;
  readonly failed: number;
  /** Deliveries received, for an agent. */
  readonly received: number;
  /**
   * End-to-end latency of the slice, compressed HDR (see LatencyHistogram.encode). Absent from
   * an agent's slice until the worker's final report, which has its whole histogram.
   */
  readonly latency?: string;
  /** Exact extremes of the sender's whole histogram for the slice, so merged ones stay exact. */
  readonly latencyExtremes?: Extremes;
}

/**
 * What one worker's recorder adds to a run: counters, and histograms in their compressed,
 * mergeable form. Used both for the deltas of one interval and, for the per-agent slices and
 * dead letters, for the worker's whole part at its end.
 */
export interface RecorderDelta {
  readonly delivered: number;
  readonly deadLettered: number;
  readonly deliveries: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly retried: number;
  readonly duplicates: number;
  /**
   * When the worker's last message so far settled, epoch ms on the coordinator's clock (the
   * worker's clock less its correction); absent before its first. Ends the run's duration.
   */
  readonly lastSettledAt?: number;
  readonly endToEnd: string;
  readonly queueWait: string;
  readonly delivery: string;
  /**
   * End-to-end latency from when the queue accepted each message (open load), on the worker's
   * own clock at both ends, so it needs no correction. Absent from workers that predate it.
   */
  readonly endToEndUncorrected?: string;
  /** Exact extremes of the sender's whole histograms, so merged ones stay exact. */
  readonly extremes: {
    readonly endToEnd?: Extremes;
    readonly queueWait?: Extremes;
    readonly delivery?: Extremes;
    readonly endToEndUncorrected?: Extremes;
  };
  readonly types: Readonly<Partial<Record<MessageType, SliceDelta>>>;
  /**
   * Per agent that changed: counts since the last report (every report while a run has at most
   * {@link AGENTS_REPORTED_EVERY_SECOND} agents, else only the final one), and in the final
   * report each agent's whole latency histogram (a histogram per agent per second would be
   * heavy).
   */
  readonly agents?: Readonly<Record<string, SliceDelta>>;
  /** Only in a worker's final report. */
  readonly deadLetters?: DeadLetterStats;
}

/** Delivered and dead-lettered messages of one slice. */
export interface OutcomeCount {
  readonly delivered: number;
  readonly deadLettered: number;
}

/** Final outcomes of a run, counted once per message, overall, by type and by sender. */
export interface OutcomeCounts extends OutcomeCount {
  readonly byType: Readonly<Partial<Record<MessageType, OutcomeCount>>>;
  readonly bySender: Readonly<Record<string, OutcomeCount>>;
  /** Distinct messages settled. */
  readonly settled: number;
  /** Settles of messages that had already settled (a redelivery, another worker's). */
  readonly duplicates: number;
}

/** Above this many agents, per-agent counts travel only in a worker's final report. */
export const AGENTS_REPORTED_EVERY_SECOND = 1000;
